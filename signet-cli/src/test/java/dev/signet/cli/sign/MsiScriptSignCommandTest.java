package dev.signet.cli.sign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.testing.RecordingProxy;
import dev.signet.core.format.authenticode.AuthenticodeStructure;
import dev.signet.core.format.authenticode.WixlPackages;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.Tools;
import dev.signet.server.testing.TestServer;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * {@code signet sign setup.msi} and {@code signet sign tool.ps1} on the Authenticode platform (issue
 * 17), against the real server behind a {@link RecordingProxy}: the signed package or script has the
 * structure StartSigningJob writes for the same file (the time-stamp token aside), osslsigncode
 * (with the Signet CA) and {@code signet verify} accept it, the recorded job carries the stated
 * Authenticode digest ({@code signet job show}), and none of the file's bytes (raw, base64 or hex)
 * reached the server. A plain digest payload's job carries that digest too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MsiScriptSignCommandTest {
    private static final String PROFILE = "cli_msi_script";
    private static final String PLATFORM = "Signet-Authenticode-SHA256-RSA";

    @TempDir
    static Path dir;

    private TestServer server;
    private RecordingProxy proxy;
    private CliRunner cli;
    private SignerClient signer;
    private S3Client s3;

    /** Random text the package's file and the script hold; no request may carry any 24 bytes of it. */
    private static final String SECRET = secret();

    private static String secret() {
        byte[] s = new byte[3072];
        new Random(1818).nextBytes(s);
        return Base64.getEncoder().encodeToString(s);
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
        signer.putSigningProfile(b -> b.profileName(PROFILE).platformId(PLATFORM));
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

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return r;
    }

    private Path artifact(String kind) throws Exception {
        if (kind.equals("msi")) {
            return Files.copy(WixlPackages.build(dir.resolve("wixl"), SECRET), dir.resolve("setup.msi"));
        }
        StringBuilder script = new StringBuilder("param([string]$Name = 'world')\r\n");
        for (int i = 0; i < SECRET.length(); i += 64) {
            script.append("# ")
                    .append(SECRET, i, Math.min(SECRET.length(), i + 64))
                    .append("\r\n");
        }
        return Files.writeString(dir.resolve("tool.ps1"), script.append("Write-Output \"hello $Name\"\r\n"));
    }

    private void assertServerNeverSawTheSecret(int from) {
        byte[] all = proxy.received();
        String received = new String(all, from, all.length - from, StandardCharsets.ISO_8859_1);
        assertThat(received).contains("POST /signing-jobs/with-payload");
        byte[] secret = SECRET.getBytes(StandardCharsets.US_ASCII);
        for (int offset : new int[] {0, 1, 2, 1000, 4000}) {
            byte[] piece = Arrays.copyOfRange(secret, offset, offset + 24);
            List<String> forms = new ArrayList<>(List.of(
                    new String(piece, StandardCharsets.ISO_8859_1),
                    new String(piece, StandardCharsets.ISO_8859_1)
                            .replace("", "\u0000")
                            .substring(1, 40),
                    HexFormat.of().formatHex(piece),
                    HexFormat.of().withUpperCase().formatHex(piece)));
            for (int shift = 0; shift < 3; shift++) {
                byte[] shifted = Arrays.copyOfRange(piece, shift, 24);
                forms.add(Base64.getEncoder().encodeToString(shifted).substring(4, 24));
                forms.add(Base64.getUrlEncoder().encodeToString(shifted).substring(4, 24));
            }
            for (String form : forms) {
                assertThat(received.contains(form))
                        .as("the server received the file's bytes")
                        .isFalse();
            }
        }
    }

    private byte[] startSigningJob(String key, byte[] artifact) throws InterruptedException {
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
                assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.SUCCEEDED);
                return s3.getObjectAsBytes(b ->
                                b.bucket("signed").key(job.signedObject().s3().key()))
                        .asByteArray();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private static String jobId(CliRunner.Result r) {
        Matcher m = Pattern.compile("job ([0-9a-f-]{36})").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"msi", "powershell"})
    void signedHereItIsWhatStartSigningJobWritesAndOsslsigncodeAcceptsIt(String kind) throws Exception {
        Path file = artifact(kind);
        byte[] original = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        String signedName = name.replace(".", ".signed.");
        int before = proxy.received().length;

        CliRunner.Result sign = ok(cli.run(
                "sign",
                name,
                "--profile",
                PROFILE,
                "--endpoint",
                proxy.endpoint().toString()));

        Path signed = dir.resolve(signedName);
        assertThat(sign.out()).startsWith("signed " + file + " -> " + signed + System.lineSeparator());
        assertThat(Files.readAllBytes(file)).isEqualTo(original);
        Path there = Files.write(dir.resolve("job-" + signedName), startSigningJob(name, original));
        assertThat(AuthenticodeStructure.ofSignable(signed)).isEqualTo(AuthenticodeStructure.ofSignable(there));

        Path root = server.dataDir().resolve("ca").resolve("root.pem");
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
        ok(cli.run("verify", signedName));

        String digest = AuthenticodeStructure.ofSignable(signed).get(0);
        String stated = "authenticode-sha256:" + digest.substring(digest.length() - 64);
        String jobId = jobId(sign);
        DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId));
        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        CliRunner.Result shown =
                ok(cli.run("job", "show", jobId, "--endpoint", server.endpoint().toString()));
        assertThat(shown.out()).contains("artifact:     " + stated);
        assertServerNeverSawTheSecret(before);
    }

    /** A plain digest payload (the CMS platforms') records {@code sha256:HEX}, shown by {@code signet job show}. */
    @Test
    void aDigestPayloadsJobCarriesThatDigest() throws Exception {
        signer.putSigningProfile(b -> b.profileName("cli_cms_digest").platformId("Signet-CMS-SHA256-ECDSA"));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("release".getBytes(StandardCharsets.US_ASCII));
        String jobId = signer.signPayload(b -> b.profileName("cli_cms_digest")
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat("application/vnd.signet.digest+sha256"))
                .jobId();
        CliRunner.Result shown = ok(cli.run("job", "show", jobId, "--endpoint", server.endpoint().toString()));
        assertThat(shown.out()).contains("artifact:     sha256:" + HexFormat.of().formatHex(digest));
    }
}
