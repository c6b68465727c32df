package dev.signet.cli.sign;

import static dev.signet.cli.CliRunner.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.cli.testing.RecordingProxy;
import dev.signet.core.format.authenticode.AuthenticodeStructure;
import dev.signet.core.format.authenticode.TestPe;
import dev.signet.core.format.authenticode.WixlPackages;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.Tools;
import dev.signet.server.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * {@code signet sign app.exe} (and {@code setup.msi}, {@code tool.ps1}) on the Authenticode platform
 * (issue 17), against the real server (in process, free port) behind a {@link RecordingProxy}: the
 * signed file has the structure StartSigningJob writes for the same file (the time-stamp token
 * aside), osslsigncode (with the Signet CA) and {@code signet verify} accept it, its job carries the
 * stated digest, and none of the file's bytes (raw, base64 or hex) reached the server, only its
 * Authenticode digest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticodeSignCommandTest {
    private static final String PROFILE = "cli_authenticode";
    private static final String PLATFORM = "Signet-Authenticode-SHA256-RSA";

    @TempDir
    static Path dir;

    private TestServer server;
    private RecordingProxy proxy;
    private CliRunner cli;
    private SignerClient signer;
    private S3Client s3;

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

    private CliRunner.Result viaProxy(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(proxy.endpoint().toString());
        return cli.run(all.toArray(String[]::new));
    }

    /** Random bytes the PE's code section holds verbatim; no request may carry any 24 of them. */
    private static final byte[] SECRET = secret();

    private static byte[] secret() {
        byte[] s = new byte[4096];
        new Random(1717).nextBytes(s);
        return s;
    }

    /** The test PE with its code section grown to hold the secret and {@code seed}-varied random bytes. */
    private static byte[] pe(int seed) {
        byte[] base = TestPe.build();
        byte[] extra = new byte[200_000];
        new Random(seed).nextBytes(extra);
        System.arraycopy(SECRET, 0, extra, 1000, SECRET.length);
        byte[] bytes = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, bytes, base.length, extra.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x40 + 24 + 0xE0 + 16, 0x200 + extra.length); // raw size of .text
        b.putInt(0x40 + 24 + 4, 0x200 + extra.length); // size of code
        return bytes;
    }

    private void assertServerNeverSawTheSecret() {
        assertServerNeverSaw(SECRET, 0);
    }

    /**
     * That no request since byte {@code from} of the proxy's record carried 24 bytes of {@code secret}
     * (raw, as UTF-16LE text, hex, or base64 at any alignment).
     */
    private void assertServerNeverSaw(byte[] secret, int from) {
        byte[] all = proxy.received();
        String received = new String(all, from, all.length - from, StandardCharsets.ISO_8859_1);
        assertThat(received).contains("POST /signing-jobs/with-payload");
        for (int offset : new int[] {0, 1, 2, 1000, 4000}) {
            byte[] piece = Arrays.copyOfRange(secret, offset, offset + 24);
            String raw = new String(piece, StandardCharsets.ISO_8859_1);
            List<String> forms = new ArrayList<>(List.of(
                    raw,
                    raw.replace("", "\u0000").substring(1, 40),
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

    @Test
    void aPeSignedHereIsThePeStartSigningJobWritesAndOsslsigncodeAcceptsIt() throws Exception {
        byte[] original = pe(1);
        Path exe = Files.write(dir.resolve("app.exe"), original);

        CliRunner.Result sign = ok(viaProxy("sign", "app.exe", "--profile", PROFILE));

        Path signed = dir.resolve("app.signed.exe");
        assertThat(sign.out()).startsWith("signed " + exe + " -> " + signed + System.lineSeparator());
        assertThat(Files.readAllBytes(exe)).isEqualTo(original);
        byte[] here = Files.readAllBytes(signed);
        byte[] there = startSigningJob("app.exe", original);
        // not the same size: the time-stamp token's ECDSA signature is 70 to 72 bytes long
        assertThat(AuthenticodeStructure.of(here)).isEqualTo(AuthenticodeStructure.of(there));

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
        CliRunner.Result verify = cli.run("verify", "app.signed.exe");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

        DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId(sign)));
        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.platformId()).isEqualTo(PLATFORM);
        assertServerNeverSawTheSecret();
    }

    @Test
    void inPlaceOnlyWhenAskedAndASignedPeIsRefusedBeforeAnythingIsSent() throws Exception {
        byte[] original = pe(2);
        Path exe = Files.write(dir.resolve("inplace.exe"), original);
        CliRunner.Result refused = viaProxy("sign", "inplace.exe", "--profile", PROFILE, "--out", "inplace.exe");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains("give --in-place to sign it in place");

        ok(viaProxy("sign", "inplace.exe", "--profile", PROFILE, "--in-place"));
        assertThat(Files.size(exe)).isGreaterThan(original.length);
        ok(cli.run("verify", "inplace.exe"));

        int before = proxy.received().length;
        CliRunner.Result again = viaProxy("sign", "inplace.exe", "--profile", PROFILE, "--out", "twice.exe");
        assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err())
                .contains("cannot sign " + exe + " on " + PLATFORM + ": the file is already signed (it carries an"
                        + " authenticode signature); sign the original artifact instead");
        String sent =
                new String(proxy.received(), before, proxy.received().length - before, StandardCharsets.ISO_8859_1);
        assertThat(sent).doesNotContain("/signing-jobs/with-payload");
        assertThat(dir.resolve("twice.exe")).doesNotExist();
    }

    /** Random text the package's file and the script hold; no request may carry any 24 bytes of it. */
    private static final String TEXT_SECRET = Base64.getEncoder().encodeToString(Arrays.copyOf(SECRET, 3072));

    /**
     * A wixl-built package whose file holds the text secret, a script with it in comment lines, or a
     * PE holding it whose header is not 8-aligned (outside PeImage's plain shape: jsign's path).
     */
    private static Path msiOrScript(String kind) throws Exception {
        if (kind.equals("pe-unaligned")) {
            byte[] plain = pe(23);
            byte[] text = TEXT_SECRET.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, plain, 0x400 + 8000, text.length);
            byte[] bytes = plain.clone();
            System.arraycopy(plain, 0x40, bytes, 0x44, 0x200 - 0x44);
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3C, 0x44);
            return Files.write(dir.resolve("tool.exe"), bytes);
        }
        if (kind.equals("msi")) {
            return Files.copy(WixlPackages.build(dir.resolve("wixl"), TEXT_SECRET), dir.resolve("setup.msi"));
        }
        StringBuilder script = new StringBuilder("param([string]$Name = 'world')\r\n");
        for (int i = 0; i < TEXT_SECRET.length(); i += 64) {
            script.append("# ")
                    .append(TEXT_SECRET, i, Math.min(TEXT_SECRET.length(), i + 64))
                    .append("\r\n");
        }
        return Files.writeString(dir.resolve("tool.ps1"), script.append("Write-Output \"hello $Name\"\r\n"));
    }

    /**
     * An MSI package, a PowerShell script or a PE outside PeImage's plain shape signed here has the
     * structure StartSigningJob writes
     * (jsign's digest, the streams, the SignedData's parts), osslsigncode and {@code signet verify}
     * accept it, its job shows the stated Authenticode digest ({@code signet job show}), and the
     * server saw none of its bytes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"msi", "powershell", "pe-unaligned"})
    void anMsiOrScriptSignedHereIsWhatStartSigningJobWritesAndOsslsigncodeAcceptsIt(String kind) throws Exception {
        Path file = msiOrScript(kind);
        byte[] original = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        String signedName = name.replace(".", ".signed.");
        int before = proxy.received().length;

        CliRunner.Result sign = ok(viaProxy("sign", name, "--profile", PROFILE));

        Path signed = dir.resolve(signedName);
        assertThat(sign.out()).startsWith("signed " + file + " -> " + signed + System.lineSeparator());
        assertThat(Files.readAllBytes(file)).isEqualTo(original);
        Path there = Files.write(dir.resolve("job-" + signedName), startSigningJob(name, original));
        List<String> structure = AuthenticodeStructure.ofSignable(signed);
        assertThat(structure).isEqualTo(AuthenticodeStructure.ofSignable(there));

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

        String indirect = structure.get(0);
        CliRunner.Result shown = ok(cli.run(
                "job", "show", jobId(sign), "--endpoint", server.endpoint().toString()));
        assertThat(shown.out())
                .contains("artifact:     authenticode-sha256:" + indirect.substring(indirect.length() - 64));
        assertServerNeverSaw(TEXT_SECRET.getBytes(StandardCharsets.US_ASCII), before);
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
        CliRunner.Result shown =
                ok(cli.run("job", "show", jobId, "--endpoint", server.endpoint().toString()));
        assertThat(shown.out())
                .contains("artifact:     sha256:" + HexFormat.of().formatHex(digest));
    }

    /** A hostile SignPayload (any client can send one) is a ValidationException naming why, and records nothing. */
    @Test
    void aPayloadStartSigningJobWouldNotSignIsRefusedAndRecordsNothing() {
        long before = jobs();
        String vbs = "{\"kind\":\"vbs\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\"" + "ab".repeat(32) + "\"}";
        assertThatThrownBy(() -> signer.signPayload(b -> b.profileName(PROFILE)
                        .payload(SdkBytes.fromUtf8String(vbs))
                        .payloadFormat("application/vnd.signet.authenticode-digest.v1+json")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("cannot sign this payload: a application/vnd.signet.authenticode-digest.v1+json"
                        + " payload signs kind pe, msi or powershell, not vbs");
        assertThatThrownBy(() -> signer.signPayload(b -> b.profileName(PROFILE)
                        .payload(SdkBytes.fromByteArray(new byte[32]))
                        .payloadFormat("application/vnd.signet.digest+sha256")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("payloadFormat must be application/vnd.signet.authenticode-digest.v1+json");
        assertThat(jobs()).isEqualTo(before);
    }

    private long jobs() {
        return signer.listSigningJobsPaginator(b -> b.platformId(PLATFORM)).stream()
                .mapToLong(page -> page.jobs().size())
                .sum();
    }
}
