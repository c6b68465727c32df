package dev.signet.server.http.signer;

import static dev.signet.server.http.signer.SignerTestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.ca.Pem;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.PutSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * Signet's own platforms through the real server: StartSigningJob on Authenticode, JAR and OpenPGP
 * profiles, the signed object fetched over S3 and checked with osslsigncode, jarsigner and gpg; the
 * time-stamp authority at POST /v1/timestamp checked with openssl ts; malformed inputs fail jobs.
 */
class NativeFormatsIntegrationTest {
    private static final String PGP_DIGEST = "application/vnd.signet.openpgp-digest.v1+json";

    @TempDir
    static Path dir;

    static SignerTestServer server;
    static Path root;

    @BeforeAll
    static void start() throws Exception {
        server = new SignerTestServer(dir.resolve("data"));
        server.createBuckets("sources", "signed");
        root = server.rootPem();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theTimestampAuthorityAnswersOpensslQueries() throws Exception {
        Path data = Files.writeString(dir.resolve("ts-data.txt"), "timestamp me");
        Path query = dir.resolve("req.tsq");
        Processes.Result q = Tools.run(
                "openssl", "ts", "-query", "-data", data.toString(), "-sha256", "-cert", "-out", query.toString());
        assertThat(q.exitCode()).as(q.output()).isZero();
        HttpResponse<byte[]> reply = post(Files.readAllBytes(query), "application/timestamp-query");
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/timestamp-reply"));
        Path response = Files.write(dir.resolve("resp.tsr"), reply.body());
        Path untrusted = Files.writeString(
                dir.resolve("tsa-chain.pem"),
                Files.readString(server.server.dataDir().resolve("tsa").resolve("tsa.pem"))
                        + Files.readString(server.server.dataDir().resolve("ca").resolve("issuing.pem")));
        Processes.Result v = Tools.run(
                "openssl",
                "ts",
                "-verify",
                "-in",
                response.toString(),
                "-queryfile",
                query.toString(),
                "-CAfile",
                root.toString(),
                "-untrusted",
                untrusted.toString());
        assertThat(v.exitCode()).as(v.output()).isZero();
        assertThat(v.output()).contains("Verification: OK");
    }

    @Test
    void theTimestampRouteRefusesOtherContentAndRejectsGarbage() throws Exception {
        assertThat(post(new byte[] {1, 2, 3}, "application/json").statusCode()).isEqualTo(415);
        assertThat(post(new byte[20_000], "application/timestamp-query").statusCode())
                .isEqualTo(413);
        HttpResponse<byte[]> garbage =
                post("not a query".getBytes(StandardCharsets.US_ASCII), "application/timestamp-query");
        assertThat(garbage.statusCode()).isEqualTo(200);
        Path reply = Files.write(dir.resolve("rejected.tsr"), garbage.body());
        Processes.Result text = Tools.run("openssl", "ts", "-reply", "-in", reply.toString(), "-text");
        assertThat(text.output()).contains("Status: Rejected");
    }

    @Test
    void aJarIsSignedByAJobAndJarsignerAcceptsIt() throws Exception {
        Path signed = signThroughJob("Signet-JAR-SHA256-ECDSA", jar(dir.resolve("app.jar")), "app.jar");
        Path truststore = dir.resolve("trust.p12");
        if (!Files.exists(truststore)) {
            Processes.Result imported = Tools.run(
                    "keytool",
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "signet-root",
                    "-file",
                    root.toString(),
                    "-keystore",
                    truststore.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "changeit");
            assertThat(imported.exitCode()).as(imported.output()).isZero();
        }
        Processes.Result verified = Tools.run(
                "jarsigner",
                "-verify",
                "-strict",
                "-verbose",
                "-certs",
                "-keystore",
                truststore.toString(),
                "-storepass",
                "changeit",
                signed.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("jar verified").containsIgnoringCase("timestamped by");
        assertThat(verifier().verify(new Subject.File(signed), new byte[0]).checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
    }

    @Test
    void anExecutableIsSignedByAJobAndOsslsigncodeAcceptsIt() throws Exception {
        Path exe = dir.resolve("hello.exe");
        try (var in = NativeFormatsIntegrationTest.class.getResourceAsStream("/fixtures/hello.exe")) {
            Files.write(exe, in.readAllBytes());
        }
        Path signed = signThroughJob("Signet-Authenticode-SHA256-RSA", exe, "hello.exe");
        Processes.Result verified = Tools.run(
                "osslsigncode",
                "verify",
                "-CAfile",
                root.toString(),
                "-TSA-CAfile",
                root.toString(),
                "-in",
                signed.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Signature verification: ok");
        VerificationResult result = verifier().verify(new Subject.File(signed), new byte[0]);
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
    }

    /**
     * SignPayload on the OpenPGP platform (issue 17): the SHA-256 state and tail of a file give a
     * signature over the file; a malformed payload is refused and records nothing.
     */
    @Test
    void signPayloadFinishesAnOpenPgpHashTheClientBegan() throws Exception {
        byte[] content = new byte[10_007];
        new Random(31).nextBytes(content);
        Path file = Files.write(dir.resolve("payload-release.bin"), content);
        String name = unique("pgp_payload");
        server.signer.putSigningProfile(b -> b.profileName(name).platformId("Signet-OpenPGP-SHA256"));
        ClientSigning client =
                ClientSignings.forPlatform("Signet-OpenPGP-SHA256").orElseThrow();
        byte[] payload = client.prepare("Signet-OpenPGP-SHA256", file, n -> {}).payload();

        SignPayloadResponse signed = server.signer.signPayload(b ->
                b.profileName(name).payload(SdkBytes.fromByteArray(payload)).payloadFormat(PGP_DIGEST));
        VerificationResult result =
                verifier().verify(new Subject.File(file), signed.signature().asByteArray());
        assertThat(result.valid()).as(result.toString()).isTrue();
        assertThat(server.signer
                        .describeSigningJob(b -> b.jobId(signed.jobId()))
                        .status())
                .isEqualTo(SigningStatus.SUCCEEDED);

        String bad = new String(payload, StandardCharsets.US_ASCII).replace("\"tail\"", "\"tail\":\"\",\"x\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.signer.signPayload(b -> b.profileName(name)
                        .payload(SdkBytes.fromUtf8String(bad))
                        .payloadFormat(PGP_DIGEST)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("cannot sign this payload: a " + PGP_DIGEST + " payload is exactly");
        assertThat(server.signer.listSigningJobs(b -> b.platformId("Signet-OpenPGP-SHA256")).jobs().stream()
                        .filter(j -> j.profileName().equals(name)))
                .hasSize(1);
    }

    @Test
    void aFileIsSignedWithOpenPgpAndGpgVerifiesItWithThePublishedKey() throws Exception {
        byte[] content = new byte[50_000];
        new Random(11).nextBytes(content);
        Path file = Files.write(dir.resolve("release.tar"), content);
        String name = unique("pgp");
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId("Signet-OpenPGP-SHA256"));
        Path signature = signThroughJob(name, file, "release.tar");
        URI keyUri =
                server.server.endpoint().resolve("/v1/openpgp-key?profileVersionArn=" + profile.profileVersionArn());
        HttpResponse<String> key = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(keyUri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(key.statusCode()).as(key.body()).isEqualTo(200);
        String again = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(keyUri).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(again).isEqualTo(key.body());
        Path home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path keyFile = Files.writeString(dir.resolve("key.asc"), key.body());
        assertThat(Tools.run("gpg", "--homedir", home.toString(), "--batch", "--import", keyFile.toString())
                        .exitCode())
                .isZero();
        Processes.Result verified = Tools.run(
                "gpg", "--homedir", home.toString(), "--batch", "--verify", signature.toString(), file.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Good signature");
        content[100] ^= 1;
        Path tampered = Files.write(dir.resolve("release-tampered.tar"), content);
        assertThat(Tools.run(
                                "gpg",
                                "--homedir",
                                home.toString(),
                                "--batch",
                                "--verify",
                                signature.toString(),
                                tampered.toString())
                        .exitCode())
                .isNotZero();
        HttpResponse<String> bad = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.server.endpoint().resolve("/v1/openpgp-key?profileVersionArn=x"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void malformedInputsFailTheirJobsWithAReason() throws Exception {
        byte[] pe;
        try (var in = NativeFormatsIntegrationTest.class.getResourceAsStream("/fixtures/hello.exe")) {
            pe = in.readAllBytes();
        }
        pe[0x3C] = 0x7F;
        pe[0x3D] = 0x7F;
        DescribeSigningJobResponse badPe =
                runJob("Signet-Authenticode-SHA256-RSA", Files.write(dir.resolve("bad.exe"), pe), "bad.exe");
        assertThat(badPe.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(badPe.statusReason()).contains("signing failed");
        byte[] jar = Files.readAllBytes(jar(dir.resolve("whole.jar")));
        DescribeSigningJobResponse truncated = runJob(
                "Signet-JAR-SHA256-ECDSA",
                Files.write(dir.resolve("truncated.jar"), Arrays.copyOf(jar, jar.length / 2)),
                "truncated.jar");
        assertThat(truncated.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(truncated.statusReason()).contains("JAR");
    }

    /** A signed JAR or PE given back to StartSigningJob is refused, not signed a second time. */
    @Test
    void alreadySignedJarsAndExecutablesFailTheirJobs() throws Exception {
        Path exe = dir.resolve("resign.exe");
        try (var in = NativeFormatsIntegrationTest.class.getResourceAsStream("/fixtures/hello.exe")) {
            Files.write(exe, in.readAllBytes());
        }
        Path signedExe = signThroughJob("Signet-Authenticode-SHA256-RSA", exe, "resign.exe");
        Path signedJar = signThroughJob("Signet-JAR-SHA256-ECDSA", jar(dir.resolve("resign.jar")), "resign.jar");
        DescribeSigningJobResponse pe = runJob("Signet-Authenticode-SHA256-RSA", signedExe, "signed-again.exe");
        assertThat(pe.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(pe.statusReason()).contains("already signed").contains("authenticode");
        DescribeSigningJobResponse jar = runJob("Signet-JAR-SHA256-ECDSA", signedJar, "signed-again.jar");
        assertThat(jar.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(jar.statusReason()).contains("already signed").contains("jar");
    }

    private static Path signThroughJob(String platformOrProfile, Path file, String key) throws Exception {
        DescribeSigningJobResponse job = runJob(platformOrProfile, file, key);
        assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.SUCCEEDED);
        byte[] signed = server.s3
                .getObjectAsBytes(
                        b -> b.bucket("signed").key(job.signedObject().s3().key()))
                .asByteArray();
        return Files.write(dir.resolve("signed-" + key), signed);
    }

    /** Runs a job on a new profile of {@code platformOrProfile} (a platform id) or on that profile. */
    private static DescribeSigningJobResponse runJob(String platformOrProfile, Path file, String key) {
        String name;
        if (platformOrProfile.startsWith("Signet-")) {
            name = unique("native");
            server.signer.putSigningProfile(b -> b.profileName(name).platformId(platformOrProfile));
        } else {
            name = platformOrProfile;
        }
        String version = server.s3
                .putObject(b -> b.bucket("sources").key(key), RequestBody.fromFile(file))
                .versionId();
        return server.runJob(name, key, version);
    }

    private static HttpResponse<byte[]> post(byte[] body, String contentType) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.server.endpoint().resolve("/v1/timestamp"))
                                .header("Content-Type", contentType)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Path jar(Path file) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream raw = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(raw, manifest)) {
            jar.putNextEntry(new ZipEntry("dev/example/App.txt"));
            jar.write("an application\n".repeat(100).getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }

    private static Verifier verifier() throws Exception {
        return Verifier.builder()
                .trustedRoots(
                        List.of(Pem.decodeCertificates(Files.readString(root)).get(0)))
                .build();
    }
}
