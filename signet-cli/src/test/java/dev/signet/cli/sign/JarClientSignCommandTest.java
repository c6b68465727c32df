package dev.signet.cli.sign;

import static dev.signet.cli.CliRunner.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.cli.testing.RecordingProxy;
import dev.signet.core.format.jar.JarStructure;
import dev.signet.core.format.jar.TestJars;
import dev.signet.core.testing.Processes;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * {@code signet sign app.jar} (issue 17, the JAR platform) against the real server (in process, free
 * port, its built-in time-stamp authority) behind a {@link RecordingProxy}: the jar written here has
 * the structure StartSigningJob writes for the same jar (entries in the same order, the same
 * manifest and signature file, a block of the same SignedData structure, signing times and
 * signature values aside), {@code jarsigner -verify -strict} and {@code signet verify} accept it;
 * the server received the deflated signature file and nothing of the jar's content; an already
 * signed jar is refused as StartSigningJob refuses it; hostile payloads are refused by the server
 * with the reason and record nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JarClientSignCommandTest {
    private static final String PROFILE = "cli_jar";
    private static final String PLATFORM = "Signet-JAR-SHA256-ECDSA";
    private static final String MEDIA_TYPE = "application/vnd.signet.jar-signature-file.v1+deflate";
    private static final String SIGN_PAYLOAD = "POST /signing-jobs/with-payload";

    @TempDir
    static Path dir;

    private TestServer server;
    private RecordingProxy proxy;
    private CliRunner cli;
    private SignerClient signer;
    private S3Client s3;
    private Path truststore;

    /** Random bytes the jar holds verbatim (a stored entry): no request may carry any of them. */
    private static final byte[] SECRET = secret();

    private static byte[] secret() {
        byte[] s = new byte[4096];
        new Random(1717).nextBytes(s);
        return s;
    }

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start();
        proxy = new RecordingProxy(server.endpoint());
        cli = new CliRunner(Map.of("SIGNET_HOME", server.dataDir().toString()), dir);
        signer = server.signer();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("sources"));
        s3.putBucketVersioning(
                b -> b.bucket("sources").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket("signed"));
        ok(direct("profile", "put", PROFILE, "--platform", PLATFORM));
        HttpResponse<String> root = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.endpoint().resolve("/v1/ca/root.pem"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).as(root.body()).isEqualTo(200);
        truststore =
                TestJars.truststore(Files.writeString(dir.resolve("root.pem"), root.body()), dir.resolve("trust.p12"));
    }

    @AfterAll
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            signer.close();
            s3.close();
            server.close();
        }
    }

    private CliRunner.Result viaProxy(String... args) {
        return withEndpoint(proxy.endpoint().toString(), args);
    }

    private CliRunner.Result direct(String... args) {
        return withEndpoint(server.endpoint().toString(), args);
    }

    private CliRunner.Result withEndpoint(String endpoint, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(endpoint);
        return cli.run(all.toArray(String[]::new));
    }

    /** A jar with a manifest of its own, class-like entries, a directory and the secret stored. */
    private static byte[] appJar(int seed) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Main-Class", "dev.example.App");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Random random = new Random(seed);
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("dev/example/"));
            for (int i = 0; i < 40; i++) {
                jar.putNextEntry(new ZipEntry("dev/example/Class" + i + ".class"));
                byte[] content = new byte[500 + random.nextInt(2000)];
                random.nextBytes(content);
                jar.write(content);
            }
            TestJars.putStored(jar, "dev/example/secret.bin", SECRET);
            jar.putNextEntry(new ZipEntry("app.properties"));
            jar.write(("seed=" + seed + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** StartSigningJob over the same bytes, waited for: the job, its output when it succeeded. */
    private DescribeSigningJobResponse startSigningJob(String key, byte[] artifact) throws InterruptedException {
        String version = s3.putObject(b -> b.bucket("sources").key(key), RequestBody.fromBytes(artifact))
                .versionId();
        String jobId = signer.startSigningJob(b -> b.profileName(PROFILE)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(o -> o.bucketName("sources").key(key).version(version)))
                        .destination(d -> d.s3(o -> o.bucketName("signed").prefix("out/"))))
                .jobId();
        for (int i = 0; i < 600; i++) {
            DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId));
            if (job.status() != SigningStatus.IN_PROGRESS) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private byte[] signedObject(DescribeSigningJobResponse job) {
        assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.SUCCEEDED);
        return s3.getObjectAsBytes(
                        b -> b.bucket("signed").key(job.signedObject().s3().key()))
                .asByteArray();
    }

    private static String jobId(CliRunner.Result r) {
        Matcher m = Pattern.compile("job ([0-9a-f-]{36})").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return m.group(1);
    }

    @Test
    void aJarSignedHereHasTheStructureStartSigningJobWritesAndVerifies() throws Exception {
        byte[] original = appJar(1);
        Path jar = Files.write(dir.resolve("app.jar"), original);
        int before = proxy.received().length;

        CliRunner.Result sign = ok(viaProxy("sign", "app.jar", "--profile", PROFILE));

        Path here = dir.resolve("app.signed.jar");
        assertThat(sign.out()).startsWith("signed " + jar + " -> " + here + System.lineSeparator());
        assertThat(Files.readAllBytes(jar)).isEqualTo(original);
        Path there = Files.write(dir.resolve("app.job.jar"), signedObject(startSigningJob("app.jar", original)));
        JarStructure.assertSame(here, there, true);

        Processes.Result jarsigner = TestJars.jarsignerVerify(truststore, here);
        assertThat(jarsigner.exitCode()).as(jarsigner.output()).isZero();
        assertThat(jarsigner.output()).contains("jar verified");
        CliRunner.Result verify = cli.run("verify", "app.signed.jar");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

        DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId(sign)));
        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.platformId()).isEqualTo(PLATFORM);

        byte[] sent = Arrays.copyOfRange(proxy.received(), before, proxy.received().length);
        assertOnlyTheSignatureFileWasSent(sent, here, original);
        assertThat(ok(direct("job", "show", jobId(sign))).out())
                .contains("artifact:     sha256:"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(original)));
    }

    /**
     * Of the jar, the server received its signature file (deflated, in the one SignPayload) and its
     * SHA-256 and nothing else: the payload inflates to exactly the signed jar's {@code SIGNET.SF}
     * and ends with {@code sha256:} and the original jar's digest, and no request, raw or inflated,
     * holds any 24 bytes of the secret entry, raw, base64 or hex.
     */
    private static void assertOnlyTheSignatureFileWasSent(byte[] sent, Path signedJar, byte[] original)
            throws Exception {
        String received = new String(sent, StandardCharsets.ISO_8859_1);
        assertThat(received.split(SIGN_PAYLOAD, -1)).hasSize(2);
        Matcher payload = Pattern.compile("\"payload\":\"([A-Za-z0-9+/=]+)\"").matcher(received);
        assertThat(payload.find()).as("a SignPayload body").isTrue();
        byte[] decoded = Base64.getDecoder().decode(payload.group(1));
        byte[] signatureFile = inflate(decoded);
        assertThat(new String(decoded, StandardCharsets.ISO_8859_1))
                .endsWith("sha256:"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(original)));
        try (ZipFile zip = new ZipFile(signedJar.toFile())) {
            assertThat(signatureFile)
                    .isEqualTo(zip.getInputStream(zip.getEntry("META-INF/SIGNET.SF"))
                            .readAllBytes());
        }
        assertThat(received).contains("\"payloadFormat\":\"" + MEDIA_TYPE + "\"");
        String both = received + new String(signatureFile, StandardCharsets.ISO_8859_1);
        for (int offset : new int[] {0, 1, 2, 1000, 4000}) {
            byte[] piece = Arrays.copyOfRange(SECRET, offset, offset + 24);
            List<String> forms = new ArrayList<>(List.of(
                    new String(piece, StandardCharsets.ISO_8859_1),
                    HexFormat.of().formatHex(piece),
                    HexFormat.of().withUpperCase().formatHex(piece)));
            for (int shift = 0; shift < 3; shift++) {
                forms.add(Base64.getEncoder()
                        .encodeToString(Arrays.copyOfRange(piece, shift, 24))
                        .substring(4, 24));
            }
            for (String form : forms) {
                assertThat(both.contains(form))
                        .as("the server received artifact bytes")
                        .isFalse();
            }
        }
    }

    private static byte[] inflate(byte[] deflated) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                inflater.setInput(new byte[1]);
            }
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }

    /** As StartSigningJob refuses a signed source, signing here refuses a signed jar, before anything is sent. */
    @Test
    void anAlreadySignedJarIsRefusedAsStartSigningJobRefusesIt() throws Exception {
        byte[] original = appJar(2);
        Files.write(dir.resolve("twice.jar"), original);
        ok(viaProxy("sign", "twice.jar", "--profile", PROFILE, "--in-place"));
        byte[] signed = Files.readAllBytes(dir.resolve("twice.jar"));
        assertThat(dir.resolve("twice.signed.jar")).doesNotExist();
        ok(cli.run("verify", "twice.jar"));
        int before = proxy.received().length;

        CliRunner.Result again = viaProxy("sign", "twice.jar", "--profile", PROFILE);

        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err())
                .contains(
                        "cannot sign ",
                        "twice.jar on " + PLATFORM + ": the JAR is already signed (it carries a jar"
                                + " signature); sign the original artifact instead");
        assertThat(new String(proxy.received(), before, proxy.received().length - before, StandardCharsets.ISO_8859_1))
                .doesNotContain(SIGN_PAYLOAD);
        assertThat(dir.resolve("twice.signed.jar")).doesNotExist();
        assertThat(Files.readAllBytes(dir.resolve("twice.jar"))).isEqualTo(signed);
        DescribeSigningJobResponse job = startSigningJob("twice.jar", signed);
        assertThat(job.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(job.statusReason())
                .contains("source object is already signed (it carries a jar signature); sign the original artifact"
                        + " instead");
    }

    /** Hostile payloads through the SDK: refused with the reason, nothing recorded; large genuine ones are signed. */
    @Test
    void theServerRefusesWhatIsNotASignatureFileSignetWritesAndRecordsNothing() throws Exception {
        Path jar = Files.write(dir.resolve("hostile.jar"), appJar(3));
        ok(viaProxy("sign", "hostile.jar", "--profile", PROFILE));
        byte[] genuine;
        try (ZipFile zip = new ZipFile(dir.resolve("hostile.signed.jar").toFile())) {
            genuine = zip.getInputStream(zip.getEntry("META-INF/SIGNET.SF")).readAllBytes();
        }
        assertThat(Files.size(jar)).isPositive();
        int jobs = signer.listSigningJobs(b -> b.platformId(PLATFORM)).jobs().size();

        String text = new String(genuine, StandardCharsets.ISO_8859_1);
        assertRefused(
                deflate(text.replace("Created-By: Signet\r\n", "Created-By: Signet\r\nX-Evil: 1\r\n")),
                MEDIA_TYPE,
                "cannot sign this payload: not a signature file Signet writes: expected a"
                        + " SHA-256-Digest-Manifest-Main-Attributes line, got 'X-Evil: 1'");
        assertRefused(
                deflate("#!/bin/sh\r\necho signed by Signet\r\n\r\n"),
                MEDIA_TYPE,
                "cannot sign this payload: not a signature file Signet writes: its main section must start with");
        assertRefused(
                "raw text, not DEFLATE".getBytes(StandardCharsets.US_ASCII),
                MEDIA_TYPE,
                "cannot sign this payload: a " + MEDIA_TYPE + " payload is a signature file compressed with raw"
                        + " DEFLATE");
        assertRefused(
                deflate(text),
                "application/vnd.signet.digest+sha256",
                "payloadFormat must be " + MEDIA_TYPE + " for platform " + PLATFORM);
        assertRefused(
                new byte[(1 << 20) + 1],
                MEDIA_TYPE,
                "payload must be 1 to 4096 bytes (1048576 on a platform whose format takes more), got 1048577");
        assertThat(signer.listSigningJobs(b -> b.platformId(PLATFORM)).jobs()).hasSize(jobs);
        assertThat(genuine.length).isGreaterThan(0);
    }

    private void assertRefused(byte[] payload, String payloadFormat, String message) {
        assertThatThrownBy(() -> signer.signPayload(b -> b.profileName(PROFILE)
                        .payload(SdkBytes.fromByteArray(payload))
                        .payloadFormat(payloadFormat)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(message);
    }

    private static byte[] deflate(String text) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9, true);
        deflater.setInput(text.getBytes(StandardCharsets.ISO_8859_1));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
