package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.testing.SignetCluster;
import dev.signet.server.testing.S3Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;
import software.amazon.awssdk.services.signer.model.SigningProfileStatus;

/**
 * Two {@code signet server} processes (the real launcher, one YAML file each, {@link SignetCluster})
 * sharing one embedded PostgreSQL and one S3-compatible store (S3Proxy, {@code objects.type: s3}),
 * with the documented cache staleness bound set to {@value #STALENESS_SECONDS} s ({@code
 * cache.staleness}, docs/operations.md) and the job lease to {@link #LEASE} ({@code jobs.lease}).
 * In turn:
 *
 * <ol>
 *   <li>a SignPayload load over both nodes goes on while node B is killed with SIGKILL and started
 *       again: every signature a client received a 200 for is listed by ListSigningJobs through A
 *       and through the restarted B;
 *   <li>200 StartSigningJob requests over both nodes while B, holding claimed jobs, is killed with
 *       SIGKILL and started again ({@link StartSigningJobsUnderKill}, the run {@link
 *       ClusterStartSigningJobIT} makes with three nodes, here on this cluster so that it starts
 *       once): no job InProgress within two lease periods of the moment the backlog drained, every
 *       job Succeeded, its output verifies and was written once;
 *   <li>under a SignPayload load over both nodes, with the profile in B's cache, the profile is
 *       canceled through A: B refuses it within the bound (at once, as documented: the record is
 *       conditional) with the ValidationException naming the status, no request started after the
 *       cancel returned got a signature, every signature handed out is a job listed through A, and
 *       no job of the profile committed (or was signed) after the cancel committed (PostgreSQL's
 *       commit timestamps);
 *   <li>a signature B made is revoked through A and B's GetRevocationStatus names it within the
 *       bound; the profile B signs with is revoked through A (RevokeSigningProfile), B refuses it
 *       within the bound and names the version revoked;
 *   <li>the admin access key is deleted from the shared database (Signet has no API that deletes
 *       access keys yet: an operator deletes the row): B, which has it cached, stops authenticating
 *       it within the bound (UnrecognizedClientException), and so does A.
 * </ol>
 *
 * <p>No timing assertion but the bound: every wait is a bounded poll, and "within the bound" is
 * checked as "no request that started later than the bound after the change was accepted".
 */
class ClusterTwoNodesIT {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    private static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    private static final int A = 0;
    private static final int B = 1;
    private static final long STALENESS_SECONDS = 5;
    /** Both nodes' {@code cache.staleness}. */
    private static final Duration STALENESS = Duration.ofSeconds(STALENESS_SECONDS);
    /**
     * Both nodes' {@code jobs.lease}, for the StartSigningJob phase: the three-node run's. While B is
     * down, A alone holds up to 34 leases (2 being signed, 32 queued) whose heartbeats come every
     * third of the lease from one thread; 4 s leaves a heartbeat 2.7 s of delay before a live job
     * is taken over, (a stall beyond that shows as a job claimed again and, three times over, as
     * a job failed "interrupted", which the test refuses); on the loaded 2-core machine every job
     * Succeeded, and at most the jobs the killed node held were claimed twice. A longer lease would only make the phase
     * slower: the bound runs from the drained backlog ({@link StartSigningJobsUnderKill}), so the
     * machine's load does not eat into it.
     */
    private static final Duration LEASE = Duration.ofSeconds(4);
    /** The bound on every wait that is not a check of {@link #STALENESS}. */
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void twoNodesKeepEverySignatureAndApplyChangesMadeThroughTheOtherWithinTheBound() throws Exception {
        try (S3Proxy proxy = S3Proxy.start()) {
            String settings = SignetCluster.s3Objects(proxy.newBucket(), dir) + "cache:\n  staleness: "
                    + STALENESS_SECONDS + "s\n" + StartSigningJobsUnderKill.leaseYaml(LEASE);
            long begun = System.nanoTime();
            try (SignetCluster cluster = SignetCluster.start(dir, 2, settings)) {
                report("started", begun);
                try (SignerClient a = cluster.signer(A)) {
                    a.putSigningProfile(p -> p.profileName("app").platformId(CMS));
                    a.putSigningProfile(p -> p.profileName("rev").platformId(CMS));
                }
                Set<String> signed = signaturesSurviveTheKillOfB(cluster);
                report("kill phase", begun);
                StartSigningJobsUnderKill.Result jobs = new StartSigningJobsUnderKill(cluster, dir, LEASE, B).run();
                System.out.printf("ClusterTwoNodesIT: StartSigningJob under kill: %s%n", jobs);
                report("StartSigningJob phase", begun);
                try (SignerClient a = cluster.signer(A);
                        SignerClient b = cluster.signer(B)) {
                    aCancelThroughAIsRefusedByB(cluster, a, b, signed);
                    report("cancel phase", begun);
                    revocationsThroughAReachB(cluster, a, b);
                    report("revocation phase", begun);
                    aDeletedKeyStopsAuthenticatingOnB(cluster, a, b);
                    report("key deletion phase", begun);
                }
            }
        }
    }

