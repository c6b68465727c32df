package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * AWSLambda-SHA384-ECDSA end to end: StartSigningJob over a function zip in the object store, the
 * signed zip read back by java.util.zip, {@code unzip -t} and Python's zipfile, verified by the core
 * Verifier against the server's root; tampered copies fail; malformed zips give Failed jobs.
 */
class LambdaZipIntegrationTest {
    private static final String PROFILE = "lambda_zip_it";
    private static final String ZIP_DIGEST = "application/vnd.signet.lambda-zip-digest.v1+json";

    @TempDir
    static Path dir;

    static SignerTestServer server;

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
        server.createBuckets("functions", "signed");
        server.signer.putSigningProfile(b -> b.profileName(PROFILE).platformId("AWSLambda-SHA384-ECDSA"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static DescribeSigningJobResponse sign(String key, byte[] zip) {
        String version = server.s3
                .putObject(b -> b.bucket("functions").key(key), RequestBody.fromBytes(zip))
                .versionId();
        String jobId = server.signer
                .startSigningJob(b -> b.profileName(PROFILE)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s ->
                                s.s3(s3 -> s3.bucketName("functions").key(key).version(version)))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed").prefix("signed/"))))
                .jobId();
        for (int i = 0; i < 600; i++) {
            DescribeSigningJobResponse job = server.signer.describeSigningJob(b -> b.jobId(jobId));
            if (job.status() != SigningStatus.IN_PROGRESS) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    static Verifier verifier() throws Exception {
        return Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(Files.readString(server.rootPem())))
                .build();
    }

    @Test
    void signedFunctionZipIsAValidZipAndVerifies() throws Exception {
        byte[] original = functionZip();
        DescribeSigningJobResponse job = sign("function.zip", original);
        assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.signedObject().s3().key()).isEqualTo("signed/" + job.jobId() + ".zip");
        byte[] signed = server.s3
                .getObjectAsBytes(
                        b -> b.bucket("signed").key(job.signedObject().s3().key()))
                .asByteArray();
        Path file = Files.write(dir.resolve("signed.zip"), signed);

        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName)).contains("index.js", "META-INF/signet.sig");
            assertThat(new String(zip.getInputStream(zip.getEntry("index.js")).readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("exports.handler");
        }
        int streamed = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(signed))) {
            for (ZipEntry e = in.getNextEntry(); e != null && streamed < 100; e = in.getNextEntry()) {
                in.readAllBytes();
                streamed++;
            }
        }
        assertThat(streamed).isEqualTo(3);
        assertThat(Tools.ok(dir, "unzip", "-t", file.toString())).contains("No errors detected");
        assertThat(Tools.ok(
                                dir,
                                "python3",
                                "-c",
                                "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())",
                                file.toString())
                        .strip())
                .isEqualTo("None");

        VerificationResult result = verifier().verify(new Subject.File(file), new byte[0]);
        assertThat(result.valid()).as(result.toString()).isTrue();

        Random random = new Random(3);
        for (int i = 0; i < 25; i++) {
            int position = i == 0 ? signed.length - 1 : random.nextInt(signed.length);
            byte[] tampered = signed.clone();
            tampered[position] ^= 0x10;
            Path bad = Files.write(dir.resolve("bad.zip"), tampered);
            VerificationResult failed = verifier().verify(new Subject.File(bad), new byte[0]);
            assertThat(failed.checks().get(0).reason())
                    .as("byte " + position)
                    .isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
        }

        DescribeSigningJobResponse again = sign("signed-again.zip", signed);
        assertThat(again.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(again.statusReason()).contains("already signed");
    }

