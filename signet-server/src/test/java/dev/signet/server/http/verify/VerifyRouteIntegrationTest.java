package dev.signet.server.http.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.sigv4.SigV4;
import dev.signet.server.http.Json;
import dev.signet.server.http.RawRequests;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * {@code POST /v1/verify} against a real server with real SigV4: signatures made through SignPayload
 * and StartSigningJob judged under code signing configs (by ARN) and inline policies, uploads
 * streamed as multipart/form-data, and every malformed request refused with a 400 that leaves
 * nothing on disk.
 */
class VerifyRouteIntegrationTest {
    static final String CMS = "Signet-CMS-SHA256-ECDSA";
    static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";

    static TestServer server;
    static String cmsVersionArn;
    static String otherVersionArn;
    static String lambdaVersionArn;
    static String enforceCsc;
    static String warnCsc;
    static String otherEnforceCsc;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        var signer = server.signer();
        cmsVersionArn = signer.putSigningProfile(
                        b -> b.profileName("vroute_cms").platformId(CMS))
                .profileVersionArn();
        otherVersionArn = signer.putSigningProfile(
                        b -> b.profileName("vroute_other").platformId(CMS))
                .profileVersionArn();
        lambdaVersionArn = signer.putSigningProfile(
                        b -> b.profileName("vroute_lambda").platformId("AWSLambda-SHA384-ECDSA"))
                .profileVersionArn();
        enforceCsc = csc(cmsVersionArn, "Enforce");
        warnCsc = csc(cmsVersionArn, "Warn");
        otherEnforceCsc = csc(otherVersionArn, "Enforce");
        var s3 = server.s3();
        s3.createBucket(b -> b.bucket("functions"));
        s3.putBucketVersioning(b -> b.bucket("functions")
                .versioningConfiguration(
                        v -> v.status(software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket("signed"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void nothingIsLeftOnDisk() throws IOException {
        try (Stream<Path> files = Files.list(server.dataDir().resolve("tmp").resolve("verify"))) {
            assertThat(files).isEmpty();
        }
    }

    static String csc(String publisher, String action) {
        return server.lambda()
                .createCodeSigningConfig(b -> b.allowedPublishers(p -> p.signingProfileVersionArns(publisher))
                        .codeSigningPolicies(c -> c.untrustedArtifactOnDeployment(action)))
                .codeSigningConfig()
                .codeSigningConfigArn();
    }

    // ---- the gate ----

    @Test
    void aSignPayloadSignatureIsAllowedUnderEnforceByCscArn() throws Exception {
        Signed signed = signPayload("vroute_cms", 1);
        JsonNode decision = ok(postJson(digestRequest(byArn(enforceCsc), signed.digest, signed.signature)));
        assertThat(decision.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(decision.get("allowed").asBoolean()).isTrue();
        assertThat(decision.get("policy").asText()).isEqualTo("Enforce");
        assertThat(decision.get("codeSigningConfigArn").asText()).isEqualTo(enforceCsc);
        assertThat(decision.get("format").asText()).isEqualTo("cms-detached");
        assertThat(decision.get("signature").get("profileVersionArns").get(0).asText())
                .isEqualTo(cmsVersionArn);
        assertThat(decision.get("blocking")).isEmpty();
        assertThat(decision.get("warnings")).isEmpty();
        assertThat(decision.get("revocationList").has("nextUpdate")).isTrue();
        assertThat(checkNames(decision))
                .containsExactly("INTEGRITY", "CHAIN", "PUBLISHER", "EXPIRY", "REVOCATION", "TIMESTAMP");
    }

    @Test
    void aSignPayloadSignatureIsAllowedUnderAnInlineEnforcePolicy() throws Exception {
        Signed signed = signPayload("vroute_cms", 2);
        JsonNode decision =
                ok(postJson(digestRequest(inline(cmsVersionArn, "Enforce"), signed.digest, signed.signature)));
        assertThat(decision.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(decision.has("codeSigningConfigArn")).isFalse();
    }

    @Test
    void aChangedDigestIsBlockedForIntegrityEvenUnderWarn() throws Exception {
        Signed signed = signPayload("vroute_cms", 3);
        byte[] changed = signed.digest.clone();
        changed[5] ^= 1;
        for (ObjectNode policy : List.of(byArn(warnCsc), inline(cmsVersionArn, "Warn"), byArn(enforceCsc))) {
            JsonNode decision = ok(postJson(digestRequest(policy, changed, signed.signature)));
            assertThat(decision.get("decision").asText()).isEqualTo("BLOCK");
            assertThat(decision.get("blocking")).extracting(JsonNode::asText).contains("INTEGRITY");
            assertThat(reason(decision, "INTEGRITY")).isEqualTo("INTEGRITY");
        }
    }

    /**
     * A verification Signet cannot finish (a format whose parser has a bug) is no verdict on the
     * artifact: a 500 naming the request id, under Warn too, and one ERROR log line with the stack
     * trace under that request id; never a MALFORMED decision.
     */
    @Test
    void aVerificationSignetCannotFinishIsA500AndLoggedOnce() throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        HttpResponse<String> response;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            response = postJson(digestRequest(
                    inline(cmsVersionArn, "Warn"), new byte[32], dev.signet.core.testing.BrokenFormat.signature()));
        } finally {
            System.setErr(originalErr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        originalErr.print(logged);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).hasValue("InternalServiceErrorException");
        assertThat(Json.mapper().readTree(response.body()).get("message").asText())
                .isEqualTo("An internal error occurred; request id " + requestId);
        assertThat(response.body()).doesNotContain("MALFORMED", "decision");
        assertThat(logged)
                .contains("ERROR", "Request " + requestId + " failed unexpectedly")
                .contains("verifying a test-broken signature over a SHA-256 digest failed")
                .contains("at dev.signet.core.testing.BrokenFormat.verify");
        assertThat(logged.split("failed unexpectedly", -1)).hasSize(2);
    }

    @Test
    void anUnsignedUploadIsBlockedUnderEnforceAndAllowedWithAWarningUnderWarn() throws Exception {
        byte[] artifact = randomBytes(10_000, 4);
        JsonNode enforced = ok(postUpload(byArn(enforceCsc), artifact, null));
        assertThat(enforced.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(reason(enforced, "INTEGRITY")).isEqualTo("UNSIGNED");
        assertThat(enforced.get("blocking")).extracting(JsonNode::asText).containsExactly("UNSIGNED");

        JsonNode warned = ok(postUpload(byArn(warnCsc), artifact, null));
        assertThat(warned.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(warned.get("blocking")).isEmpty();
        assertThat(warned.get("warnings")).extracting(JsonNode::asText).containsExactly("UNSIGNED");
    }

    @Test
    void anUploadWithADetachedSignaturePartIsAllowed() throws Exception {
        byte[] artifact = randomBytes(200_000, 5);
        SignPayloadResponse signed = server.signer()
                .signPayload(b -> b.profileName("vroute_cms")
                        .payload(SdkBytes.fromByteArray(Digests.digest(HashAlgorithm.SHA256, artifact)))
                        .payloadFormat(DIGEST_FORMAT));
        JsonNode decision =
                ok(postUpload(byArn(enforceCsc), artifact, signed.signature().asByteArray()));
        assertThat(decision.get("decision").asText()).isEqualTo("ALLOW");

        artifact[100] ^= 1;
        JsonNode tampered =
                ok(postUpload(byArn(warnCsc), artifact, signed.signature().asByteArray()));
        assertThat(tampered.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(reason(tampered, "INTEGRITY")).isEqualTo("INTEGRITY");
    }

    @Test
    void aSignedLambdaZipIsVerifiedByUpload() throws Exception {
        byte[] zip = signedFunctionZip();
        JsonNode decision = ok(postUpload(inline(lambdaVersionArn, "Enforce"), zip, null));
        assertThat(decision.get("decision").asText()).as(decision.toString()).isEqualTo("ALLOW");
        assertThat(decision.get("format").asText()).isEqualTo("lambda-zip");

        JsonNode wrongPublisher = ok(postUpload(byArn(enforceCsc), zip, null));
        assertThat(wrongPublisher.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(reason(wrongPublisher, "PUBLISHER")).isEqualTo("UNTRUSTED_PUBLISHER");
    }

    @Test
    void aRevokedSignatureIsBlockedUnderEnforceAndAWarningUnderWarn() throws Exception {
        Signed signed = signPayload("vroute_cms", 6);
        server.signer().revokeSignature(b -> b.jobId(signed.jobId).reason("compromised build"));
        JsonNode enforced = ok(postJson(digestRequest(byArn(enforceCsc), signed.digest, signed.signature)));
        assertThat(enforced.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(reason(enforced, "REVOCATION")).isEqualTo("SIGNATURE_REVOKED");
        assertThat(enforced.get("blocking")).extracting(JsonNode::asText).containsExactly("REVOCATION");

        JsonNode warned = ok(postJson(digestRequest(byArn(warnCsc), signed.digest, signed.signature)));
        assertThat(warned.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(warned.get("warnings")).extracting(JsonNode::asText).containsExactly("REVOCATION");
    }

    @Test
    void aPublisherNotInTheCscIsUntrusted() throws Exception {
        Signed signed = signPayload("vroute_cms", 7);
        JsonNode decision = ok(postJson(digestRequest(byArn(otherEnforceCsc), signed.digest, signed.signature)));
        assertThat(decision.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(reason(decision, "PUBLISHER")).isEqualTo("UNTRUSTED_PUBLISHER");
    }

    @Test
    void theFormatMayBeNamed() throws Exception {
        Signed signed = signPayload("vroute_cms", 8);
        ObjectNode request = digestRequest(byArn(enforceCsc), signed.digest, signed.signature);
        request.put("format", "cms-detached");
        assertThat(ok(postJson(request)).get("decision").asText()).isEqualTo("ALLOW");
    }

    // ---- refusals ----

    @Test
    void unknownAndForeignCodeSigningConfigsAreNotFound() throws Exception {
        Signed signed = signPayload("vroute_cms", 9);
        String unknown = enforceCsc.substring(0, enforceCsc.lastIndexOf(':') + 1) + "csc-0123456789abcdefg";
        String foreign = enforceCsc.replaceFirst(":\\d{12}:", ":999999999999:");
        for (String arn : List.of(unknown, foreign)) {
            HttpResponse<String> response = postJson(digestRequest(byArn(arn), signed.digest, signed.signature));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.body()).contains("ResourceNotFoundException");
        }
        HttpResponse<String> upload = postUpload(byArn(unknown), randomBytes(100, 9), null);
        assertThat(upload.statusCode()).isEqualTo(404);
    }

    static Stream<Arguments> badJsonRequests() {
        String digest = Base64.getEncoder().encodeToString(new byte[32]);
        String sig = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        String subject = "\"subject\":{\"digest\":{\"algorithm\":\"SHA256\",\"value\":\"" + digest + "\"}}";
        String arn =
                "\"codeSigningConfigArn\":\"arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdefg\"";
        String policy = "\"policy\":{\"AllowedPublishers\":{\"SigningProfileVersionArns\":"
                + "[\"arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/abcdefghij\"]}}";
        return Stream.of(
                Arguments.of("not json", "{nope", "not valid JSON"),
                Arguments.of("array", "[]", "JSON object"),
                Arguments.of("trailing", "{" + arn + "," + subject + "} x", "not valid JSON"),
                Arguments.of(
                        "duplicate member",
                        "{" + arn + "," + arn + "," + subject + "}",
                        "member 'codeSigningConfigArn' more than once"),
                Arguments.of("no policy", "{" + subject + "}", "exactly one"),
                Arguments.of("both policies", "{" + arn + "," + policy + "," + subject + "}", "exactly one"),
                Arguments.of("unknown member", "{" + arn + "," + subject + ",\"extra\":1}", "extra"),
                Arguments.of("no subject", "{" + arn + "}", "subject is required"),
                Arguments.of("bad arn", "{\"codeSigningConfigArn\":\"nope\"," + subject + "}", "codeSigningConfigArn"),
                Arguments.of("bad policy", "{\"policy\":{\"AllowedPublishers\":{}}," + subject + "}", "policy"),
                Arguments.of("policy not object", "{\"policy\":\"Enforce\"," + subject + "}", "policy"),
                Arguments.of(
                        "bad action",
                        "{\"policy\":{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"arn:aws:signer:us-east-1:000000000000:/signing-profiles/p\"]},"
                                + "\"CodeSigningPolicies\":{\"UntrustedArtifactOnDeployment\":\"Maybe\"}}," + subject
                                + "}",
                        "policy"),
                Arguments.of(
                        "bad base64 signature", "{" + arn + "," + subject + ",\"signature\":\"%%%\"}", "signature"),
                Arguments.of("empty signature", "{" + arn + "," + subject + ",\"signature\":\"\"}", "signature"),
                Arguments.of(
                        "bad base64 digest",
                        "{" + arn + ",\"subject\":{\"digest\":{\"algorithm\":\"SHA256\",\"value\":\"!!\"}}}",
                        "subject.digest.value"),
                Arguments.of(
                        "short digest",
                        "{" + arn + ",\"subject\":{\"digest\":{\"algorithm\":\"SHA384\",\"value\":\"" + digest
                                + "\"}}}",
                        "48 bytes"),
                Arguments.of(
                        "unknown algorithm",
                        "{" + arn + ",\"subject\":{\"digest\":{\"algorithm\":\"MD5\",\"value\":\"" + digest + "\"}}}",
                        "MD5"),
                Arguments.of("two subjects", "{" + arn + ",\"subject\":{\"digest\":{},\"payload\":{}}}", "subject"),
                Arguments.of(
                        "bad media type",
                        "{" + arn + ",\"subject\":{\"payload\":{\"mediaType\":\"x\",\"value\":\"AAAA\"}}}",
                        "subject.payload"),
                Arguments.of(
                        "unknown format",
                        "{" + arn + "," + subject + ",\"signature\":\"" + sig + "\",\"format\":\"nope\"}",
                        "format 'nope'"),
                Arguments.of("number signature", "{" + arn + "," + subject + ",\"signature\":5}", "string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJsonRequests")
    void malformedJsonRequestsAreRefused(String name, String body, String message) throws Exception {
        HttpResponse<String> response = post(body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("ValidationException").contains(message);
    }

    @Test
    void aJsonRequestOver1MibIsRefused() throws Exception {
        byte[] body =
                ("{\"signature\":\"" + "A".repeat(VerifyRequest.MAX_JSON) + "\"}").getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = post(body, "application/json", Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("larger than");
    }

    @Test
    void otherContentTypesAreRefused() throws Exception {
        for (String type : List.of("text/plain", "application/octet-stream", "multipart/mixed; boundary=x")) {
            HttpResponse<String> response = post("{}".getBytes(StandardCharsets.UTF_8), type, Map.of());
            assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(400);
            assertThat(response.body()).contains("Content-Type");
        }
    }

    static Stream<Arguments> badUploads() {
        String request = "{\"codeSigningConfigArn\":\""
                + "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdefg" + "\"}";
        return Stream.of(
                Arguments.of("no request part", List.of(part("artifact", "x")), "no 'request' part"),
                Arguments.of("no artifact part", List.of(part("request", request)), "no 'artifact' part"),
                Arguments.of(
                        "two artifacts",
                        List.of(part("request", request), part("artifact", "x"), part("artifact", "y")),
                        "more than one 'artifact'"),
                Arguments.of(
                        "two requests",
                        List.of(part("request", request), part("request", request), part("artifact", "y")),
                        "more than one 'request'"),
                Arguments.of(
                        "unknown part",
                        List.of(part("request", request), part("artifact", "x"), part("extra", "z")),
                        "unknown part 'extra'"),
                Arguments.of(
                        "empty signature part",
                        List.of(part("request", request), part("artifact", "x"), part("signature", "")),
                        "'signature' part is empty"),
                Arguments.of(
                        "subject in an upload",
                        List.of(
                                part(
                                        "request",
                                        "{\"codeSigningConfigArn\":\"arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdefg\",\"subject\":{}}"),
                                part("artifact", "x")),
                        "subject"),
                Arguments.of(
                        "request not json", List.of(part("request", "nope"), part("artifact", "x")), "not valid JSON"),
                Arguments.of(
                        "oversize request part",
                        List.of(part("request", " ".repeat(VerifyRequest.MAX_JSON + 1)), part("artifact", "x")),
                        "'request' part"),
                Arguments.of(
                        "oversize signature part",
                        List.of(
                                part("request", request),
                                part("artifact", "x"),
                                part("signature", "s".repeat(VerifyUpload.MAX_SIGNATURE + 1))),
                        "'signature' part"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUploads")
    void malformedUploadsAreRefused(String name, List<Part> parts, String message) throws Exception {
        String boundary = "b-" + UUID.randomUUID();
        HttpResponse<String> response = postMultipart(multipart(boundary, parts), boundary);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains(message);
    }

    @Test
    void brokenMultipartBodiesAreBadRequests() throws Exception {
        String boundary = "b-" + UUID.randomUUID();
        for (String body : List.of(
                "",
                "no boundary",
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"artifact\"\r\n\r\nnever closed",
                "--" + boundary + "\r\nX: y\r\n\r\nx\r\n--" + boundary + "--")) {
            HttpResponse<String> response = postMultipart(body.getBytes(StandardCharsets.UTF_8), boundary);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains("BadRequestException");
        }
        HttpResponse<String> noBoundary = post(new byte[] {1}, "multipart/form-data", Map.of());
        assertThat(noBoundary.statusCode()).isEqualTo(400);
    }

    @Test
    void anUploadChangedInTransitIsRefusedAndNothingIsKept() throws Exception {
        String boundary = "b-" + UUID.randomUUID();
        byte[] artifact = randomBytes(300_000, 11);
        byte[] body =
                multipart(boundary, List.of(part("request", byArn(enforceCsc).toString()), part("artifact", artifact)));
        byte[] sent = body.clone();
        sent[sent.length / 2] ^= 1;
        HttpResponse<String> response = RawRequests.signedSend(
                "POST",
                verifyUri(),
                "signet",
                server.credentials(),
                Clock.systemUTC(),
                body,
                sent,
                Map.of(
                        "Content-Type",
                        "multipart/form-data; boundary=" + boundary,
                        "x-amz-content-sha256",
                        SigV4.sha256Hex(body)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("x-amz-content-sha256");
    }

    @Test
    void unsignedRequestsAreNotServed() throws Exception {
        HttpResponse<String> response = RawRequests.send(
                "POST", verifyUri(), Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400).isLessThan(500);
    }

    // ---- helpers ----

    record Signed(byte[] digest, byte[] signature, String jobId) {}

    static Signed signPayload(String profile, int seed) {
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, randomBytes(1000, seed));
        SignPayloadResponse response = server.signer()
                .signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat(DIGEST_FORMAT));
        return new Signed(digest, response.signature().asByteArray(), response.jobId());
    }

    static ObjectNode byArn(String arn) {
        return Json.mapper().createObjectNode().put("codeSigningConfigArn", arn);
    }

    static ObjectNode inline(String publisher, String action) {
        ObjectNode request = Json.mapper().createObjectNode();
        ObjectNode policy = request.putObject("policy");
        policy.putObject("AllowedPublishers")
                .putArray("SigningProfileVersionArns")
                .add(publisher);
        policy.putObject("CodeSigningPolicies").put("UntrustedArtifactOnDeployment", action);
        return request;
    }

    static ObjectNode digestRequest(ObjectNode policy, byte[] digest, byte[] signature) {
        ObjectNode request = policy.deepCopy();
        request.putObject("subject")
                .putObject("digest")
                .put("algorithm", "SHA256")
                .put("value", Base64.getEncoder().encodeToString(digest));
        request.put("signature", Base64.getEncoder().encodeToString(signature));
        return request;
    }

    static URI verifyUri() {
        return server.endpoint().resolve("/v1/verify");
    }

    static HttpResponse<String> postJson(ObjectNode request) throws Exception {
        return post(Json.mapper().writeValueAsBytes(request), "application/json", Map.of());
    }

    static HttpResponse<String> post(byte[] body, String contentType, Map<String, String> extra) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("Content-Type", contentType);
        return RawRequests.signedSend(
                "POST", verifyUri(), "signet", server.credentials(), Clock.systemUTC(), body, headers);
    }

    static HttpResponse<String> postMultipart(byte[] body, String boundary) throws Exception {
        return post(
                body,
                "multipart/form-data; boundary=" + boundary,
                Map.of("x-amz-content-sha256", SigV4.sha256Hex(body)));
    }

    static HttpResponse<String> postUpload(ObjectNode request, byte[] artifact, byte[] signature) throws Exception {
        String boundary = "b-" + UUID.randomUUID();
        List<Part> parts = new ArrayList<>();
        parts.add(part("request", request.toString()));
        parts.add(part("artifact", artifact));
        if (signature != null) {
            parts.add(part("signature", signature));
        }
        return postMultipart(multipart(boundary, parts), boundary);
    }

    record Part(String name, byte[] content) {}

    static Part part(String name, String content) {
        return new Part(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Part part(String name, byte[] content) {
        return new Part(name, content);
    }

    static byte[] multipart(String boundary, List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                            + (p.name().equals("artifact") ? "; filename=\"artifact.bin\"" : "")
                            + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    static String reason(JsonNode decision, String check) {
        for (JsonNode c : decision.get("checks")) {
            if (c.get("check").asText().equals(check)) {
                return c.get("reason").asText();
            }
        }
        throw new AssertionError("no " + check + " check in " + decision);
    }

    static List<String> checkNames(JsonNode decision) {
        List<String> names = new ArrayList<>();
        decision.get("checks").forEach(c -> names.add(c.get("check").asText()));
        return names;
    }

    static byte[] randomBytes(int size, int seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] signedFunctionZip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("index.js"));
            zip.write("exports.handler = async () => ({ statusCode: 200 });\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        var s3 = server.s3();
        String version = s3.putObject(
                        b -> b.bucket("functions").key("fn.zip"), RequestBody.fromBytes(bytes.toByteArray()))
                .versionId();
        var signer = server.signer();
        String jobId = signer.startSigningJob(b -> b.profileName("vroute_lambda")
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(
                                o -> o.bucketName("functions").key("fn.zip").version(version)))
                        .destination(d -> d.s3(o -> o.bucketName("signed").prefix("signed/"))))
                .jobId();
        for (int i = 0; i < 600; i++) {
            DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId));
            if (job.status() == SigningStatus.SUCCEEDED) {
                return s3.getObjectAsBytes(b ->
                                b.bucket("signed").key(job.signedObject().s3().key()))
                        .asByteArray();
            }
            assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.IN_PROGRESS);
            Thread.sleep(100);
        }
        throw new AssertionError("signing job " + jobId + " did not finish");
    }
}
