package dev.signet.bench.policy;

import dev.signet.core.policy.AttachedPolicy;
import dev.signet.core.policy.PolicyCache;
import dev.signet.server.ClusterTimings;
import dev.signet.server.service.Caller;
import dev.signet.server.service.access.AccessDeniedException;
import dev.signet.server.service.access.AccessRequest;
import dev.signet.server.service.access.IdentityPolicies;
import dev.signet.server.service.access.PolicyAuthorizer;
import dev.signet.server.service.access.RequestOrigin;
import dev.signet.server.service.iam.IamGroup;
import dev.signet.server.service.iam.IamUser;
import dev.signet.server.service.iam.ManagedPolicy;
import dev.signet.server.store.Database;
import dev.signet.server.store.JdbiIamGroupRepository;
import dev.signet.server.store.JdbiIamRoleRepository;
import dev.signet.server.store.JdbiIamUserRepository;
import dev.signet.server.store.JdbiInlinePolicyRepository;
import dev.signet.server.store.JdbiManagedPolicyRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The evaluation cost target, measured on the path the server runs for every signed request
 * of an IAM user: {@link PolicyAuthorizer#authorize} over {@link IdentityPolicies} (its per-principal
 * cache, with the server's default staleness, so an entry is re-read from the database as in
 * production) on a SQLite database, the profile's resource policy, and the request's condition keys.
 * The caller is {@link PolicyWorkload}'s user: 20 policies of 10 statements with conditions (5 inline
 * on the user, 5 inline on its group, 5 managed attached to the user, 5 to the group). Each
 * authorization is timed on its own with {@link System#nanoTime} on one thread, after a warm-up;
 * the denied request includes building its {@link AccessDeniedException}. Prints KEY<TAB>VALUE
 * lines ({@code policy.authorizer.allowed.p50_us}, {@code .p99_us}, {@code .denied.}...). Run:
 * {@code java -cp CLASSPATH dev.signet.bench.policy.AuthorizerCpu [requests]}.
 */
public final class AuthorizerCpu {
    static final String ACCOUNT = PolicyWorkload.ACCOUNT;

    private AuthorizerCpu() {}

    public static void main(String[] args) throws IOException {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("authorizer-bench");
        try (Database database = Database.sqlite(dir.resolve("signet.db"))) {
            Clock clock = Clock.systemUTC();
            IdentityPolicies.Sources sources = new IdentityPolicies.Sources(
                    new JdbiIamUserRepository(database),
                    new JdbiIamGroupRepository(database, "aws"),
                    new JdbiIamRoleRepository(database, "aws"),
                    new JdbiInlinePolicyRepository(database),
                    new JdbiManagedPolicyRepository(database));
            Caller alice = store(sources);
            PolicyCache compiled = new PolicyCache(4_096);
            IdentityPolicies identities =
                    new IdentityPolicies(sources, compiled, clock, ClusterTimings.DEFAULT.cacheStaleness());
            AttachedPolicy resource = new PolicyWorkload().policies.resource().orElseThrow();
            PolicyAuthorizer authorizer = new PolicyAuthorizer(
                    identities,
                    arn -> arn.startsWith(PolicyWorkload.PROFILE) ? Optional.of(resource) : Optional.empty(),
                    clock);
            RequestOrigin origin = new RequestOrigin("10.1.2.3", true);
            AccessRequest allowed = request(PolicyWorkload.PROFILE + "-" + (PolicyWorkload.POLICIES - 1) + "-"
                    + (PolicyWorkload.STATEMENTS - 1));
            AccessRequest denied = request("arn:aws:signer:us-east-1:" + ACCOUNT + ":/signing-profiles/nothing");
            if (!decide(authorizer, alice, allowed, origin) || decide(authorizer, alice, denied, origin)) {
                throw new IllegalStateException("the workload did not decide allowed, then denied");
            }
            for (int round = 0; round < 2; round++) { // the first round warms up (JIT)
                long[] allowedNanos = measure(authorizer, alice, allowed, origin, requests);
                long[] deniedNanos = measure(authorizer, alice, denied, origin, requests);
                if (round == 1) {
                    print("allowed", allowedNanos);
                    print("denied", deniedNanos);
                }
            }
            System.out.println("policy.authorizer.policies\t" + PolicyWorkload.POLICIES);
            System.out.println("policy.authorizer.statements\t" + PolicyWorkload.STATEMENTS);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException e) {
                // a leftover temp file is not a measurement failure
            }
        }
    }

    /** Alice, in group "release", with the workload's 20 policies spread over her and her group. */
    private static Caller store(IdentityPolicies.Sources sources) {
        String userId = "AIDABENCHALICE0000001";
        String arn = "arn:aws:iam::" + ACCOUNT + ":user/dev/alice";
        sources.users()
                .create(
                        new IamUser(userId, ACCOUNT, "/dev/", "alice", arn, Instant.EPOCH),
                        Map.of("team", "release", "cost-center", "42"));
        String groupId = "AGPABENCHRELEASE00001";
        sources.groups()
                .create(new IamGroup(
                        groupId, ACCOUNT, "/", "release", "arn:aws:iam::" + ACCOUNT + ":group/release", Instant.EPOCH));
        sources.groups().addMember(groupId, userId);
        for (int p = 0; p < PolicyWorkload.POLICIES; p++) {
            String owner = p % 2 == 0 ? userId : groupId;
            String document = PolicyWorkload.identityPolicy(p);
            if (p < PolicyWorkload.POLICIES / 2) {
                sources.inline().put(owner, "p" + p, document);
            } else {
                String policyId = String.format(Locale.ROOT, "ANPABENCHPOLICY%06d", p);
                sources.managed()
                        .create(
                                new ManagedPolicy(
                                        policyId,
                                        ACCOUNT,
                                        "/",
                                        "p" + p,
                                        "arn:aws:iam::" + ACCOUNT + ":policy/p" + p,
                                        Optional.empty(),
                                        "v1",
                                        0,
                                        Map.of(),
                                        Instant.EPOCH),
                                document);
                sources.managed().attach(policyId, owner, 100);
            }
        }
        return new Caller("AKIABENCHALICE000001", arn, ACCOUNT, userId, Caller.Kind.USER);
    }

    /** SignPayload on {@code resource} with the keys the workload's conditions read. */
    private static AccessRequest request(String resource) {
        return new AccessRequest(
                "signer:SignPayload",
                resource,
                Map.of(
                        "aws:RequestedRegion", List.of("us-east-1"),
                        "aws:ResourceTag/team", List.of("release"),
                        "aws:TagKeys", List.of("team", "cost-center")),
                List.of());
    }

    private static boolean decide(
            PolicyAuthorizer authorizer, Caller caller, AccessRequest request, RequestOrigin origin) {
        try {
            authorizer.authorize(caller, request, origin);
            return true;
        } catch (AccessDeniedException e) {
            return false;
        }
    }

    static long[] measure(
            PolicyAuthorizer authorizer, Caller caller, AccessRequest request, RequestOrigin origin, int requests) {
        long[] nanos = new long[requests];
        int allowed = 0;
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            boolean ok = decide(authorizer, caller, request, origin);
            nanos[i] = System.nanoTime() - start;
            allowed += ok ? 1 : 0;
        }
        if (allowed != 0 && allowed != requests) {
            throw new IllegalStateException("the decision changed during the run");
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void print(String label, long[] sorted) {
        String key = "policy.authorizer." + label;
        System.out.printf(Locale.ROOT, "%s.p50_us\t%.2f%n", key, at(sorted, 0.50));
        System.out.printf(Locale.ROOT, "%s.p99_us\t%.2f%n", key, at(sorted, 0.99));
        System.out.printf(Locale.ROOT, "%s.p999_us\t%.2f%n", key, at(sorted, 0.999));
        System.out.printf(Locale.ROOT, "%s.requests\t%d%n", key, sorted.length);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e3;
    }
}
