package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.SoftHsm;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import dev.signet.server.KeySettings;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * Every platform whose key Signet generates signs with a key on a SoftHSM2 token ({@code
 * keys.new-profile-keys: pkcs11}), through the path that platform uses, and the signature passes the
 * reference tool the software-key tests use: openssl cms (CMS), osslsigncode (Authenticode),
 * jarsigner -strict (JAR), gpg (OpenPGP), Signet's verifier for the Lambda zip and Notation. Each
 * profile adds exactly one private key to the token. The IoT platforms sign with a token key and an
 * external certificate ({@code ExternalCertificateIntegrationTest}).
 */
class Pkcs11AllPlatformsIntegrationTest {
    @TempDir
    static Path dir;

    static SoftHsm hsm;
    static TestServer server;
    static SignerClient signer;
    static S3Client s3;
    static Path root;

    @BeforeAll
    static void start() throws IOException {
        hsm = SoftHsm.create(dir.resolve("hsm"), "all-platforms");
        Path pinFile = Files.writeString(dir.resolve("pin"), SoftHsm.PIN + "\n");
        KeySettings keys = KeySettings.pkcs11(hsm.settings(4), pinFile);
        server = TestServer.start(Clock.systemUTC(), c -> c.withKeys(keys));
        signer = server.signer();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("sources"));
        s3.putBucketVersioning(
                b -> b.bucket("sources").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket("signed"));
        root = server.dataDir().resolve("ca").resolve("root.pem");
    }

    @AfterAll
    static void stop() {
        signer.close();
        s3.close();
        server.close();
    }

    @Test
    void cmsEcdsaAndRsaSignPayloadsThatOpensslVerifies() throws Exception {
        for (String platform : List.of("Signet-CMS-SHA256-ECDSA", "Signet-CMS-SHA256-RSA")) {
            String profile = profileOnToken(platform);
            Path artifact = Files.write(dir.resolve(profile + ".bin"), random(30_000, 3));
            byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);
            byte[] signature = signer.signPayload(b -> b.profileName(profile)
                            .payload(SdkBytes.fromByteArray(digest))
                            .payloadFormat("application/vnd.signet.digest+sha256"))
                    .signature()
                    .asByteArray();
            Processes.Result verified = OpensslCms.verify(artifact, signature, root);
            assertThat(verified.ok()).as(platform + ": " + verified.output()).isTrue();
            assertThat(OpensslCms.verify(OpensslCms.flipByte(artifact, 5), signature, root)
                            .ok())
                    .isFalse();
        }
    }

    @Test
    void authenticodeJobOsslsigncodeVerifies() throws Exception {
        Path exe = dir.resolve("hello.exe");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/hello.exe")) {
            Files.write(exe, in.readAllBytes());
        }
        Path signed = signThroughJob(profileOnToken("Signet-Authenticode-SHA256-RSA"), exe);
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
        assertAllChecksPass(new Subject.File(signed), new byte[0]);
    }

    @Test
    void jarJobJarsignerStrictVerifies() throws Exception {
        Path signed = signThroughJob(profileOnToken("Signet-JAR-SHA256-ECDSA"), jar(dir.resolve("app.jar")));
        Path truststore = truststore(root, dir.resolve("signet-trust.p12"));
        Processes.Result verified = Tools.run(
                "jarsigner",
                "-verify",
                "-strict",
                "-keystore",
                truststore.toString(),
                "-storepass",
                "changeit",
                signed.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("jar verified");
        assertAllChecksPass(new Subject.File(signed), new byte[0]);
    }

    @Test
    void openPgpJobAndPayloadGpgVerifies() throws Exception {
        String profile = profileOnToken("Signet-OpenPGP-SHA256");
        Path file = Files.write(dir.resolve("release.tar"), random(40_000, 5));
        Path signature = signThroughJob(profile, file);
        String arn = signer.getSigningProfile(b -> b.profileName(profile)).profileVersionArn();
        Path home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Path keyFile = Files.writeString(dir.resolve("key.asc"), get("/v1/openpgp-key?profileVersionArn=" + arn));
        assertThat(Tools.run("gpg", "--homedir", home.toString(), "--batch", "--import", keyFile.toString())
                        .exitCode())
                .isZero();
        Processes.Result verified = Tools.run(
                "gpg", "--homedir", home.toString(), "--batch", "--verify", signature.toString(), file.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Good signature");

        ClientSigning client =
                ClientSignings.forPlatform("Signet-OpenPGP-SHA256").orElseThrow();
        byte[] payload = client.prepare("Signet-OpenPGP-SHA256", file, n -> {}).payload();
        byte[] fromPayload = signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(payload))
                        .payloadFormat("application/vnd.signet.openpgp-digest.v1+json"))
                .signature()
                .asByteArray();
        Path payloadSignature = Files.write(dir.resolve("release.tar.payload.sig"), fromPayload);
        Processes.Result again = Tools.run(
                "gpg",
                "--homedir",
                home.toString(),
                "--batch",
                "--verify",
                payloadSignature.toString(),
                file.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
    }

    @Test
    void lambdaZipJobVerifies() throws Exception {
        Path signed = signThroughJob(profileOnToken("AWSLambda-SHA384-ECDSA"), functionZip(dir.resolve("fn.zip")));
        assertAllChecksPass(new Subject.File(signed), new byte[0]);
    }

    @Test
    void notationPayloadVerifies() throws Exception {
        String profile = profileOnToken("Notation-OCI-SHA384-ECDSA");
        String notary = "application/vnd.cncf.notary.payload.v1+json";
        byte[] payload = ("{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"digest\":\"sha256:" + "0123456789abcdef".repeat(4) + "\",\"size\":1234}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] envelope = signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(payload))
                        .payloadFormat(notary))
                .signature()
                .asByteArray();
        assertAllChecksPass(new Subject.Payload(notary, payload), envelope);
    }

    /** A new profile of {@code platform}, checked to have put one more private key on the token. */
    private static String profileOnToken(String platform) {
        synchronized (Pkcs11AllPlatformsIntegrationTest.class) {
            int before = Pkcs11Tool.privateKeys(hsm);
            String name = "p11_" + platform.replaceAll("[^A-Za-z0-9]", "_");
            signer.putSigningProfile(b -> b.profileName(name).platformId(platform));
            assertThat(Pkcs11Tool.privateKeys(hsm))
                    .as("the key of " + platform + " is on the token")
                    .isEqualTo(before + 1);
            assertThat(Pkcs11Tool.neverExtractablePrivateKeys(hsm))
                    .as("every private key on the token is sensitive and never extractable")
                    .isEqualTo(before + 1);
            return name;
        }
    }

    private static void assertAllChecksPass(Subject subject, byte[] signature)
            throws IOException, java.security.cert.CertificateException {
        VerificationResult result = Verifier.builder()
                .trustedRoots(
                        List.of(Pem.decodeCertificates(Files.readString(root)).get(0)))
                .build()
                .verify(subject, signature);
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
    }

    static Path signThroughJob(String profile, Path file) throws Exception {
        return awaitSigned(signer, s3, startJob(signer, s3, profile, file), dir);
    }

    /** Uploads {@code file} to the versioned bucket {@code sources} and starts a job signing it into {@code signed}. */
    static String startJob(SignerClient signer, S3Client s3, String profile, Path file) {
        String key = file.getFileName().toString();
        String version = s3.putObject(b -> b.bucket("sources").key(key), RequestBody.fromFile(file))
                .versionId();
        return signer.startSigningJob(b -> b.profileName(profile)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(o -> o.bucketName("sources").key(key).version(version)))
                        .destination(d -> d.s3(o -> o.bucketName("signed").prefix("out/"))))
                .jobId();
    }

    /** Waits (at most 60 s) for the job to succeed and writes its signed object into {@code dir}. */
    static Path awaitSigned(SignerClient signer, S3Client s3, String jobId, Path dir) throws Exception {
        for (int i = 0; i < 600; i++) {
            DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId));
            if (job.status() != SigningStatus.IN_PROGRESS) {
                assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.SUCCEEDED);
                byte[] signed = s3.getObjectAsBytes(b ->
                                b.bucket("signed").key(job.signedObject().s3().key()))
                        .asByteArray();
                return Files.write(dir.resolve("signed-" + jobId), signed);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish within 60 s");
    }

    /** A PKCS#12 truststore holding {@code rootPem}, made with keytool (password changeit). */
    static Path truststore(Path rootPem, Path store) {
        if (!Files.exists(store)) {
            Processes.Result imported = Tools.run(
                    "keytool",
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "root",
                    "-file",
                    rootPem.toString(),
                    "-keystore",
                    store.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "changeit");
            assertThat(imported.exitCode()).as(imported.output()).isZero();
        }
        return store;
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    static Path jar(Path file) throws IOException {
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

    private static Path functionZip(Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(raw)) {
            zip.putNextEntry(new ZipEntry("index.js"));
            zip.write("exports.handler = async () => ({ statusCode: 200 });\n"
                    .repeat(20)
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