    /**
     * SignPayload with the zip's length and SHA-384 (issue 17): the answer is the signature block
     * StartSigningJob embeds, naming the recorded job; it verifies against the payload.
     */
    @Test
    void signPayloadReturnsTheBlockForTheStatedZipAndRecordsTheJob() throws Exception {
        byte[] zip = functionZip();
        String payload = "{\"size\":" + zip.length + ",\"sha384\":\""
                + HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA384, zip)) + "\"}";
        SignPayloadResponse signed = server.signer.signPayload(b ->
                b.profileName(PROFILE).payload(SdkBytes.fromUtf8String(payload)).payloadFormat(ZIP_DIGEST));

        byte[] block = signed.signature().asByteArray();
        String[] parts = new String(block, StandardCharsets.US_ASCII).split("\\.");
        assertThat(parts).hasSize(3);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims)
                .contains("\"size\":" + zip.length)
                .contains("\"jobArn\":\"" + signed.metadata().get("signingJobArn") + "\"");
        SignatureEvidence evidence = SignatureFormats.forPlatform("AWSLambda-SHA384-ECDSA")
                .orElseThrow()
                .verify(new Subject.Payload(ZIP_DIGEST, payload.getBytes(StandardCharsets.UTF_8)), block);
        assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        DescribeSigningJobResponse job = server.signer.describeSigningJob(b -> b.jobId(signed.jobId()));
        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.platformId()).isEqualTo("AWSLambda-SHA384-ECDSA");
        assertThat(job.source()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"size\":10,\"sha384\":\"abab\"}",
                "{\"size\":10,\"sha384\":\"%s\",\"key\":\"function.zip\"}",
                "{\"size\":10,\"sha384\":\"%s\",\"content\":\"UEsDBA==\"}",
                "{\"size\": 10,\"sha384\":\"%s\"}",
                "[10,\"%s\"]",
                "{\"size\":10,\"sha256\":\"%s\"}"
            })
    void signPayloadRefusesAnyOtherPayloadAndRecordsNothing(String shape) {
        String payload = String.format(shape, "ab".repeat(48));
        int before = lambdaJobs();
        assertThatThrownBy(() -> server.signer.signPayload(b -> b.profileName(PROFILE)
                        .payload(SdkBytes.fromUtf8String(payload))
                        .payloadFormat(ZIP_DIGEST)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("cannot sign this payload: a " + ZIP_DIGEST + " payload is exactly");
        assertThat(lambdaJobs()).isEqualTo(before);
    }

    @Test
    void signPayloadRefusesAnotherPayloadFormatAndRecordsNothing() {
        int before = lambdaJobs();
        assertThatThrownBy(() -> server.signer.signPayload(b -> b.profileName(PROFILE)
                        .payload(SdkBytes.fromByteArray(new byte[48]))
                        .payloadFormat("application/vnd.signet.digest+sha384")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("payloadFormat must be " + ZIP_DIGEST + " for platform AWSLambda-SHA384-ECDSA");
        assertThat(lambdaJobs()).isEqualTo(before);
    }

    private static int lambdaJobs() {
        return server.signer.listSigningJobsPaginator(b -> b.platformId("AWSLambda-SHA384-ECDSA")).stream()
                .mapToInt(page -> page.jobs().size())
                .sum();
    }

    static Stream<Arguments> malformedZips() {
        byte[] zip = functionZip();
        int central = indexOf(zip, new byte[] {0x50, 0x4b, 1, 2});
        byte[] declared = zip.clone();
        ByteBuffer.wrap(declared).order(ByteOrder.LITTLE_ENDIAN).putInt(central + 24, 1 << 30);
        byte[] overlapping = zip.clone();
        int second =
                indexOf(Arrays.copyOfRange(zip, central + 4, zip.length), new byte[] {0x50, 0x4b, 1, 2}) + central + 4;
        ByteBuffer.wrap(overlapping).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 42, 0);
        byte[] empty = new byte[22];
        ByteBuffer.wrap(empty).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x06054b50);
        return Stream.of(
                Arguments.of("truncated", Arrays.copyOf(zip, zip.length - 30)),
                Arguments.of("overlapping", overlapping),
                Arguments.of("declares 1 GB", declared),
                Arguments.of("empty", empty),
                Arguments.of("not a zip", "just text".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedZips")
    void malformedZipsGiveAFailedJobWithAReason(String name, byte[] zip) {
        DescribeSigningJobResponse job = sign("bad-" + name.replace(' ', '-') + ".zip", zip);
        assertThat(job.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(job.statusReason()).startsWith("signing failed: ").hasSizeGreaterThan(25);
    }

    static byte[] functionZip() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry("index.js"));
                zip.write("exports.handler = async () => ({ statusCode: 200 });\n".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("node_modules/lib.js"));
                byte[] lib = new byte[20_000];
                new Random(1).nextBytes(lib);
                zip.write(lib);
                zip.closeEntry();
            }
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i + needle.length <= haystack.length && found.isEmpty(); i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                found.add(i);
            }
        }
        return found.isEmpty() ? -1 : found.get(0);
    }
}
