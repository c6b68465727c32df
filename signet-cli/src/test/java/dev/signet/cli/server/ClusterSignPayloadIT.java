package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.testing.SignetCluster;
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
 * Three {@code signet server} processes (the real launcher, one YAML file each) sharing one
 * embedded PostgreSQL and one master key file, started at the same moment on the empty database
 * ({@link SignetCluster}): they agree on one CA and one admin key; a SignPayload load spread over all of them goes on while
 * one node is killed with SIGKILL and started again, and every signature a client received a 200
 * for is a job that ListSigningJobs returns afterwards, through any node.
 */
class ClusterSignPayloadIT {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    private static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    private static final int NODES = 3;

    @TempDir
    Path dir;

    @Test
    void signaturesHandedOutByAnyNodeSurviveTheKillOfOne() throws Exception {
        try (SignetCluster cluster = SignetCluster.start(dir, NODES, "")) {
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
                cluster.kill(1); // SIGKILL, by PID
                int atKill = received.size();
                awaitAtLeast(received, atKill + 30);
                cluster.restart(1);
                SignerClient again = cluster.signer(1);
                clients.add(again);
                current.set(1, again);
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
