package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.testing.SignetCluster;
import dev.signet.core.ca.Pem;
import dev.signet.core.format.Subject;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import dev.signet.server.objects.s3.S3ObjectSettings;
import dev.signet.server.testing.S3Proxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * Three {@code signet server} processes (the real launcher, one YAML file each) sharing one
 * embedded PostgreSQL and one S3-compatible store (S3Proxy in its own JVM, {@code objects.type:
 * s3}) with a 4 s job lease: 200 StartSigningJob requests spread over the nodes (each client picks a
 * node, moving to the next one when its node is down, with the same client request token) while one
 * node, holding claimed jobs, is killed with SIGKILL and later started again. Then no job is
 * InProgress within two lease periods of the restart and the last request, every job Succeeded
 * (none had a reason to fail: a job failed "interrupted 3 times" would be a job lost to the kill),
 * the killed node's jobs were taken over, every output is in Signet's S3 API and verifies against
 * the cluster's root, each output key has exactly one version (the fence lets a job's output be
 * written once), and the destination holds no other output.
 */
class ClusterStartSigningJobIT {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    private static final int NODES = 3;
    private static final int JOBS = 200;
    private static final int KILLED = 1;
    /** Jobs accepted before the kill, and before the restart (submissions then wait for it). */
    private static final int KILL_AT = 70;

    private static final int RESTART_AT = 140;
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    /** The version of each source object, by index. */
    private final Map<Integer, String> versions = new HashMap<>();

    @Test
    void everyJobEndsAndItsOutputIsWrittenOnceThoughANodeWasKilled() throws Exception {
        try (S3Proxy proxy = S3Proxy.start()) {
            S3ObjectSettings content = proxy.newBucket();
            try (SignetCluster cluster = SignetCluster.start(dir, NODES, objectsAndLease(content))) {
                List<Path> sources = uploadSources(cluster);
                try (SignerClient admin = cluster.signer(0)) {
                    admin.putSigningProfile(p -> p.profileName("cluster").platformId(CMS));
                }

                Submissions submitted = submit(cluster, sources);
                Duration settled = awaitNoJobInProgress(cluster);
                assertThat(settled)
                        .as("time from the restart and the last accepted request until no job was InProgress")
                        .isLessThanOrEqualTo(LEASE.multipliedBy(2));
                assertThat(submitted.jobs()).hasSize(JOBS);
                assertThat(submitted.refused().get())
                        .as("requests that met the killed node")
                        .isPositive();
                assertThat(takenOver(cluster))
                        .as("jobs claimed more than once (the killed node's, taken over)")
                        .isPositive();

                checkOutcomes(cluster, submitted.jobs(), sources);
                System.out.printf(
                        "ClusterStartSigningJobIT: %d jobs, %d requests refused by the killed node, %d jobs taken over,"
                                + " no job InProgress %d ms after the restart and the last request%n",
                        submitted.jobs().size(), submitted.refused().get(), takenOver(cluster), settled.toMillis());
            }
        }
    }

    /** What the submitters got: each job id with the index of its source; requests a dead node refused. */
    private record Submissions(Map<String, Integer> jobs, AtomicInteger refused) {}

    private String objectsAndLease(S3ObjectSettings content) throws IOException {
        return SignetCluster.s3Objects(content, dir) + "jobs:\n  lease: " + LEASE.toSeconds() + "s\n";
    }

