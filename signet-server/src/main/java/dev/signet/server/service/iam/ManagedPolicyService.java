package dev.signet.server.service.iam;

import dev.signet.core.policy.PolicyKind;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Customer managed policies in the caller's account: CreatePolicy (with its default version v1),
 * GetPolicy, GetPolicyVersion, DeletePolicy (DeleteConflict while attached), ListPolicies,
 * Attach/Detach to users, groups and roles (at most {@value #MAX_ATTACHED} per entity) and the
 * listings of what is attached. A document passes the model's constraints, the {@link
 * PolicyDocumentCheck} and IAM's quota of 6,144 non-whitespace characters. AWS managed policies
 * ({@code arn:aws:iam::aws:policy/...}) do not exist here.
 */
public final class ManagedPolicyService {
    static final int MAX_ATTACHED = 10;
    static final int DOCUMENT_QUOTA = 6144;
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final Pattern POLICY_PATH = Pattern.compile("((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");

    private final ManagedPolicyRepository policies;
    private final IamUserService users;
    private final IamGroupService groups;
    private final IamRoleService roles;
    private final PolicyDocumentCheck check;
    private final Arns arns;
    private final PageTokens markers;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** One page of ListPolicies. */
    public record PolicyPage(List<ManagedPolicy> policies, Optional<String> marker) {
        public PolicyPage {
            policies = List.copyOf(policies);
            Objects.requireNonNull(marker, "marker");
        }
    }

    /** The kinds of entity a managed policy attaches to. */
    public enum Target {
        USER,
        GROUP,
        ROLE
    }

    public ManagedPolicyService(
            ManagedPolicyRepository policies,
            IamUserService users,
            IamGroupService groups,
            IamRoleService roles,
            PolicyDocumentCheck check,
            Arns arns,
            PageTokens markers,
            Clock clock) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.users = Objects.requireNonNull(users, "users");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.check = Objects.requireNonNull(check, "check");
        this.arns = Objects.requireNonNull(arns, "arns");
        this.markers = Objects.requireNonNull(markers, "markers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ManagedPolicy create(
            Caller caller,
            String policyName,
            Optional<String> path,
            String document,
            Optional<String> description,
            Map<String, String> tags) {
        IamValidation.policyName("policyName", policyName);
        String p = path.map(v -> policyPath("path", v)).orElse("/");
        IamValidation.policyDocument("policyDocument", document);
        description.ifPresent(d -> {
            if (d.length() > 1000) {
                throw IamErrors.validation("description", d, "Member must have length less than or equal to 1000");
            }
        });
        Map<String, String> checked = IamValidation.tags(tags);
        check.check(document, PolicyKind.IDENTITY);
        if (document.chars().filter(c -> !Character.isWhitespace(c)).count() > DOCUMENT_QUOTA) {
            throw IamErrors.limitExceeded("Cannot exceed quota for PolicySize: " + DOCUMENT_QUOTA);
        }
        ManagedPolicy policy = new ManagedPolicy(
                newPolicyId(),
                caller.accountId(),
                p,
                policyName,
                "arn:" + arns.partition() + ":iam::" + caller.accountId() + ":policy" + p + policyName,
                description,
                "v1",
                0,
                checked,
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        if (policies.create(policy, document) == ManagedPolicyRepository.Outcome.ALREADY_EXISTS) {
            throw new ServiceException(
                    "EntityAlreadyExists",
                    409,
                    "A policy called " + policyName + " already exists. Duplicate names are not allowed.");
        }
        return policy;
    }

    /** The policy with that ARN in the caller's account, or NoSuchEntity. */
    public ManagedPolicy get(Caller caller, String policyArn) {
        IamValidation.arn("policyArn", policyArn);
        return policies.findByArn(policyArn)
                .filter(p -> p.accountId().equals(caller.accountId()))
                .orElseThrow(() -> new ServiceException(
                        "NoSuchEntity", 404, "Policy " + policyArn + " does not exist or is not attachable."));
    }

    public ManagedPolicyRepository.Version version(Caller caller, String policyArn, String versionId) {
        ManagedPolicy policy = get(caller, policyArn);
        if (!versionId.matches("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?")) {
            throw IamErrors.validation(
                    "versionId",
                    versionId,
                    "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
        }
        return policies.version(policy.policyId(), versionId)
                .orElseThrow(() -> new ServiceException(
                        "NoSuchEntity", 404, "Policy " + policyArn + " version " + versionId + " does not exist."));
    }

    public void delete(Caller caller, String policyArn) {
        ManagedPolicy policy = get(caller, policyArn);
        if (policies.delete(policy.policyId()) == ManagedPolicyRepository.Outcome.ATTACHED) {
            throw IamErrors.deleteConflict("Cannot delete a policy attached to entities.");
        }
    }

    /** ListPolicies: the account's own policies (Scope All or Local; AWS lists none here). */
    public PolicyPage list(
            Caller caller,
            Optional<String> scope,
            boolean onlyAttached,
            Optional<String> pathPrefix,
            Optional<String> marker,
            Optional<Integer> max) {
        String s = scope.orElse("All");
        if (!List.of("All", "AWS", "Local").contains(s)) {
            throw IamErrors.validation("scope", s, "Member must satisfy enum value set: [All, AWS, Local]");
        }
        String prefix = pathPrefix.map(v -> policyPath("pathPrefix", v)).orElse("/");
        marker.ifPresent(m -> IamValidation.marker("marker", m));
        int limit = IamValidation.maxItems(max);
        if (s.equals("AWS")) {
            return new PolicyPage(List.of(), Optional.empty());
        }
        String fingerprint = "ListPolicies\n" + caller.accountId() + "\n" + prefix + "\n" + onlyAttached;
        IamListing.Page<ManagedPolicy> page = IamListing.page(
                markers,
                fingerprint,
                marker,
                limit,
                "filters",
                (after, n) -> policies.list(caller.accountId(), prefix, onlyAttached, after, n),
                ManagedPolicy::policyName);
        return new PolicyPage(page.items(), page.marker());
    }

    public void attach(Caller caller, Target target, String name, String policyArn) {
        String ownerId = ownerId(caller, target, name);
        ManagedPolicy policy = get(caller, policyArn);
        if (policies.attach(policy.policyId(), ownerId, MAX_ATTACHED) == ManagedPolicyRepository.Outcome.TOO_MANY) {
            String quota = switch (target) {
                case USER -> "PoliciesPerUser";
                case GROUP -> "PoliciesPerGroup";
                case ROLE -> "PoliciesPerRole";
            };
            throw IamErrors.limitExceeded("Cannot exceed quota for " + quota + ": " + MAX_ATTACHED);
        }
    }

    public void detach(Caller caller, Target target, String name, String policyArn) {
        String ownerId = ownerId(caller, target, name);
        ManagedPolicy policy = get(caller, policyArn);
        if (policies.detach(policy.policyId(), ownerId) == ManagedPolicyRepository.Outcome.NOT_FOUND) {
            throw new ServiceException("NoSuchEntity", 404, "Policy " + policyArn + " was not found.");
        }
    }

    public List<ManagedPolicy> attached(
            Caller caller,
            Target target,
            String name,
            Optional<String> pathPrefix,
            Optional<String> marker,
            Optional<Integer> max) {
        String prefix = pathPrefix.map(v -> policyPath("pathPrefix", v)).orElse("/");
        marker.ifPresent(m -> IamValidation.marker("marker", m));
        IamValidation.maxItems(max);
        return policies.attachedTo(ownerId(caller, target, name)).stream()
                .filter(p -> p.path().startsWith(prefix))
                .toList();
    }

    private String ownerId(Caller caller, Target target, String name) {
        return switch (target) {
            case USER -> users.find(caller, name).userId();
            case GROUP -> groups.find(caller, name).groupId();
            case ROLE -> roles.get(caller, name).roleId();
        };
    }

    private static String policyPath(String member, String value) {
        if (value.isEmpty()
                || value.length() > 512
                || !POLICY_PATH.matcher(value).matches()) {
            throw IamErrors.validation(
                    member,
                    value,
                    value.length() > 512
                            ? "Member must have length less than or equal to 512"
                            : "Member must satisfy regular expression pattern: " + POLICY_PATH.pattern());
        }
        return value;
    }

    private String newPolicyId() {
        StringBuilder id = new StringBuilder("ANPA");
        for (int i = 0; i < 17; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
