package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.testing.SignetCluster;
import dev.signet.server.testing.S3Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * Three {@code signet server} processes (the real launcher, one YAML file each, {@link
 * SignetCluster}) sharing one embedded PostgreSQL, one master key file and one S3-compatible store
 * (S3Proxy in its own JVM, {@code objects.type: s3}), started at the same moment on the empty
 * database (they agree on one CA and one admin key), with a 4 s job lease ({@code jobs.lease}). In
 * turn, on this one cluster (a three-node start is ~10 s of a busy machine):
 *
 * <ol>
 *   <li>a SignPayload load spread over all of them goes on while node 1 is killed with SIGKILL and
 *       started again, and every signature a client received a 200 for is a job that
 *       ListSigningJobs returns afterwards, through a surviving and through the restarted node;
 *   <li>{@link StartSigningJobsUnderKill}, node 2 killed with SIGKILL and restarted (node 2, which
 *       has run since the start as the killed node of the three-node run always had: the node
 *       restarted in phase 1, on a cold JVM, may claim its first job only after the submitters
 *       reached the restart mark, and then no request meets it dead). No job is
 *       InProgress within two lease periods of the moment the backlog drained (the clock starts
 *       there, not at the last request: how long a backlog takes depends on the machine's load, not
 *       on the lease; see that class), every job Succeeded, its output verifies and was written
 *       once. The two-node run of the same is a phase of {@link ClusterTwoNodesIT}.
 * </ol>
 */
class ClusterThreeNodesIT {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    private static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    private static final int NODES = 3;
    /** The node killed in phase 1. */
    private static final int KILLED = 1;
    /** The node killed in phase 2. */
    private static final int KILLED_AGAIN = 2;

    private static final Duration LEASE = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void signaturesAndJobsSurviveTheKillOfANode() throws Exception {
        try (S3Proxy proxy = S3Proxy.start()) {
            String settings =
                    SignetCluster.s3Objects(proxy.newBucket(), dir) + StartSigningJobsUnderKill.leaseYaml(LEASE);
            try (SignetCluster cluster = SignetCluster.start(dir, NODES, settings)) {
                signaturesHandedOutByAnyNodeSurviveTheKillOfOne(cluster);
                StartSigningJobsUnderKill.Result result =
                        new StartSigningJobsUnderKill(cluster, dir, LEASE, KILLED_AGAIN).run();
                System.out.printf("ClusterThreeNodesIT: StartSigningJob under kill: %s%n", result);
            }
        }
    }

    /** Phase 1: SignPayload under the kill of node {@value #KILLED}. */
    private static void signaturesHandedOutByAnyNodeSurviveTheKillOfOne(SignetCluster cluster) throws Exception {
        List<SignerClient> clients = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            clients.add(cluster.signer(i));
        }
        clients.get(0).putSigningProfile(p -> p.profileName("app").platformId(CMS));

        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<SignerClient> current = new CopyOnWriteArrayList<>(clients);
        ExecutorService load = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> drivers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1_000_000;
                drivers.add(load.submit(() -> {
                    for (int i = base; !stop.get(); i++) {
                        SignerClient client = current.get(i % NODES);
                        try {
                            received.add(signPayload(client, i));
                        } catch (SdkException e) {
                            // the killed node: connection refused or reset
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            awaitAtLeast(received, 30);
            cluster.kill(KILLED); // SIGKILL, by PID
            int atKill = received.size();
            awaitAtLeast(received, atKill + 30);
            cluster.restart(KILLED);
            SignerClient again = cluster.signer(KILLED);
            clients.add(again);
            current.set(KILLED, again);
            awaitAtLeast(received, received.size() + 30);
            stop.set(true);
            for (Future<?> driver : drivers) {
                driver.get(120, TimeUnit.SECONDS);
            }

            assertThat(failed.get()).as("requests that met the killed node").isPositive();
            for (SignerClient client : List.of(clients.get(0), again)) {
                Set<String> listed = new HashSet<>();
                client.listSigningJobsPaginator(r -> r.maxResults(25))
                        .forEach(page -> page.jobs().forEach(j -> listed.add(j.jobId())));
                assertThat(listed).containsAll(received);
            }
        } finally {
            stop.set(true);
            load.shutdownNow();
            clients.forEach(SignerClient::close);
        }
    }

    private static String signPayload(SignerClient client, int n) throws Exception {
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest(Integer.toString(n).getBytes(StandardCharsets.UTF_8));
        return client.signPayload(r -> r.profileName("app")
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat(DIGEST_FORMAT))
                .jobId();
    }

    /** Waits (at most 120 s) until {@code received} holds {@code count} signatures. */
    private static void awaitAtLeast(Set<String> received, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (received.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + received.size() + " of " + count + " signatures within 120 s");
            }
            Thread.sleep(20);
        }
    }
}