    private static void report(String what, long begun) {
        System.out.printf(
                "ClusterTwoNodesIT: %s done at %d ms%n",
                what, Duration.ofNanos(System.nanoTime() - begun).toMillis());
    }

    /** Phase 1: the returned job ids are every signature handed out. */
    private static Set<String> signaturesSurviveTheKillOfB(SignetCluster cluster) throws Exception {
        List<SignerClient> clients = new CopyOnWriteArrayList<>(List.of(cluster.signer(A), cluster.signer(B)));
        try {
            Load load = new Load(clients, "app", 4);
            try {
                load.awaitSigned(30);
                cluster.kill(B); // SIGKILL, by PID
                load.awaitSigned(load.signed().size() + 30);
                cluster.restart(B);
                clients.set(B, cluster.signer(B)).close();
                load.awaitSigned(load.signed().size() + 30);
            } finally {
                load.stop();
            }
            assertThat(load.unreachable())
                    .as("requests that met the killed node")
                    .isPositive();
            assertThat(load.refusals()).as("error responses").isEmpty();
            Set<String> signed = load.signed();
            for (int node : List.of(A, B)) {
                assertThat(listedJobs(clients.get(node)))
                        .as("jobs listed through node %d", node)
                        .containsAll(signed);
            }
            return signed;
        } finally {
            clients.forEach(SignerClient::close);
        }
    }

    /** Phase 2: {@code earlier} are the signatures of phase 1. */
    private static void aCancelThroughAIsRefusedByB(
            SignetCluster cluster, SignerClient a, SignerClient b, Set<String> earlier) throws Exception {
        signPayload(b, "app", -1); // B has the profile in its cache from here on
        Load load = new Load(List.of(a, b), "app", 3);
        long canceledAt;
        long canceledNanos;
        Refused refused;
        try {
            load.awaitSigned(20);
            a.cancelSigningProfile(p -> p.profileName("app"));
            canceledNanos = System.nanoTime();
            canceledAt = System.currentTimeMillis();
            refused = pollUntilRefused("SignPayload of app on B", canceledNanos, () -> signPayload(b, "app", -2));
            load.awaitRefusedByBoth();
        } finally {
            load.stop();
        }
        System.out.printf(
                "ClusterTwoNodesIT: cancel under load: %d signatures, %d refused, B refused after %d accepted%n",
                load.signed().size(), load.refusals().size(), refused.accepted());
        assertRefusal(refused.error(), 400, "ValidationException", "signing profile app is Canceled and cannot sign");
        assertThat(refused.accepted())
                .as("B's signatures after the cancel returned")
                .isZero();
        assertThat(load.signedAfter(canceledNanos))
                .as("signatures of requests started after the cancel returned")
                .isEmpty();
        assertThat(load.refusals())
                .as("error responses of the load")
                .allSatisfy(e -> assertRefusal(
                        e, 400, "ValidationException", "signing profile app is Canceled and cannot sign"));
        assertThat(b.getSigningProfile(p -> p.profileName("app")).status())
                .as("through B")
                .isEqualTo(SigningProfileStatus.CANCELED);

        Set<String> handedOut = new HashSet<>(earlier);
        handedOut.addAll(load.signed());
        assertThat(listedJobs(a)).as("jobs listed through A").containsAll(handedOut);
        assertThat(changedAfter(cluster, "app"))
                .as(
                        "jobs of app committed or signed after the cancel committed (cancel returned at %s)",
                        Instant.ofEpochMilli(canceledAt))
                .isEmpty();
    }

