package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.testing.ServerProcess;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.files.SecureFiles;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * Three {@code signet server} processes (the real launcher, one YAML file each) sharing one
 * embedded PostgreSQL and one master key file, started at the same moment on the empty database:
 * they agree on one CA and one admin key; a SignPayload load spread over all of them goes on while
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
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE signet_cluster");
            }
            Path masterKey =
                    SecureFiles.createPrivateDirectories(dir.resolve("shared")).resolve("master.key");
            MasterKey.loadOrCreate(masterKey);
            List<Path> configs = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                Path yaml = dir.resolve("node" + i + ".yaml");
                Files.writeString(
                        yaml,
                        "listen: 127.0.0.1:0\n"
                                + "data-dir: " + dir.resolve("node" + i) + "\n"
                                + "database:\n"
                                + "  url: jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/signet_cluster\n"
                                + "  user: postgres\n"
                                + "  pool-size: 4\n"
                                + "master-key:\n"
                                + "  file: " + masterKey + "\n");
                configs.add(yaml);
            }
            List<ServerProcess> nodes = new ArrayList<>();
            ExecutorService starting = Executors.newFixedThreadPool(NODES);
            try {
                List<Future<ServerProcess>> starts = new ArrayList<>();
                for (int i = 0; i < NODES; i++) {
                    Path yaml = configs.get(i);
                    Path log = dir.resolve("node" + i + ".log");
                    starts.add(starting.submit(() -> ServerProcess.start(command(yaml), log)));
                }
                for (Future<ServerProcess> start : starts) {
                    nodes.add(start.get(240, TimeUnit.SECONDS));
                }
                AccessKey admin = credentials(0);
                for (int i = 1; i < NODES; i++) {
                    assertThat(credentials(i)).as("node%d's admin key", i).isEqualTo(admin);
                }

                List<SignerClient> clients = new ArrayList<>();
                for (ServerProcess node : nodes) {
                    clients.add(client(node, admin));
                }
                clients.get(0).putSigningProfile(p -> p.profileName("app").platformId(CMS));

                Set<String> received = ConcurrentHashMap.newKeySet();
                AtomicInteger failed = new AtomicInteger();
                AtomicBoolean stop = new AtomicBoolean();
                List<SignerClient> current = new java.util.concurrent.CopyOnWriteArrayList<>(clients);
                ExecutorService load = Executors.newFixedThreadPool(4);
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
                nodes.get(1).close(); // SIGKILL, by PID
                int atKill = received.size();
                awaitAtLeast(received, atKill + 30);
                ServerProcess restarted = ServerProcess.start(command(configs.get(1)), dir.resolve("node1.log"));
                nodes.set(1, restarted);
                SignerClient again = client(restarted, admin);
                clients.add(again);
                current.set(1, again);
                awaitAtLeast(received, received.size() + 30);
                stop.set(true);
                for (Future<?> driver : drivers) {
                    driver.get(120, TimeUnit.SECONDS);
                }
                load.shutdown();

                assertThat(failed.get()).as("requests that met the killed node").isPositive();
                for (SignerClient client : List.of(clients.get(0), again)) {
                    Set<String> listed = new HashSet<>();
                    client.listSigningJobsPaginator(r -> r.maxResults(25))
                            .forEach(page -> page.jobs().forEach(j -> listed.add(j.jobId())));
                    assertThat(listed).containsAll(received);
                }
                clients.forEach(SignerClient::close);
            } finally {
                starting.shutdownNow();
                nodes.forEach(ServerProcess::close);
            }
        }
    }

    private AccessKey credentials(int node) throws Exception {
        return CredentialsFile.read(dir.resolve("node" + node).resolve(CredentialsFile.BOOTSTRAP_FILE))
                .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                .orElseThrow();
    }

    private static SignerClient client(ServerProcess node, AccessKey key) {
        return SignerClient.builder()
                .endpointOverride(node.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret())))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
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

    private ProcessBuilder command(Path yaml) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(System.getProperty("signet.jar"));
        command.add("server");
        command.add("--config");
        command.add(yaml.toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("SIGNET_"));
        return pb;
    }
}
