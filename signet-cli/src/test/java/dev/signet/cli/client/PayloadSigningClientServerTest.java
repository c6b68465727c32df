package dev.signet.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.DataDir;
import dev.signet.cli.sign.SignCommand;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's own transport against the real server (in process, free loopback port): profile
 * look-up and many SignPayload calls from several threads, each returning its own job and a DER
 * signature, over no more connections than threads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayloadSigningClientServerTest {
    private static final String PROFILE = "transport_test";
    private static final int THREADS = 4;
    private static final int CALLS_PER_THREAD = 10;

    @TempDir
    static Path dir;

    private SignetServer server;
    private ClientSettings settings;

    @BeforeAll
    void startServer() throws Exception {
        Path data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data));
        CliRunner cli = new CliRunner(Map.of("SIGNET_HOME", data.toString()), dir);
        CliRunner.Result put =
                cli.run("profile", "put", PROFILE, "--platform", "Signet-CMS-SHA256-ECDSA", "--endpoint", endpoint());
        assertThat(put.exitCode()).as(put.err()).isZero();
        AccessKey key = CredentialsFile.read(DataDir.credentials(data))
                .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                .orElseThrow();
        settings = new ClientSettings(ClientOptions.parseEndpoint(endpoint()), "us-east-1", key, data);
    }

    private String endpoint() {
        return server.endpoint().toString();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void signsFromSeveralThreadsOverKeptConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (PayloadSigningClient client = new PayloadSigningClient(settings)) {
            assertThat(client.getProfile(PROFILE).platformId()).hasValue("Signet-CMS-SHA256-ECDSA");
            List<Future<List<SignedPayload>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<SignedPayload> signed = new ArrayList<>();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        byte[] digest = MessageDigest.getInstance("SHA-256")
                                .digest((thread + "/" + i).getBytes(StandardCharsets.UTF_8));
                        signed.add(client.signPayload(PROFILE, digest, SignCommand.DIGEST_PAYLOAD_FORMAT));
                    }
                    return signed;
                }));
            }
            Set<String> jobs = new HashSet<>();
            for (Future<List<SignedPayload>> f : futures) {
                for (SignedPayload p : f.get(2, TimeUnit.MINUTES)) {
                    jobs.add(p.jobId());
                    assertThat(p.signature()[0]).as("a DER SEQUENCE").isEqualTo((byte) 0x30);
                    assertThat(p.jobOwner()).isNotEmpty();
                }
            }
            assertThat(jobs).hasSize(THREADS * CALLS_PER_THREAD);
            assertThat(client.connectionsOpened()).isLessThanOrEqualTo(THREADS + 1);
        } finally {
            pool.shutdownNow();
        }
    }
}
