package dev.signet.server.http.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.ca.Pem;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.RawRequests;
import dev.signet.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * The IoT platforms end to end: import a customer certificate made with openssl through the
 * authenticated native API, put a profile with it, sign firmware with StartSigningJob, and check the
 * JSON output with {@code openssl dgst -verify} and the core Verifier.
 */
class IotSigningIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IOT_DIGEST = "application/vnd.signet.iot-digest.v1+json";

    @TempDir
    static Path dir;

    static TestServer server;
    static Path firmware;
    static String firmwareVersion;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        var s3 = server.s3();
        s3.createBucket(b -> b.bucket("firmware"));
        s3.putBucketVersioning(
                b -> b.bucket("firmware").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket("signed"));
        byte[] bytes = new byte[70_001];
        new Random(11).nextBytes(bytes);
        firmware = Files.write(dir.resolve("firmware.bin"), bytes);
        firmwareVersion = s3.putObject(b -> b.bucket("firmware").key("fw.bin"), RequestBody.fromFile(firmware))
                .versionId();
        Tools.ok(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "root.key",
                "-out",
                "root.pem",
                "-subj",
                "/CN=Test IoT Root",
                "-days",
                "30",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign");
        Files.writeString(
                dir.resolve("leaf.ext"), "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A leaf key (PKCS#8) and certificate issued by the test root; returns the base name. */
    static String leaf(String name, String... keyOptions) {
        String[] genpkey = new String[4 + keyOptions.length];
        genpkey[0] = "openssl";
        genpkey[1] = "genpkey";
        System.arraycopy(keyOptions, 0, genpkey, 2, keyOptions.length);
        genpkey[2 + keyOptions.length] = "-out";
        genpkey[3 + keyOptions.length] = name + ".key";
        Tools.ok(dir, genpkey);
        Tools.ok(dir, "openssl", "req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        Tools.ok(
                dir,
                "openssl",
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "root.pem",
                "-CAkey",
                "root.key",
                "-CAcreateserial",
                "-days",
                "10",
                "-extfile",
                "leaf.ext",
                "-out",
                name + ".pem");
        Tools.ok(dir, "openssl", "x509", "-in", name + ".pem", "-pubkey", "-noout", "-out", name + ".pub");
        return name;
    }

    static HttpResponse<String> importCertificate(String service, Map<String, String> body) throws Exception {
        byte[] json = JSON.writeValueAsBytes(body);
        return RawRequests.signedSend(
                "POST",
                server.endpoint().resolve("/v1/certificates"),
                service,
                server.credentials(),
                Clock.systemUTC(),
                json,
                Map.of("content-type", "application/json"));
    }

    static String importLeaf(String name) throws Exception {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("certificate", Files.readString(dir.resolve(name + ".pem")));
        body.put("privateKey", Files.readString(dir.resolve(name + ".key")));
        body.put("certificateChain", Files.readString(dir.resolve("root.pem")));
        HttpResponse<String> response = importCertificate(NativeApi.SIGNING_NAME, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("PRIVATE");
        String arn = JSON.readTree(response.body()).get("certificateArn").asText();
        assertThat(arn).matches("arn:aws:acm:us-east-1:\\d{12}:certificate/[0-9a-f-]{36}");
        X509Certificate leaf = Pem.decodeCertificates(body.get("certificate")).get(0);
        assertThat(JSON.readTree(response.body()).get("certificateSha256").asText())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded())));
        return arn;
    }

    static DescribeSigningJobResponse signJob(String profile) {
        var signer = server.signer();
        String jobId = signer.startSigningJob(b -> b.profileName(profile)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(
                                s3 -> s3.bucketName("firmware").key("fw.bin").version(firmwareVersion)))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed").prefix("ota/"))))
                .jobId();
        signer.waiter()
                .waitUntilSuccessfulSigningJob(
                        b -> b.jobId(jobId),
                        o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100)))
                                .maxAttempts(600));
        return signer.describeSigningJob(b -> b.jobId(jobId));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "AmazonFreeRTOS-Default, freertos_ec, EC, -sha256, SHA256withECDSA",
        "AmazonFreeRTOS-Default, freertos_rsa, RSA, -sha256, SHA256withRSA",
        "AWSIoTDeviceManagement-SHA256-ECDSA, iotdm, EC, -sha256, SHA256withECDSA",
        "AmazonFreeRTOS-TI-CC3220SF, ti, RSA, -sha1, SHA1withRSA"
    })
    void signsFirmwareWithImportedMaterialThatOpensslVerifies(
            String platform, String name, String keyType, String dgst, String algorithm) throws Exception {
        leaf(
                name,
                keyType.equals("EC")
                        ? new String[] {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"}
                        : new String[] {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"});
        String arn = importLeaf(name);
        assertThatThrownBy(() -> server.signer()
                        .putSigningProfile(b -> b.profileName(name + "_none").platformId(platform)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("signing material cannot be null");
        server.signer()
                .putSigningProfile(
                        b -> b.profileName(name).platformId(platform).signingMaterial(m -> m.certificateArn(arn)));
        assertThat(server.signer()
                        .getSigningProfile(b -> b.profileName(name))
                        .signingMaterial()
                        .certificateArn())
                .isEqualTo(arn);

        DescribeSigningJobResponse job = signJob(name);
        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.signedObject().s3().key()).isEqualTo("ota/" + job.jobId() + ".json");
        byte[] output = server.s3()
                .getObjectAsBytes(
                        b -> b.bucket("signed").key(job.signedObject().s3().key()))
                .asByteArray();
        JsonNode doc = JSON.readTree(output);
        assertThat(doc.get("signatureAlgorithm").asText()).isEqualTo(algorithm);
        assertThat(doc.get("rawPayloadSize").asLong()).isEqualTo(Files.size(firmware));
        Path sig = Files.write(
                dir.resolve(name + ".sig"),
                Base64.getDecoder().decode(doc.get("signature").asText()));
        String verified = Tools.ok(
                dir,
                "openssl",
                "dgst",
                dgst,
                "-verify",
                name + ".pub",
                "-signature",
                sig.toString(),
                firmware.toString());
        assertThat(verified).contains("Verified OK");

        Verifier verifier = Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(Files.readString(dir.resolve("root.pem"))))
                .build();
        Path signedFile = Files.write(dir.resolve(name + ".json"), output);
        VerificationResult result = platform.startsWith("AWSIoT")
                ? verifier.verify(new Subject.File(firmware), output)
                : verifier.verify(new Subject.File(signedFile), new byte[0]);
        assertThat(result.valid()).as(result.toString()).isTrue();
        if (platform.startsWith("AWSIoT")) {
            assertThat(doc.get("payloadLocation").toString())
                    .isEqualTo("{\"s3\":{\"bucketName\":\"firmware\",\"key\":\"fw.bin\",\"version\":\""
                            + firmwareVersion + "\"}}");
        } else {
            assertThat(Base64.getDecoder().decode(doc.get("payload").asText())).isEqualTo(Files.readAllBytes(firmware));
        }

        byte[] tampered = output.clone();
        tampered[output.length / 3] ^= 1;
        VerificationResult bad = platform.startsWith("AWSIoT")
                ? verifier.verify(new Subject.File(firmware), tampered)
                : verifier.verify(
                        new Subject.File(Files.write(dir.resolve(name + ".bad.json"), tampered)), new byte[0]);
        assertThat(bad.checks().get(0).reason()).isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
    }

    @Test
    void importRefusesUnsignedMismatchedAndMalformedMaterial() throws Exception {
        leaf("other", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        leaf("mine", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        Map<String, String> mismatched = new LinkedHashMap<>();
        mismatched.put("certificate", Files.readString(dir.resolve("mine.pem")));
        mismatched.put("privateKey", Files.readString(dir.resolve("other.key")));
        mismatched.put("certificateChain", Files.readString(dir.resolve("root.pem")));
        HttpResponse<String> response = importCertificate(NativeApi.SIGNING_NAME, mismatched);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("does not belong").doesNotContain("PRIVATE KEY");

        Map<String, String> noChain = new LinkedHashMap<>(mismatched);
        noChain.put("privateKey", Files.readString(dir.resolve("mine.key")));
        noChain.remove("certificateChain");
        assertThat(importCertificate(NativeApi.SIGNING_NAME, noChain).body()).contains("self-signed root");

        Map<String, String> garbage = Map.of(
                "certificate",
                "not pem",
                "privateKey",
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        HttpResponse<String> bad = importCertificate(NativeApi.SIGNING_NAME, garbage);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("ValidationException");

        HttpResponse<String> notJson = RawRequests.signedSend(
                "POST",
                server.endpoint().resolve("/v1/certificates"),
                NativeApi.SIGNING_NAME,
                server.credentials(),
                Clock.systemUTC(),
                "{".getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json"));
        assertThat(notJson.statusCode()).isEqualTo(400);

        String mine = JSON.writeValueAsString(noChain);
        HttpResponse<String> twice = RawRequests.signedSend(
                "POST",
                server.endpoint().resolve("/v1/certificates"),
                NativeApi.SIGNING_NAME,
                server.credentials(),
                Clock.systemUTC(),
                mine.replaceFirst("\\{", "{\"certificate\":\"x\",").getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json"));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(twice.body()).path("code").asText()).isEqualTo("ValidationException");
        assertThat(JSON.readTree(twice.body()).path("message").asText())
                .isEqualTo("the request body has the member 'certificate' more than once");

        HttpResponse<String> unsigned = RawRequests.send(
                "POST",
                server.endpoint().resolve("/v1/certificates"),
                Map.of("content-type", "application/json"),
                JSON.writeValueAsBytes(noChain));
        assertThat(unsigned.statusCode()).isEqualTo(404);

        HttpResponse<String> unknown = RawRequests.signedSend(
                "GET",
                server.endpoint().resolve("/v1/nothing"),
                NativeApi.SIGNING_NAME,
                server.credentials(),
                Clock.systemUTC(),
                new byte[0],
                Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void importRefusesACertificateNamingASigningProfileVersion() throws Exception {
        String claimed = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/victim/AbCdEf1234";
        Files.writeString(
                dir.resolve("leaf.ext"),
                "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\nsubjectAltName=URI:" + claimed
                        + "\n");
        try {
            leaf("claims", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        } finally {
            Files.writeString(
                    dir.resolve("leaf.ext"), "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("certificate", Files.readString(dir.resolve("claims.pem")));
        body.put("privateKey", Files.readString(dir.resolve("claims.key")));
        body.put("certificateChain", Files.readString(dir.resolve("root.pem")));

        HttpResponse<String> response = importCertificate(NativeApi.SIGNING_NAME, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("ValidationException");
        assertThat(JSON.readTree(response.body()).get("message").asText())
                .isEqualTo("the certificate names the signing profile version " + claimed
                        + " (URI subject alternative name); an imported certificate signs only for the profiles"
                        + " that use it and must not claim one");
    }

    @Test
    void importedMaterialMustExist() {
        // every platform takes imported material (ImportedMaterialIntegrationTest); it must be imported first
        assertThatThrownBy(() -> server.signer()
                        .putSigningProfile(b -> b.profileName("lambda_imported")
                                .platformId("AWSLambda-SHA384-ECDSA")
                                .signingMaterial(
                                        m -> m.certificateArn("arn:aws:acm:us-east-1:000000000000:certificate/x"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("does not name a certificate");
        assertThatThrownBy(
                        () -> server.signer()
                                .putSigningProfile(
                                        b -> b.profileName("iot_unknown")
                                                .platformId("AmazonFreeRTOS-Default")
                                                .signingMaterial(
                                                        m -> m.certificateArn(
                                                                "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-000000000000"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("does not name a certificate");
    }

    /**
     * SignPayload on the detached IoT platform (a Signet extension): the payload states the firmware's
     * length and SHA-256, and the answer is the document StartSigningJob writes for that firmware,
     * without payloadLocation; it is recorded as a job and verifies against the firmware.
     */
    @Test
    void signPayloadOnTheDetachedPlatformReturnsTheDocumentOfTheFirmware() throws Exception {
        leaf("payload_ec", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        String arn = importLeaf("payload_ec");
        server.signer()
                .putSigningProfile(b -> b.profileName("iot_payload")
                        .platformId("AWSIoTDeviceManagement-SHA256-ECDSA")
                        .signingMaterial(m -> m.certificateArn(arn)));
        byte[] bytes = Files.readAllBytes(firmware);
        String payload = "{\"rawPayloadSize\":" + bytes.length + ",\"sha256\":\""
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + "\"}";

        SignPayloadResponse signed = server.signer()
                .signPayload(b -> b.profileName("iot_payload")
                        .payload(SdkBytes.fromUtf8String(payload))
                        .payloadFormat(IOT_DIGEST));

        byte[] output = signed.signature().asByteArray();
        JsonNode doc = JSON.readTree(output);
        assertThat(doc.fieldNames())
                .toIterable()
                .containsExactly("rawPayloadSize", "signature", "signatureAlgorithm", "certificateChain");
        assertThat(doc.get("rawPayloadSize").asLong()).isEqualTo(bytes.length);
        assertThat(doc.get("signatureAlgorithm").asText()).isEqualTo("SHA256withECDSA");
        // the job's document for the same firmware differs only in the (randomized) ECDSA value and its location
        JsonNode job = JSON.readTree(server.s3()
                .getObjectAsBytes(b -> b.bucket("signed")
                        .key(signJob("iot_payload").signedObject().s3().key()))
                .asByteArray());
        assertThat(doc.get("certificateChain")).isEqualTo(job.get("certificateChain"));
        assertThat(doc.get("rawPayloadSize")).isEqualTo(job.get("rawPayloadSize"));
        Path sig = Files.write(
                dir.resolve("payload.sig"),
                Base64.getDecoder().decode(doc.get("signature").asText()));
        assertThat(Tools.ok(
                        dir,
                        "openssl",
                        "dgst",
                        "-sha256",
                        "-verify",
                        "payload_ec.pub",
                        "-signature",
                        sig.toString(),
                        firmware.toString()))
                .contains("Verified OK");
        Verifier verifier = Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(Files.readString(dir.resolve("root.pem"))))
                .build();
        VerificationResult result = verifier.verify(new Subject.File(firmware), output);
        assertThat(result.valid()).as(result.toString()).isTrue();
        VerificationResult stated =
                verifier.verify(new Subject.Payload(IOT_DIGEST, payload.getBytes(StandardCharsets.UTF_8)), output);
        assertThat(stated.valid()).as(stated.toString()).isTrue();
        byte[] other = bytes.clone();
        other[7] ^= 1;
        VerificationResult changed =
                verifier.verify(new Subject.File(Files.write(dir.resolve("other.bin"), other)), output);
        assertThat(changed.checks().get(0).reason()).isEqualTo(ReasonCode.INTEGRITY);
        // recorded, like every signature Signet hands out
        DescribeSigningJobResponse described = server.signer().describeSigningJob(b -> b.jobId(signed.jobId()));
        assertThat(described.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(described.platformId()).isEqualTo("AWSIoTDeviceManagement-SHA256-ECDSA");
    }

    @Test
    void signPayloadRefusesOtherPayloadsAndRecordsNothing() throws Exception {
        leaf("refused_ec", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        String arn = importLeaf("refused_ec");
        server.signer()
                .putSigningProfile(b -> b.profileName("iot_refused")
                        .platformId("AWSIoTDeviceManagement-SHA256-ECDSA")
                        .signingMaterial(m -> m.certificateArn(arn)));
        server.signer()
                .putSigningProfile(b -> b.profileName("freertos_refused")
                        .platformId("AmazonFreeRTOS-Default")
                        .signingMaterial(m -> m.certificateArn(arn)));
        String good = "{\"rawPayloadSize\":5,\"sha256\":\"" + "ab".repeat(32) + "\"}";
        assertThatThrownBy(() -> server.signer()
                        .signPayload(b -> b.profileName("iot_refused")
                                .payload(SdkBytes.fromByteArray(new byte[32]))
                                .payloadFormat("application/vnd.signet.digest+sha256")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("payloadFormat must be " + IOT_DIGEST + " for platform AWSIoTDeviceManagement");
        for (String bad : new String[] {
            "{\"rawPayloadSize\": 5,\"sha256\":\"" + "ab".repeat(32) + "\"}",
            "{\"rawPayloadSize\":5,\"sha256\":\"" + "AB".repeat(32) + "\"}",
            "{\"rawPayloadSize\":5,\"sha256\":\"" + "ab".repeat(31) + "\"}",
            "{\"rawPayloadSize\":05,\"sha256\":\"" + "ab".repeat(32) + "\"}",
            good + " "
        }) {
            assertThatThrownBy(() -> server.signer()
                            .signPayload(b -> b.profileName("iot_refused")
                                    .payload(SdkBytes.fromUtf8String(bad))
                                    .payloadFormat(IOT_DIGEST)))
                    .as(bad)
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("cannot sign this payload: a " + IOT_DIGEST + " payload is exactly");
        }
        assertThat(
                        server
                                .signer()
                                .listSigningJobs(b -> b.platformId("AWSIoTDeviceManagement-SHA256-ECDSA"))
                                .jobs()
                                .stream()
                                .filter(j -> j.profileName().equals("iot_refused")))
                .isEmpty();
        // the embedded platform takes the same payload (issue 17: the client appends the image)
        String document = server.signer()
                .signPayload(b -> b.profileName("freertos_refused")
                        .payload(SdkBytes.fromUtf8String(good))
                        .payloadFormat(IOT_DIGEST))
                .signature()
                .asUtf8String();
        assertThat(document)
                .startsWith("{\"rawPayloadSize\":5,\"signature\":\"")
                .endsWith("\"]}");
        assertThat(document).doesNotContain("\"payload\"", "payloadLocation");
    }
}