    /** Phase 3: RevokeSignature and RevokeSigningProfile through A, seen by B. */
    private static void revocationsThroughAReachB(SignetCluster cluster, SignerClient a, SignerClient b)
            throws Exception {
        SignPayloadResponse signature = signPayloadResponse(b, "rev", 1); // B caches rev too
        String jobArn = signature.metadata().get("signingJobArn");
        String versionArn = signature.metadata().get("signingProfileVersionArn");
        Instant signedAt = Instant.parse(signature.metadata().get("signingTime"));
        a.revokeSignature(r -> r.jobId(signature.jobId()).reason("cluster test: signature"));
        long revokedNanos = System.nanoTime();
        pollUntil(
                "B's GetRevocationStatus names the job revoked through A",
                revokedNanos,
                () -> revokedEntities(b, signedAt, versionArn, jobArn).contains(jobArn));
        assertThat(b.describeSigningJob(d -> d.jobId(signature.jobId()))
                        .revocationRecord()
                        .reason())
                .isEqualTo("cluster test: signature");

        String version = a.getSigningProfile(p -> p.profileName("rev")).profileVersion();
        // a second ago: the server refuses an effective time in its future
        Instant effective = Instant.now().minusSeconds(1);
        a.revokeSigningProfile(r -> r.profileName("rev")
                .profileVersion(version)
                .effectiveTime(effective)
                .reason("cluster test: profile"));
        long profileRevokedNanos = System.nanoTime();
        Refused refused =
                pollUntilRefused("SignPayload of rev on B", profileRevokedNanos, () -> signPayload(b, "rev", 2));
        assertRefusal(refused.error(), 400, "ValidationException", "signing profile rev is Revoked and cannot sign");
        assertThat(refused.accepted())
                .as("B's signatures after the revocation returned")
                .isZero();
        Instant later = Instant.now();
        pollUntil(
                "B's GetRevocationStatus names the version revoked through A",
                profileRevokedNanos,
                () -> revokedEntities(b, later, versionArn, jobArn).contains(versionArn));
        assertThat(listedJobs(a)).as("jobs listed through A").contains(signature.jobId());
        assertThat(changedAfter(cluster, "rev"))
                .as("jobs of rev committed or signed after the revocation committed")
                .isEmpty();
    }

