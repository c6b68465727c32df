package dev.signet.server.service.access;

import dev.signet.core.policy.AttachedPolicy;
import dev.signet.core.policy.CallerPrincipal;
import dev.signet.core.policy.PolicyCache;
import dev.signet.core.policy.PolicyKind;
import dev.signet.core.policy.PolicySet;
import dev.signet.server.service.iam.IamGroup;
import dev.signet.server.service.iam.IamGroupRepository;
import dev.signet.server.service.iam.IamRole;
import dev.signet.server.service.iam.IamRoleRepository;
import dev.signet.server.service.iam.IamUserRepository;
import dev.signet.server.service.iam.InlinePolicyRepository;
import dev.signet.server.service.iam.ManagedPolicy;
import dev.signet.server.service.iam.ManagedPolicyRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The identity-based policies of IAM users and roles, compiled and cached per principal, so that a
 * request costs no database query in steady state.
 *
 * <p>A user's policies are its inline policies, the default versions of the managed policies
 * attached to it, and the inline and attached policies of every group it is in (Signet stores no
 * permissions boundaries). A role's are its inline and attached policies.
 *
 * <p>Freshness: every IAM change on this node calls {@link #invalidateAll} after it is written
 * (IAM's writes are few; the whole cache goes), so the next request of any principal reads its
 * policies again. Whatever another node of a cluster changed is seen here once an entry is older
 * than the staleness bound. An entry read while a change was being written belongs to the old
 * generation and is not used again: a reader takes the generation before it reads.
 *
 * <p>A stored document that no longer parses fails the lookup ({@link IllegalStateException}),
 * which the authorizer answers with a denial: a policy that cannot be read might have held a Deny.
 */
public final class IdentityPolicies {
    static final int MAX_ENTRIES = 10_000;
    /** Every stored document was checked against IAM's quotas; this bound only keeps parsing cheap. */
    private static final int MAX_CHARS = 131_072;

    /** What a principal brings to an evaluation: who it is and its identity-based policies. */
    public record Identity(CallerPrincipal principal, PolicySet policies) {
        public Identity {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(policies, "policies");
        }
    }

    /** A role's ARN (with its path), tags and identity-based policies, for a session of the role. */
    public record RolePolicies(String roleArn, String roleId, Map<String, String> tags, List<AttachedPolicy> policies) {
        public RolePolicies {
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(roleId, "roleId");
            tags = Map.copyOf(tags);
            policies = List.copyOf(policies);
        }
    }

    /** The IAM storage the policies are read from. */
    public record Sources(
            IamUserRepository users,
            IamGroupRepository groups,
            IamRoleRepository roles,
            InlinePolicyRepository inline,
            ManagedPolicyRepository managed) {
        public Sources {
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(groups, "groups");
            Objects.requireNonNull(roles, "roles");
            Objects.requireNonNull(inline, "inline");
            Objects.requireNonNull(managed, "managed");
        }
    }

    /**
     * A policy with where it comes from, as IAM's simulation names it: {@code sourceType} {@code
     * user}, {@code group} or {@code role} for an inline policy ({@code sourceId} its name), {@code
     * user-managed} or {@code aws-managed} for a managed policy ({@code sourceId} its ARN).
     */
    public record SourcedPolicy(AttachedPolicy policy, String sourceType, String sourceId) {
        public SourcedPolicy {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(sourceType, "sourceType");
            Objects.requireNonNull(sourceId, "sourceId");
        }
    }

    private record Entry(Object value, long generation, Instant readAt) {}

    private final Sources sources;
    private final PolicyCache compiled;
    private final Clock clock;
    private final Duration staleness;
    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public IdentityPolicies(Sources sources, PolicyCache compiled, Clock clock, Duration staleness) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.compiled = Objects.requireNonNull(compiled, "compiled");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleness = Objects.requireNonNull(staleness, "staleness");
    }

    /** The storage the policies are read from (policy simulation finds its principals there). */
    public Sources sources() {
        return sources;
    }

    /**
     * The IAM user {@code userId} ({@code AIDA...}) as the evaluator sees it: its ARN, id and tags,
     * and its policies. A user deleted since it authenticated has no policies.
     */
    public Identity user(String userId, String userArn) {
        return cached("user:" + userId, () -> loadUser(userId, userArn), Identity.class);
    }

    /**
     * The policies of role {@code roleName} in {@code accountId}: what a session of the role is
     * evaluated with. Empty when the role does not exist (any more).
     */
    public Optional<RolePolicies> role(String accountId, String roleName) {
        @SuppressWarnings("unchecked")
        Optional<RolePolicies> role = cached(
                "role:" + accountId + ":" + roleName.toLowerCase(Locale.ROOT),
                () -> loadRole(accountId, roleName),
                Optional.class);
        return role;
    }

    /**
     * The policies a request of user {@code userId} is evaluated with (its own, then its groups'),
     * read now, with their sources: what SimulatePrincipalPolicy evaluates. The same reading as
     * {@link #user}'s.
     */
    public List<SourcedPolicy> userPolicies(String userId) {
        List<SourcedPolicy> policies = new ArrayList<>();
        addPoliciesOf(userId, "user", policies);
        for (IamGroup group : sources.groups().groupsOf(userId)) {
            addPoliciesOf(group.groupId(), "group", policies);
        }
        return policies;
    }

    /** A group's inline and attached policies, read now, with their sources. */
    public List<SourcedPolicy> groupPolicies(String groupId) {
        List<SourcedPolicy> policies = new ArrayList<>();
        addPoliciesOf(groupId, "group", policies);
        return policies;
    }

    /** A role's inline and attached policies, read now, with their sources: what its sessions get. */
    public List<SourcedPolicy> rolePolicies(String roleId) {
        List<SourcedPolicy> policies = new ArrayList<>();
        addPoliciesOf(roleId, "role", policies);
        return policies;
    }

    /** Drops every cached entry: called after each IAM change on this node. */
    public void invalidateAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    private <T> T cached(String key, Supplier<T> load, Class<?> type) {
        Instant now = clock.instant();
        long current = generation.get();
        Entry entry = entries.get(key);
        if (entry != null
                && entry.generation() == current
                && !now.isBefore(entry.readAt())
                && now.isBefore(entry.readAt().plus(staleness))) {
            @SuppressWarnings("unchecked")
            T value = (T) type.cast(entry.value());
            return value;
        }
        T value = load.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        // an entry read during a change carries the generation before it, so it is never used again
        entries.put(key, new Entry(value, current, now));
        return value;
    }

    private Identity loadUser(String userId, String userArn) {
        if (sources.users().findById(userId).isEmpty()) {
            return new Identity(CallerPrincipal.user(userArn, userId, Map.of()), PolicySet.identityOnly(List.of()));
        }
        List<AttachedPolicy> policies = attached(userPolicies(userId));
        return new Identity(
                CallerPrincipal.user(userArn, userId, sources.users().tags(userId)), PolicySet.identityOnly(policies));
    }

    private Optional<RolePolicies> loadRole(String accountId, String roleName) {
        Optional<IamRole> role = sources.roles().find(accountId, roleName);
        if (role.isEmpty()) {
            return Optional.empty();
        }
        List<AttachedPolicy> policies = attached(rolePolicies(role.get().roleId()));
        return Optional.of(new RolePolicies(
                role.get().arn(), role.get().roleId(), role.get().tags(), policies));
    }

    private static List<AttachedPolicy> attached(List<SourcedPolicy> sourced) {
        List<AttachedPolicy> policies = new ArrayList<>(sourced.size());
        for (SourcedPolicy policy : sourced) {
            policies.add(policy.policy());
        }
        return policies;
    }

    /** An owner's (user's, group's or role's) inline policies and attached managed policies. */
    private void addPoliciesOf(String ownerId, String ownerType, List<SourcedPolicy> out) {
        for (String name : sources.inline().names(ownerId)) {
            sources.inline()
                    .find(ownerId, name)
                    .ifPresent(p -> out.add(new SourcedPolicy(
                            new AttachedPolicy(p.name(), compile(p.document(), p.name())), ownerType, p.name())));
        }
        for (ManagedPolicy policy : sources.managed().attachedTo(ownerId)) {
            ManagedPolicyRepository.Version version = sources.managed()
                    .version(policy.policyId(), policy.defaultVersion())
                    .orElseThrow(() -> new IllegalStateException(
                            "policy " + policy.arn() + " has no version " + policy.defaultVersion()));
            out.add(new SourcedPolicy(
                    new AttachedPolicy(policy.arn(), compile(version.document(), policy.arn())),
                    policy.arn().contains(":iam::aws:policy/") ? "aws-managed" : "user-managed",
                    policy.arn()));
        }
    }

    private dev.signet.core.policy.Policy compile(String document, String name) {
        try {
            return compiled.get(document, PolicyKind.IDENTITY, MAX_CHARS);
        } catch (RuntimeException e) {
            throw new IllegalStateException("stored policy " + name + " cannot be read: " + e.getMessage(), e);
        }
    }
}
