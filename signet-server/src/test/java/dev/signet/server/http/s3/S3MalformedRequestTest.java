package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.http.RawRequests;
import dev.signet.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests an SDK would never send, correctly signed: each gets S3's error and changes nothing. */
class S3MalformedRequestTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        send("PUT", "/target", "", Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String pathAndQuery, String body, Map<String, String> headers)
            throws Exception {
        return RawRequests.signedSend(
                method,
                server.endpoint().resolve(pathAndQuery),
                "s3",
                server.credentials(),
                Clock.systemUTC(),
                body.getBytes(StandardCharsets.UTF_8),
                headers);
    }

    static Stream<Arguments> cases() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<VersioningConfiguration><Status>&e;</Status></VersioningConfiguration>";
        return Stream.of(
                Arguments.of("PUT", "/Bad_Name", "", Map.of(), 400, "InvalidBucketName"),
                Arguments.of(
                        "PUT",
                        "/target?versioning",
                        "<VersioningConfiguration><Status>Maybe</Status></VersioningConfiguration>",
                        Map.of(),
                        400,
                        "MalformedXML"),
                Arguments.of("PUT", "/target?versioning", xxe, Map.of(), 400, "MalformedXML"),
                Arguments.of("PUT", "/target?versioning", "not xml", Map.of(), 400, "MalformedXML"),
                Arguments.of("PUT", "/other-bucket", "<Unrelated/>", Map.of(), 400, "MalformedXML"),
                Arguments.of("GET", "/target?list-type=2&max-keys=abc", "", Map.of(), 400, "InvalidArgument"),
                Arguments.of(
                        "GET", "/target?list-type=2&continuation-token=%FF%FE", "", Map.of(), 400, "InvalidArgument"),
                Arguments.of("GET", "/target?versions&version-id-marker=x", "", Map.of(), 400, "InvalidArgument"),
                Arguments.of(
                        "PUT",
                        "/target/crc.txt",
                        "content",
                        Map.of("x-amz-checksum-crc32", "AAAAAA=="),
                        400,
                        "BadDigest"),
                Arguments.of(
                        "PUT",
                        "/target/md5.txt",
                        "content",
                        Map.of("Content-MD5", "not-base64!"),
                        400,
                        "InvalidDigest"),
                Arguments.of(
                        "PUT",
                        "/target/crc64.txt",
                        "content",
                        Map.of("x-amz-checksum-crc64nvme", "AAAAAAAAAAA="),
                        400,
                        "BadDigest"),
                Arguments.of(
                        "PUT",
                        "/target/sha.txt",
                        "content",
                        Map.of("x-amz-checksum-sha512", "AAAAAAAAAAA="),
                        400,
                        "InvalidRequest"),
                Arguments.of("POST", "/target/k", "", Map.of(), 501, "NotImplemented"),
                Arguments.of(
                        "PUT",
                        "/target/sse.txt",
                        "x",
                        Map.of("x-amz-server-side-encryption", "AES256"),
                        501,
                        "NotImplemented"),
                Arguments.of("PUT", "/target/tag.txt", "x", Map.of("x-amz-tagging", "a=b"), 501, "NotImplemented"),
                Arguments.of("PUT", "/target/cond.txt", "x", Map.of("If-None-Match", "*"), 501, "NotImplemented"),
                Arguments.of("PUT", "/target/k?partNumber=1", "x", Map.of(), 400, "InvalidRequest"),
                Arguments.of("PUT", "/target/k?partNumber=1&uploadId=zzz", "x", Map.of(), 404, "NoSuchUpload"),
                Arguments.of(
                        "POST",
                        "/target/k?uploads",
                        "",
                        Map.of("x-amz-checksum-algorithm", "MD5"),
                        400,
                        "InvalidRequest"),
                Arguments.of(
                        "POST",
                        "/target?delete",
                        "<Delete><Object><Key>k</Key></Object></Delete>",
                        Map.of(),
                        400,
                        "InvalidRequest"),
                Arguments.of("PUT", "/target/k?tagging", "<Tagging/>", Map.of(), 501, "NotImplemented"),
                Arguments.of("DELETE", "/target?cors", "", Map.of(), 501, "NotImplemented"),
                Arguments.of("DELETE", "/", "", Map.of(), 405, "MethodNotAllowed"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void refused(String method, String path, String body, Map<String, String> headers, int status, String code)
            throws Exception {
        HttpResponse<String> r = send(method, path, body, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains("<Code>" + code + "</Code>").doesNotContain("root:");
        assertThat(r.headers().firstValue("x-amz-request-id")).isPresent();
        HttpResponse<String> list = send("GET", "/target?list-type=2", "", Map.of());
        assertThat(list.body()).doesNotContain("<Contents>");
        HttpResponse<String> versioning = send("GET", "/target?versioning", "", Map.of());
        assertThat(versioning.body()).doesNotContain("<Status>");
    }
}