    /** Phase 4 (last: the admin key is gone afterwards). */
    private static void aDeletedKeyStopsAuthenticatingOnB(SignetCluster cluster, SignerClient a, SignerClient b)
            throws Exception {
        // both nodes have the key in their caches
        a.listSigningProfiles(r -> r.maxResults(1));
        b.listSigningProfiles(r -> r.maxResults(1));
        try (Connection c = cluster.database();
                PreparedStatement delete = c.prepareStatement("DELETE FROM access_keys WHERE access_key_id = ?")) {
            delete.setString(1, cluster.admin().id());
            assertThat(delete.executeUpdate()).as("access keys deleted").isEqualTo(1);
        }
        long deletedNanos = System.nanoTime();
        for (SignerClient client : List.of(b, a)) {
            Refused refused = pollUntilRefused(
                    "a request with the deleted key",
                    deletedNanos,
                    () -> client.listSigningProfiles(r -> r.maxResults(1)));
            System.out.printf(
                    "ClusterTwoNodesIT: the deleted key refused %d ms after the deletion, %d requests accepted before%n",
                    Duration.ofNanos(System.nanoTime() - deletedNanos).toMillis(), refused.accepted());
            assertRefusal(
                    refused.error(),
                    403,
                    "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
        }
    }

    /** GetRevocationStatus of a signature of {@code versionArn} and {@code jobArn} made at {@code signedAt}. */
    private static List<String> revokedEntities(
            SignerClient client, Instant signedAt, String versionArn, String jobArn) {
        return client.getRevocationStatus(r -> r.signatureTimestamp(signedAt)
                        .platformId(CMS)
                        .profileVersionArn(versionArn)
                        .jobArn(jobArn)
                        .certificateHashes("00"))
                .revokedEntities();
    }

    /**
     * The jobs of profile {@code name} whose row committed at or after the profile row's last change
     * (the cancel or revocation), or whose signing time is after that commit: none may exist, a
     * signature is handed out only once recorded, and recorded only while the profile is Active.
     */
    private static List<String> changedAfter(SignetCluster cluster, String name) throws SQLException {
        try (Connection c = cluster.database();
                PreparedStatement query = c.prepareStatement("SELECT pg_xact_commit_timestamp(xmin) IS NOT NULL"
                        + " FROM signing_profile WHERE profile_name = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next() && rs.getBoolean(1))
                        .as("the commit timestamp of profile %s's change is known", name)
                        .isTrue();
            }
        }
        String sql = "SELECT j.job_id, j.created_at, pg_xact_commit_timestamp(j.xmin) AS job_commit,"
                + " pg_xact_commit_timestamp(p.xmin) AS profile_commit"
                + " FROM signing_job j JOIN signing_profile p"
                + " ON p.owner_account = j.job_owner AND p.profile_name = j.profile_name"
                + " WHERE p.profile_name = ? AND (pg_xact_commit_timestamp(j.xmin) >= pg_xact_commit_timestamp(p.xmin)"
                + " OR j.created_at > EXTRACT(EPOCH FROM pg_xact_commit_timestamp(p.xmin)) * 1000)";
        List<String> found = new ArrayList<>();
        try (Connection c = cluster.database();
                PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString("job_id") + " signed " + Instant.ofEpochMilli(rs.getLong("created_at"))
                            + " committed " + rs.getTimestamp("job_commit").toInstant()
                            + ", profile changed "
                            + rs.getTimestamp("profile_commit").toInstant());
                }
            }
        }
        return found;
    }

    private static void assertRefusal(AwsServiceException e, int status, String code, String message) {
        assertThat(e.statusCode()).as("status of %s", e).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).as("code of %s", e).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).as("message of %s", e).isEqualTo(message);
    }

    private static Set<String> listedJobs(SignerClient client) {
        Set<String> listed = new HashSet<>();
        client.listSigningJobsPaginator(r -> r.maxResults(25))
                .forEach(page -> page.jobs().forEach(j -> listed.add(j.jobId())));
        return listed;
    }

    private static String signPayload(SignerClient client, String profile, int n) throws NoSuchAlgorithmException {
        return signPayloadResponse(client, profile, n).jobId();
    }

    private static SignPayloadResponse signPayloadResponse(SignerClient client, String profile, int n)
            throws NoSuchAlgorithmException {
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest((profile + "/" + n).getBytes(StandardCharsets.UTF_8));
        return client.signPayload(r ->
                r.profileName(profile).payload(SdkBytes.fromByteArray(digest)).payloadFormat(DIGEST_FORMAT));
    }

    private interface Call {
        Object call() throws Exception;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** The first error response to a polled call, and how many calls before it were accepted. */
    private record Refused(AwsServiceException error, int accepted) {}

    /**
     * Repeats {@code call} every 50 ms until it gets an error response; fails once a call that
     * started more than {@link #STALENESS} after {@code changedNanos} (the change's return) was
     * accepted. (Bounded: each call by the client's timeouts, the calls by that check.)
     */
    private static Refused pollUntilRefused(String what, long changedNanos, Call call) throws Exception {
        int accepted = 0;
        while (true) {
            long started = System.nanoTime();
            try {
                call.call();
            } catch (AwsServiceException e) {
                return new Refused(e, accepted);
            }
            accepted++;
            assertThat(Duration.ofNanos(started - changedNanos))
                    .as("%s accepted though it started this long after the change", what)
                    .isLessThanOrEqualTo(STALENESS);
            Thread.sleep(50);
        }
    }

    /**
     * Polls {@code condition} every 50 ms; fails once a check that started more than {@link
     * #STALENESS} after {@code changedNanos} still does not hold.
     */
    private static void pollUntil(String what, long changedNanos, Condition condition) throws Exception {
        while (true) {
            long started = System.nanoTime();
            if (condition.holds()) {
                return;
            }
            assertThat(Duration.ofNanos(started - changedNanos))
                    .as("not yet, this long after the change: %s", what)
                    .isLessThanOrEqualTo(STALENESS);
            Thread.sleep(50);
        }
    }

    /** One SignPayload answered: the node, when the request started (nanoTime), the job id. */
    private record Signature(int node, long startedNanos, String jobId) {}

    /**
     * A SignPayload load with one profile: {@code threads} threads, request i to node i % the number
     * of clients (a client may be replaced while it runs), each signature and error response kept;
     * a request that reaches no node (a killed one) is counted and retried after 10 ms.
     */
    private static final class Load {
        private final List<Signature> signatures = new CopyOnWriteArrayList<>();
        private final List<AwsServiceException> refusals = new CopyOnWriteArrayList<>();
        private final Set<Integer> refusedBy = ConcurrentHashMap.newKeySet();
        private final AtomicInteger unreachable = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService threads;
        private final List<Future<?>> running = new ArrayList<>();

        Load(List<SignerClient> clients, String profile, int threadCount) {
            threads = Executors.newFixedThreadPool(threadCount);
            for (int t = 0; t < threadCount; t++) {
                int base = (t + 1) * 1_000_000;
                running.add(threads.submit(() -> {
                    for (int i = base; !stop.get(); i++) {
                        int node = i % clients.size();
                        long started = System.nanoTime();
                        try {
                            signatures.add(new Signature(node, started, signPayload(clients.get(node), profile, i)));
                        } catch (AwsServiceException e) {
                            refusals.add(e);
                            refusedBy.add(node);
                        } catch (SdkClientException e) {
                            unreachable.incrementAndGet();
                            Thread.sleep(10);
                        }
                    }
                    return null;
                }));
            }
        }

        /** Waits (bounded) until {@code count} signatures were handed out. */
        void awaitSigned(int count) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (signatures.size() < count) {
                for (Future<?> thread : running) {
                    if (thread.isDone()) {
                        thread.get(); // a thread that failed: its failure
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "only " + signatures.size() + " of " + count + " signatures within " + WAIT);
                }
                Thread.sleep(20);
            }
        }

        /** Waits (bounded) until every node answered one request with an error response. */
        void awaitRefusedByBoth() throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!refusedBy.containsAll(List.of(A, B))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only nodes " + refusedBy + " refused a request within " + WAIT);
                }
                Thread.sleep(20);
            }
        }

        /** Stops the threads and waits (bounded) for them to end; rethrows what failed one. */
        void stop() throws Exception {
            stop.set(true);
            try {
                for (Future<?> thread : running) {
                    thread.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
        }

        Set<String> signed() {
            return signatures.stream().map(Signature::jobId).collect(Collectors.toSet());
        }

        List<Signature> signedAfter(long nanos) {
            return signatures.stream().filter(s -> s.startedNanos() - nanos > 0).toList();
        }

        List<AwsServiceException> refusals() {
            return List.copyOf(refusals);
        }

        int unreachable() {
            return unreachable.get();
        }
    }
}
