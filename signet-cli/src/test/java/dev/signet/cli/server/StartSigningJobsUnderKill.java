package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.testing.SignetCluster;
import dev.signet.core.ca.Pem;
import dev.signet.core.format.Subject;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * The StartSigningJob-under-SIGKILL run of issue 18, on a running {@link SignetCluster} of any size
 * whose nodes share a job lease of {@code lease} ({@code jobs.lease}): {@value #JOBS} requests spread
 * over the nodes (request n to node n % size, the next node when that one does not answer, with the
 * same client request token) while node {@code killed}, holding claimed jobs, is killed with SIGKILL
 * and later started again. Then:
 *
 * <ul>
 *   <li>the kill met requests: at least one request went to the dead node first and was then
 *       accepted by the next (the requests are held back until that happened, see {@link #submit},
 *       so this holds however late the kill lands);
 *   <li>no job is stuck: within two lease periods of the moment the cluster's backlog drained, no
 *       job is InProgress (see below);
 *   <li>the killed node's jobs were taken over (jobs claimed more than once);
 *   <li>every job Succeeded (none had a reason to fail: a job failed "interrupted 3 times" would be
 *       a job lost to the kill), its output is in Signet's S3 API and verifies against the cluster's
 *       root, each output key has exactly one version (the fence lets a job's output be written
 *       once), and the destination holds no other output.
 * </ul>
 *
 * <p><b>Why the two lease periods run from the drain.</b> Until the last request is accepted and
 * the killed node is back, and for as long after as the live nodes need to work through the jobs
 * that piled up meanwhile, how long the jobs take depends on the machine's load (each node signs 2
 * jobs at a time), not on the lease: on 2 shared, busy cores a backlog alone took longer than two
 * 4 s leases after the last request, with no job stuck. So the clock starts at the <em>drain</em>:
 * the first moment, after the restart and the last request, at which the database holds no job
 * that was never claimed (or was given back) and no live node holds more jobs than its 2 workers
 * sign (its {@code signet_signing_jobs_claimed}, documented as at most 2 being signed per node), so
 * every node has room to claim. Jobs whose lease expired do not hold the drain back: taking them
 * over is what is being measured. From then on the work left is at most 2 running jobs per node,
 * and the jobs the killed node held, whose leases end at most one lease period after the kill (so
 * before one lease period after the drain) and are then claimed by the next poll (every 0.5 s) of a
 * node with room: every job ends within one lease period plus a poll and one job's run, and two
 * lease periods is that bound with one lease period to spare for the poll and the run. A job nobody
 * takes over, or one a live node holds for ever, fails it. The drain itself is awaited for at most
 * {@link #BOUND}.
 */
final class StartSigningJobsUnderKill {
    static final int JOBS = 200;
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    /** Jobs a node signs at once (docs/operations.md, {@code signet_signing_jobs_claimed}). */
    private static final int WORKERS_PER_NODE = 2;
    /** Jobs accepted before the kill, and before the restart (submissions then wait for it). */
    private static final int KILL_AT = 70;

    private static final int RESTART_AT = 140;
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final String PROFILE = "jobs_under_kill";

    private final SignetCluster cluster;
    private final Path dir;
    private final Duration lease;
    private final int killed;
    private final int nodes;
    /** The version of each source object, by index. */
    private final Map<Integer, String> versions = new HashMap<>();

    /**
     * @param dir where the sources are written
     * @param lease the nodes' {@code jobs.lease}
     * @param killed the node killed and restarted
     */
    StartSigningJobsUnderKill(SignetCluster cluster, Path dir, Duration lease, int killed) {
        this.cluster = cluster;
        this.dir = dir;
        this.lease = lease;
        this.killed = killed;
        this.nodes = cluster.size();
    }

    /** The {@code jobs:} section setting the lease, to append to the nodes' settings. */
    static String leaseYaml(Duration lease) {
        return "jobs:\n  lease: " + lease.toMillis() + "ms\n";
    }

    /** What a run measured: the drain after the last request, and the end of the jobs after the drain. */
    record Result(int jobs, int refused, long takenOver, long mostClaims, Duration drained, Duration settled) {}

    /** Runs the jobs, the kill and the restart, and checks everything above; fails if one does not hold. */
    Result run() throws Exception {
        List<Path> sources = uploadSources();
        try (SignerClient admin = cluster.signer(0)) {
            admin.putSigningProfile(p -> p.profileName(PROFILE).platformId(CMS));
        }
        Submissions submitted = submit(sources);
        long lastRequest = System.nanoTime();
        await("the backlog drained", this::drained);
        long drainedAt = System.nanoTime();
        Duration drained = Duration.ofNanos(drainedAt - lastRequest);
        await(
                "no job InProgress, two lease periods after the drain (" + drained.toMillis()
                        + " ms after the restart and the last request)",
                () -> count("SELECT COUNT(*) FROM signing_job WHERE profile_name = ? AND status = 'InProgress'") == 0,
                lease.multipliedBy(2));
        Duration settled = Duration.ofNanos(System.nanoTime() - drainedAt);
        assertThat(submitted.jobs()).hasSize(JOBS);
        assertThat(submitted.refused().get())
                .as("requests that met the killed node")
                .isPositive();
        long takenOver = count("SELECT COUNT(*) FROM signing_job WHERE profile_name = ? AND attempts > 1");
        assertThat(takenOver)
                .as("jobs claimed more than once (the killed node's, taken over)")
                .isPositive();
        checkOutcomes(submitted.jobs(), sources);
        long mostClaims = count("SELECT COALESCE(MAX(attempts), 0) FROM signing_job WHERE profile_name = ?");
        return new Result(JOBS, submitted.refused().get(), takenOver, mostClaims, drained, settled);
    }

    /**
     * No job waits in the database unclaimed (never claimed, or given back; a job whose lease
     * expired is not counted), and no live node holds more jobs than its workers sign at once.
     */
    private boolean drained() throws Exception {
        if (count("SELECT COUNT(*) FROM signing_job WHERE profile_name = ?"
                        + " AND status = 'InProgress' AND lease_until IS NULL")
                > 0) {
            return false;
        }
        for (int i = 0; i < nodes; i++) {
            if (claimed(cluster.node(i).endpoint()) > WORKERS_PER_NODE) {
                return false;
            }
        }
        return true;
    }

    /** What the submitters got: each job id with the index of its source; requests a dead node refused. */
    private record Submissions(Map<String, Integer> jobs, AtomicInteger refused) {}

    /**
     * Creates the versioned source and destination buckets and uploads one source through each
     * node; returns the sources' bytes as local files (for verification), by index.
     */
    private List<Path> uploadSources() throws IOException {
        try (S3Client s3 = cluster.s3(0)) {
            for (String bucket : List.of("sources", "signed")) {
                s3.createBucket(b -> b.bucket(bucket));
                s3.putBucketVersioning(
                        b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            }
        }
        List<Path> sources = new ArrayList<>();
        Random random = new Random(18);
        for (int i = 0; i < nodes; i++) {
            byte[] bytes = new byte[16 * 1024 + i];
            random.nextBytes(bytes);
            Path file = Files.write(dir.resolve("artifact-" + i + ".bin"), bytes);
            try (S3Client s3 = cluster.s3(i)) {
                String version = s3.putObject(
                                b -> b.bucket("sources").key(file.getFileName().toString()),
                                RequestBody.fromBytes(bytes))
                        .versionId();
                assertThat(version).as("the version of %s", file.getFileName()).isNotBlank();
                versions.put(i, version);
            }
            sources.add(file);
        }
        return sources;
    }

    /**
     * Sends the {@value #JOBS} StartSigningJob requests from four threads, request n to node n %
     * size (the next node when that one does not answer, with the same token). The killed node is
     * killed once {@value #KILL_AT} were accepted and it holds claimed jobs, and started again once
     * every request below the {@link Gate} was accepted; the requests at or above the gate wait for
     * the restart. Until the kill the gate is {@value #RESTART_AT}; at the kill it moves to at least
     * {@code size} requests past the last one taken, so that one request taken after the kill, and
     * answered before the restart, goes to the dead node first: the failover to the next node is
     * exercised on every run, however late the kill lands (a kill after every request below {@value
     * #RESTART_AT} was sent, which the claimed jobs' wait can make happen, once left no request in
     * flight to meet the dead node).
     */
    private Submissions submit(List<Path> sources) throws Exception {
        Map<String, Integer> jobs = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        Gate gate = new Gate(RESTART_AT);
        List<SignerClient> clients = new CopyOnWriteArrayList<>();
        for (int i = 0; i < nodes; i++) {
            clients.add(cluster.signer(i));
        }
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                running.add(submitters.submit(() -> {
                    for (int n = next.getAndIncrement(); n < JOBS; n = next.getAndIncrement()) {
                        gate.awaitPast(n);
                        int source = n % sources.size();
                        jobs.put(start(clients, n, source, refused), source);
                        Thread.sleep(50); // paced, so that jobs are in flight when the node dies
                    }
                    return null;
                }));
            }
            await("jobs accepted before the kill", () -> jobs.size() >= KILL_AT);
            await(
                    "node " + killed + " holding claimed jobs",
                    () -> claimed(cluster.node(killed).endpoint()) > 0);
            cluster.kill(killed); // SIGKILL, by PID
            // every request numbered from here on is sent after the kill; one in any `nodes` in a row goes to it
            int restartAt = Math.max(RESTART_AT, next.get() + nodes);
            if (restartAt > JOBS) {
                throw new AssertionError("no requests left to send to the killed node: " + restartAt + " > " + JOBS);
            }
            gate.open(restartAt);
            await("jobs accepted before the restart", () -> jobs.size() >= restartAt);
            cluster.restart(killed);
            clients.set(killed, cluster.signer(killed)).close();
            gate.open(JOBS);
            for (Future<?> submitter : running) {
                submitter.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            gate.open(JOBS);
            submitters.shutdownNow();
            clients.forEach(SignerClient::close);
        }
        return new Submissions(Map.copyOf(jobs), refused);
    }

    /** Requests numbered at or above the gate wait (bounded) until it moves past them; it only moves up. */
    private static final class Gate {
        private int open;

        Gate(int open) {
            this.open = open;
        }

        synchronized void open(int upTo) {
            open = Math.max(open, upTo);
            notifyAll();
        }

        synchronized void awaitPast(int n) throws InterruptedException {
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (n >= open) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("request " + n + " was held back for more than " + BOUND);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** StartSigningJob n on node n % size, else on the next nodes in turn (bounded), with one token. */
    private String start(List<SignerClient> clients, int n, int source, AtomicInteger refused)
            throws InterruptedException {
        String token = "cluster-job-" + n;
        for (int attempt = 0; attempt < 30; attempt++) {
            SignerClient client = clients.get((n + attempt) % nodes);
            try {
                return client.startSigningJob(b -> b.profileName(PROFILE)
                                .clientRequestToken(token)
                                .source(s -> s.s3(s3 -> s3.bucketName("sources")
                                        .key("artifact-" + source + ".bin")
                                        .version(versions.get(source))))
                                .destination(
                                        d -> d.s3(s3 -> s3.bucketName("signed").prefix("out/"))))
                        .jobId();
            } catch (SdkException e) {
                // the killed node: connection refused or reset; the next node gets the same token
                refused.incrementAndGet();
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no node accepted job " + n);
    }

    /** {@code sql}, with the profile's name as its one parameter, counts rows. */
    private long count(String sql) throws SQLException {
        try (Connection c = cluster.database();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, PROFILE);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Every job Succeeded or Failed (seen through the nodes in turn); each Succeeded job's output has
     * one version and verifies against the cluster's root; the destination holds nothing else.
     */
    private void checkOutcomes(Map<String, Integer> jobs, List<Path> sources) throws Exception {
        Verifier verifier = Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(rootPem(cluster.node(0).endpoint())))
                .build();
        Map<String, String> failed = new HashMap<>();
        List<String> outputs = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Integer> job : jobs.entrySet()) {
            int node = i++ % nodes;
            try (SignerClient signer = cluster.signer(node);
                    S3Client s3 = cluster.s3(node)) {
                DescribeSigningJobResponse described = signer.describeSigningJob(b -> b.jobId(job.getKey()));
                assertThat(described.status())
                        .as("job %s", job.getKey())
                        .isIn(SigningStatus.SUCCEEDED, SigningStatus.FAILED);
                if (described.status() == SigningStatus.FAILED) {
                    failed.put(job.getKey(), described.statusReason());
                    continue;
                }
                String key = described.signedObject().s3().key();
                outputs.add(key);
                List<ObjectVersion> stored = s3.listObjectVersions(
                                b -> b.bucket("signed").prefix(key))
                        .versions();
                assertThat(stored).as("versions of %s", key).hasSize(1);
                byte[] signature =
                        s3.getObjectAsBytes(b -> b.bucket("signed").key(key)).asByteArray();
                VerificationResult result = verifier.verify(new Subject.File(sources.get(job.getValue())), signature);
                assertThat(result.valid())
                        .as("job %s: %s", job.getKey(), result)
                        .isTrue();
            }
        }
        assertThat(failed).as("failed jobs and their reasons").isEmpty();
        try (S3Client s3 = cluster.s3(0)) {
            List<String> stored = new ArrayList<>();
            s3.listObjectVersionsPaginator(b -> b.bucket("signed"))
                    .forEach(page -> page.versions().forEach(v -> stored.add(v.key())));
            assertThat(stored).as("every version in the destination").containsExactlyInAnyOrderElementsOf(outputs);
        }
    }

    private static String rootPem(URI endpoint) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(endpoint.resolve("/v1/ca/root.pem"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /v1/ca/root.pem").isEqualTo(200);
        return response.body();
    }

    /** The node's {@code signet_signing_jobs_claimed} gauge; 0 when it cannot be read. */
    private static double claimed(URI endpoint) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(
                            HttpRequest.newBuilder(endpoint.resolve("/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.body()
                    .lines()
                    .filter(l -> l.startsWith("signet_signing_jobs_claimed "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                    .findFirst()
                    .orElse(0);
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every 50 ms for at most {@link #BOUND}. */
    private static void await(String what, Condition condition) throws Exception {
        await(what, condition, BOUND);
    }

    /** Polls {@code condition} every 50 ms; fails once a check started after {@code bound} does not hold. */
    private static void await(String what, Condition condition, Duration bound) throws Exception {
        long begun = System.nanoTime();
        while (true) {
            long started = System.nanoTime();
            if (condition.holds()) {
                return;
            }
            if (started - begun > bound.toNanos()) {
                throw new AssertionError("not within " + bound + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
