package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.http.s3.S3Routes;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Bootstrap of the data directory, restart and shutdown. */
class SignetServerTest {

    @Test
    void firstStartBootstrapsTheDataDirectory() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        TestServer server;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            server = TestServer.start(List.of(S3Routes::new));
        } finally {
            System.setOut(original);
        }
        try (server) {
            Path dir = server.dataDir();
            assertThat(server.server().port()).isPositive();
            assertThat(captured.toString(StandardCharsets.UTF_8).lines())
                    .containsExactly("Signet listening on http://127.0.0.1:"
                            + server.server().port());
            for (String name : List.of("master.key", "credentials")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
                        .as(name)
                        .isEqualTo("rw-------");
            }
            assertThat(dir.resolve("signet.db")).isRegularFile();
            String journal = server.context()
                    .database()
                    .jdbi()
                    .withHandle(h -> h.createQuery("PRAGMA journal_mode")
                            .mapTo(String.class)
                            .one());
            assertThat(journal).isEqualToIgnoringCase("wal");
            assertThat(dir.resolve("objects")).isDirectory();
            assertThat(dir.resolve("keys")).isDirectory();
            assertThat(dir.resolve("ca")).isDirectory();
            String credentials = Files.readString(dir.resolve("credentials"));
            assertThat(credentials)
                    .startsWith("[signet]\n")
                    .contains("aws_access_key_id = AKIA")
                    .contains("aws_secret_access_key = ")
                    .endsWith("region = us-east-1\n");
            String secret = server.credentials().secretAccessKey();
            try (var lines = Files.lines(dir.resolve("signet.db"), StandardCharsets.ISO_8859_1)) {
                assertThat(lines).noneMatch(l -> l.contains(secret));
            }
        }
    }

    @Test
    void objectsCredentialsAndTheCaSurviveARestart() throws Exception {
        try (TestServer server = TestServer.start(List.of(S3Routes::new))) {
            String credentials = Files.readString(server.dataDir().resolve("credentials"));
            X509Certificate root = server.context().ca().root();
            try (S3Client s3 = server.s3()) {
                s3.createBucket(b -> b.bucket("durable"));
                s3.putBucketVersioning(b -> b.bucket("durable").versioningConfiguration(c -> c.status("Enabled")));
                s3.putObject(b -> b.bucket("durable").key("k"), RequestBody.fromString("before restart"));
            }
            int firstPort = server.server().port();

            server.restart();

            assertThat(Files.readString(server.dataDir().resolve("credentials")))
                    .isEqualTo(credentials);
            assertThat(server.context().ca().root()).isEqualTo(root);
            try (S3Client s3 = server.s3()) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket("durable").key("k"))
                                .asUtf8String())
                        .isEqualTo("before restart");
                assertThat(s3.getBucketVersioning(b -> b.bucket("durable")).statusAsString())
                        .isEqualTo("Enabled");
            }
            assertThat(server.server().port()).isPositive();
            assertThat(firstPort).isPositive();
        }
    }

    @Test
    void closeStopsListeningClosesTheDatabaseAndIsIdempotent() {
        TestServer server = TestServer.start(List.of(S3Routes::new));
        int port = server.server().port();
        assertThat(accepts(port)).as("port %d before close", port).isTrue();

        server.server().close();

        assertThat(accepts(port)).as("port %d after close", port).isFalse();
        assertThatThrownBy(() -> server.context()
                        .database()
                        .jdbi()
                        .withHandle(h ->
                                h.createQuery("SELECT 1").mapTo(Integer.class).one()))
                .hasMessageContaining("has been closed");
        assertThatCode(server.server()::close).doesNotThrowAnyException();
        assertThatCode(server::close).doesNotThrowAnyException();
    }

    /** Whether something accepts a TCP connection on 127.0.0.1:port (bounded by a 5 s connect timeout). */
    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
