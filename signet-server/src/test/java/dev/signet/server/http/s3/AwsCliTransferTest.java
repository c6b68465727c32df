package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.server.testing.AwsCli;
import dev.signet.server.testing.GeneratedContent;
import dev.signet.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a new user does first with the AWS CLI, v1 (the Python environment's) and v2 (Debian's), with
 * default settings: {@code aws s3 cp} of files over the multipart threshold up and down
 * (byte-identical), {@code aws s3 mv} (a multipart copy, then a delete), {@code aws s3 rb --force},
 * {@code s3api copy-object} of a version, {@code s3api delete-objects}, and {@code aws s3 presign}.
 */
class AwsCliTransferTest {
    static final long MB = 1000L * 1000;
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

    /** Uploads and downloads a file of {@code size} bytes with {@code aws s3 cp}; the bytes must survive. */
    void roundTrip(AwsCli cli, String bucket, long size, long seed) throws Exception {
        Path up = GeneratedContent.write(work.resolve("up-" + size), size, seed);
        Path down = work.resolve("down-" + size);
        try {
            String uri = "s3://" + bucket + "/files/" + size + ".bin";
            cli.ok("s3", "cp", up.toString(), uri);
            cli.ok("s3", "cp", uri, down.toString());
            assertThat(Files.mismatch(up, down)).as("first differing byte").isEqualTo(-1L);
        } finally {
            Files.deleteIfExists(up);
            Files.deleteIfExists(down);
        }
    }

    @ParameterizedTest(name = "AWS CLI v{0}")
    @ValueSource(ints = {1, 2})
    void copiesLargeFilesUpAndDown(int version) throws Exception {
        AwsCli cli = AwsCli.of(version, server, work);
        String bucket = "cp-v" + version;
        cli.ok("s3", "mb", "s3://" + bucket);
        roundTrip(cli, bucket, 20 * MB, version);
        // 12 parts of the CLI's 8 MiB, more than its 10 concurrent requests, up and down
        roundTrip(cli, bucket, 100 * MB, 10 + version);
        JsonNode listed = cli.ok("s3api", "list-objects-v2", "--bucket", bucket);
        assertThat(listed.get("Contents")).hasSize(2);
        // in key order: files/100000000.bin, files/20000000.bin
        assertThat(listed.get("Contents").get(0).get("ETag").asText())
                .as("a multipart ETag of 12 parts")
                .endsWith("-12\"");
        assertThat(listed.get("Contents").get(1).get("ETag").asText())
                .as("a multipart ETag of 3 parts")
                .endsWith("-3\"");
        cli.ok("s3", "rb", "--force", "s3://" + bucket);
        assertThat(server.assembly().objects().bucketExists(bucket)).isFalse();
    }

    @ParameterizedTest(name = "AWS CLI v{0}")
    @ValueSource(ints = {1, 2})
    void movesCopiesVersionsAndDeletesMany(int version) throws Exception {
        AwsCli cli = AwsCli.of(version, server, work);
        String bucket = "mv-v" + version;
        cli.ok("s3", "mb", "s3://" + bucket);
        Path file = GeneratedContent.write(work.resolve("mv.bin"), 9 * MB, 30 + version);
        cli.ok("s3", "cp", file.toString(), "s3://" + bucket + "/a.bin");
        cli.ok("s3", "mv", "s3://" + bucket + "/a.bin", "s3://" + bucket + "/moved/b.bin");
        JsonNode listed = cli.ok("s3api", "list-objects-v2", "--bucket", bucket);
        assertThat(listed.get("Contents")).hasSize(1);
        assertThat(listed.get("Contents").get(0).get("Key").asText()).isEqualTo("moved/b.bin");
        Path back = work.resolve("back.bin");
        cli.ok("s3", "cp", "s3://" + bucket + "/moved/b.bin", back.toString());
        assertThat(Files.mismatch(file, back)).isEqualTo(-1L);

        cli.ok("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled");
        Path text = work.resolve("v.txt");
        Files.writeString(text, "version one");
        String v1 = cli.ok("s3api", "put-object", "--bucket", bucket, "--key", "v.txt", "--body", text.toString())
                .get("VersionId")
                .asText();
        Files.writeString(text, "version two");
        cli.ok("s3api", "put-object", "--bucket", bucket, "--key", "v.txt", "--body", text.toString());
        JsonNode copied = cli.ok(
                "s3api",
                "copy-object",
                "--bucket",
                bucket,
                "--key",
                "restored.txt",
                "--copy-source",
                bucket + "/v.txt?versionId=" + v1);
        assertThat(copied.get("CopySourceVersionId").asText()).isEqualTo(v1);
        Path restored = work.resolve("restored.txt");
        cli.ok("s3api", "get-object", "--bucket", bucket, "--key", "restored.txt", restored.toString());
        assertThat(Files.readString(restored)).isEqualTo("version one");

        JsonNode deleted = cli.ok(
                "s3api",
                "delete-objects",
                "--bucket",
                bucket,
                "--delete",
                "{\"Objects\":[{\"Key\":\"v.txt\",\"VersionId\":\"" + v1 + "\"},{\"Key\":\"restored.txt\"}]}");
        assertThat(deleted.get("Deleted")).hasSize(2);
        assertThat(deleted.get("Deleted").get(0).get("VersionId").asText()).isEqualTo(v1);
        assertThat(deleted.get("Deleted").get(1).get("DeleteMarker").asBoolean())
                .isTrue();
        AwsCli.Result notEmpty = cli.run("s3", "rb", "s3://" + bucket);
        assertThat(notEmpty.exit()).isNotZero();
        assertThat(notEmpty.err()).contains("BucketNotEmpty");
    }

    @ParameterizedTest(name = "AWS CLI v{0}")
    @ValueSource(ints = {1, 2})
    void presignedUrls(int version) throws Exception {
        AwsCli cli = AwsCli.of(version, server, work);
        String bucket = "presign-v" + version;
        cli.ok("s3", "mb", "s3://" + bucket);
        Path text = work.resolve("p.txt");
        Files.writeString(text, "presigned");
        cli.ok("s3", "cp", text.toString(), "s3://" + bucket + "/p.txt");
        HttpClient http = HttpClient.newHttpClient();

        String url = cli.run("s3", "presign", "s3://" + bucket + "/p.txt").out().strip();
        HttpResponse<String> got = http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (version == 1) {
            // the CLI v1 default is Signature Version 2, which Signet (like S3 for new buckets) refuses
            assertThat(url).contains("AWSAccessKeyId=");
            assertThat(got.statusCode()).isEqualTo(400);
            assertThat(got.body()).contains("<Code>InvalidRequest</Code>").contains("Please use AWS4-HMAC-SHA256");
            cli.config("s3 =\n    signature_version = s3v4\n");
            url = cli.run("s3", "presign", "s3://" + bucket + "/p.txt").out().strip();
            got = http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        assertThat(url).contains("X-Amz-Signature=");
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("presigned");
    }
}
