package dev.signet.server.service.permission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.policy.AttachedPolicy;
import dev.signet.core.policy.PolicyCache;
import dev.signet.core.policy.PolicyKind;
import dev.signet.server.service.Arns;
import dev.signet.server.service.access.ResourcePolicies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Signing profiles' resource policies as the evaluator reads them, and the {@link
 * PermissionRepository} the permission service writes through, so that a change drops the cached
 * policy at once: RemoveProfilePermission takes effect on this node's next request. Another node
 * of a cluster sees the change once its entry is older than the staleness bound.
 *
 * <p>Each AddProfilePermission statement becomes {@code Allow} of its action to its principal on
 * the profile's ARN; a statement naming a {@code profileVersion} holds only when the request's
 * {@code signer:ProfileVersion} is that version. A {@code signer:RevokeSignature} statement also
 * covers the profile's signing jobs: a job ARN's resource policy is its profile's.
 */
public final class ProfileResourcePolicies implements ResourcePolicies, PermissionRepository {
    static final int MAX_ENTRIES = 10_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROFILES = ":/signing-profiles/";
    private static final String JOBS = ":/signing-jobs/";

    /** The owner and profile of a signing job, looked up for a RevokeSignature. */
    public record JobProfile(String ownerAccount, String profileName) {}

    private record Entry(Optional<AttachedPolicy> policy, long generation, Instant readAt) {}

    private final PermissionRepository stored;
    private final Function<String, Optional<JobProfile>> jobs;
    private final PolicyCache compiled;
    private final Arns arns;
    private final String signerPrefix;
    private final Clock clock;
    private final Duration staleness;
    /** Bumped by every change: an entry of an older generation is read again. */
    private final AtomicLong generation = new AtomicLong();

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param jobs a job id's owner and profile, for job ARNs (RevokeSignature)
     */
    public ProfileResourcePolicies(
            PermissionRepository stored,
            Function<String, Optional<JobProfile>> jobs,
            PolicyCache compiled,
            Arns arns,
            Clock clock,
            Duration staleness) {
        this.stored = Objects.requireNonNull(stored, "stored");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.compiled = Objects.requireNonNull(compiled, "compiled");
        this.arns = Objects.requireNonNull(arns, "arns");
        this.signerPrefix = "arn:" + arns.partition() + ":signer:" + arns.region() + ":";
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleness = Objects.requireNonNull(staleness, "staleness");
    }

    /**
     * The resource policy of a profile ARN ({@code .../signing-profiles/NAME}, also with a version
     * suffix) or a job ARN (its profile's); cached by the ARN as asked, so a request that hits the
     * cache allocates nothing here.
     */
    @Override
    public Optional<AttachedPolicy> of(String resourceArn) {
        Instant now = clock.instant();
        long current = generation.get();
        Entry entry = entries.get(resourceArn);
        if (entry != null
                && entry.generation() == current
                && !now.isBefore(entry.readAt())
                && now.isBefore(entry.readAt().plus(staleness))) {
            return entry.policy();
        }
        Optional<AttachedPolicy> policy = lookUp(resourceArn);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        // read under the generation taken before it: a change made meanwhile makes it stale
        entries.put(resourceArn, new Entry(policy, current, now));
        return policy;
    }

    private Optional<AttachedPolicy> lookUp(String resourceArn) {
        if (!resourceArn.startsWith(signerPrefix)) {
            return Optional.empty();
        }
        int accountEnd = resourceArn.indexOf(':', signerPrefix.length());
        if (accountEnd < 0) {
            return Optional.empty();
        }
        String owner = resourceArn.substring(signerPrefix.length(), accountEnd);
        if (resourceArn.startsWith(PROFILES, accountEnd)) {
            String rest = resourceArn.substring(accountEnd + PROFILES.length());
            int slash = rest.indexOf('/');
            return load(owner, slash < 0 ? rest : rest.substring(0, slash));
        }
        if (resourceArn.startsWith(JOBS, accountEnd)) {
            return jobs.apply(resourceArn.substring(accountEnd + JOBS.length()))
                    .filter(job -> job.ownerAccount().equals(owner))
                    .flatMap(job -> load(owner, job.profileName()));
        }
        return Optional.empty();
    }

    private Optional<AttachedPolicy> load(String owner, String profileName) {
        List<ProfilePermission> statements = stored.statements(owner, profileName);
        if (statements.isEmpty()) {
            return Optional.empty();
        }
        String document = document(owner, profileName, statements);
        return Optional.of(new AttachedPolicy(
                arns.inAccount(owner).signingProfile(profileName),
                compiled.get(document, PolicyKind.RESOURCE, Integer.MAX_VALUE / 32)));
    }

    /** The statements as an IAM resource-based policy the evaluator reads. */
    String document(String owner, String profileName, List<ProfilePermission> statements) {
        Arns in = arns.inAccount(owner);
        ObjectNode policy = MAPPER.createObjectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode array = policy.putArray("Statement");
        for (ProfilePermission p : statements) {
            ObjectNode statement = array.addObject();
            statement.put("Sid", p.statementId());
            statement.put("Effect", "Allow");
            statement.putObject("Principal").put("AWS", p.principal());
            statement.put("Action", p.action());
            ArrayNode resources = statement.putArray("Resource");
            resources.add(in.signingProfile(profileName));
            if (p.action().equals("signer:RevokeSignature")) {
                resources.add(in.signingJob("*"));
            }
            p.profileVersion()
                    .ifPresent(v -> statement
                            .putObject("Condition")
                            .putObject("StringEquals")
                            .put("signer:ProfileVersion", v));
        }
        try {
            return MAPPER.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a policy document", e);
        }
    }

    @Override
    public Optional<String> revision(String ownerAccount, String profileName) {
        return stored.revision(ownerAccount, profileName);
    }

    @Override
    public List<ProfilePermission> statements(String ownerAccount, String profileName) {
        return stored.statements(ownerAccount, profileName);
    }

    @Override
    public Change add(
            String ownerAccount,
            String profileName,
            ProfilePermission permission,
            Optional<String> expectedRevision,
            String newRevision) {
        try {
            return stored.add(ownerAccount, profileName, permission, expectedRevision, newRevision);
        } finally {
            generation.incrementAndGet();
        }
    }

    @Override
    public Change remove(
            String ownerAccount, String profileName, String statementId, String expectedRevision, String newRevision) {
        try {
            return stored.remove(ownerAccount, profileName, statementId, expectedRevision, newRevision);
        } finally {
            generation.incrementAndGet();
        }
    }
}