    /**
     * Creates the versioned source and destination buckets and uploads one source through each
     * node; returns the sources' bytes as local files (for verification), by index.
     */
    private List<Path> uploadSources(SignetCluster cluster) throws IOException {
        try (S3Client s3 = cluster.s3(0)) {
            for (String bucket : List.of("sources", "signed")) {
                s3.createBucket(b -> b.bucket(bucket));
                s3.putBucketVersioning(
                        b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            }
        }
        List<Path> sources = new ArrayList<>();
        Random random = new Random(18);
        for (int i = 0; i < NODES; i++) {
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
     * Sends the {@value #JOBS} StartSigningJob requests from four threads, request n to node n % 3
     * (the next node when that one does not answer, with the same token); kills node {@value
     * #KILLED} once {@value #KILL_AT} were accepted and it holds claimed jobs, and starts it again
     * once {@value #RESTART_AT} were accepted (the remaining requests wait for it).
     */
    private Submissions submit(SignetCluster cluster, List<Path> sources) throws Exception {
        Map<String, Integer> jobs = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch restarted = new CountDownLatch(1);
        List<SignerClient> clients = new CopyOnWriteArrayList<>();
        for (int i = 0; i < NODES; i++) {
            clients.add(cluster.signer(i));
        }
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                running.add(submitters.submit(() -> {
                    for (int n = next.getAndIncrement(); n < JOBS; n = next.getAndIncrement()) {
                        if (n >= RESTART_AT && !restarted.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                            throw new AssertionError("node " + KILLED + " was not restarted within " + BOUND);
                        }
                        int source = n % sources.size();
                        jobs.put(start(clients, n, source, refused), source);
                        Thread.sleep(50); // paced, so that jobs are in flight when the node dies
                    }
                    return null;
                }));
            }
            await("jobs accepted before the kill", () -> jobs.size() >= KILL_AT);
            await(
                    "node " + KILLED + " holding claimed jobs",
                    () -> claimed(cluster.node(KILLED).endpoint()) > 0);
            cluster.kill(KILLED); // SIGKILL, by PID
            await("jobs accepted before the restart", () -> jobs.size() >= Math.min(RESTART_AT, JOBS));
            cluster.restart(KILLED);
            SignerClient old = clients.set(KILLED, cluster.signer(KILLED));
            old.close();
            restarted.countDown();
            for (Future<?> submitter : running) {
                submitter.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            restarted.countDown();
            submitters.shutdownNow();
            clients.forEach(SignerClient::close);
        }
        return new Submissions(Map.copyOf(jobs), refused);
    }

    /** StartSigningJob n on node n % 3, else on the next nodes in turn (bounded), with one token. */
    private String start(List<SignerClient> clients, int n, int source, AtomicInteger refused)
            throws InterruptedException {
        String token = "cluster-job-" + n;
        for (int attempt = 0; attempt < 30; attempt++) {
            SignerClient client = clients.get((n + attempt) % NODES);
            try {
                return client.startSigningJob(b -> b.profileName("cluster")
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

    /** Waits (bounded) until the database holds no InProgress job; returns how long that took. */
    private static Duration awaitNoJobInProgress(SignetCluster cluster) throws Exception {
        long start = System.nanoTime();
        await(
                "no job InProgress",
                () -> count(cluster, "SELECT COUNT(*) FROM signing_job WHERE status = 'InProgress'") == 0);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static long takenOver(SignetCluster cluster) throws SQLException {
        return count(cluster, "SELECT COUNT(*) FROM signing_job WHERE attempts > 1");
    }

    private static long count(SignetCluster cluster, String sql) throws SQLException {
        try (Connection c = cluster.database();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Every job Succeeded or Failed (seen through the nodes in turn); each Succeeded job's output has
     * one version and verifies against the cluster's root; the destination holds nothing else.
     */
    private void checkOutcomes(SignetCluster cluster, Map<String, Integer> jobs, List<Path> sources) throws Exception {
        Verifier verifier = Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(rootPem(cluster.node(0).endpoint())))
                .build();
        Map<String, String> failed = new HashMap<>();
        List<String> outputs = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Integer> job : jobs.entrySet()) {
            int node = i++ % NODES;
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
                List<ObjectVersion> versions = s3.listObjectVersions(
                                b -> b.bucket("signed").prefix(key))
                        .versions();
                assertThat(versions).as("versions of %s", key).hasSize(1);
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
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + BOUND + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
