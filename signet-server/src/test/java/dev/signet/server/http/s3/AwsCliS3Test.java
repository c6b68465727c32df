package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.server.testing.AwsCli;
import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI ({@code aws s3api}, which makes its own chunking and checksum choices) against a real
 * server. Fails when {@code aws} is not installed.
 */
class AwsCliS3Test {
    static TestServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    AwsCli cli;

    @BeforeEach
    void cli() throws Exception {
        cli = AwsCli.of(1, server, work);
    }

    AwsCli.Result aws(String... args) throws IOException, InterruptedException {
        return cli.run(args);
    }

    JsonNode ok(String... args) throws Exception {
        return cli.ok(args);
    }

    @Test
    void s3apiRoundTrip() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(content);
        Path file = work.resolve("upload.bin");
        Files.write(file, content);
        String key = "dir/ü file+1.bin";

        ok("s3api", "create-bucket", "--bucket", "cli-bucket");
        ok("s3api", "put-bucket-versioning", "--bucket", "cli-bucket", "--versioning-configuration", "Status=Enabled");
        String v1 = ok("s3api", "put-object", "--bucket", "cli-bucket", "--key", key, "--body", file.toString())
                .get("VersionId")
                .asText();
        Files.writeString(file, "second version", StandardCharsets.UTF_8);
        String v2 = ok("s3api", "put-object", "--bucket", "cli-bucket", "--key", key, "--body", file.toString())
                .get("VersionId")
                .asText();
        assertThat(v1).isNotEqualTo(v2);

        Path downloaded = work.resolve("download.bin");
        ok("s3api", "get-object", "--bucket", "cli-bucket", "--key", key, "--version-id", v1, downloaded.toString());
        assertThat(Files.readAllBytes(downloaded)).isEqualTo(content);
        ok("s3api", "get-object", "--bucket", "cli-bucket", "--key", key, downloaded.toString());
        assertThat(Files.readString(downloaded)).isEqualTo("second version");

        JsonNode versions = ok("s3api", "list-object-versions", "--bucket", "cli-bucket");
        assertThat(versions.get("Versions")).hasSize(2);
        assertThat(versions.get("Versions").get(0).get("Key").asText()).isEqualTo(key);
        assertThat(versions.get("Versions").get(0).get("VersionId").asText()).isEqualTo(v2);

        JsonNode listed = ok("s3api", "list-objects-v2", "--bucket", "cli-bucket", "--prefix", "dir/");
        assertThat(listed.get("Contents").get(0).get("Key").asText()).isEqualTo(key);

        AwsCli.Result missing = aws("s3api", "head-object", "--bucket", "cli-bucket", "--key", "nope");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("404");
    }
}
