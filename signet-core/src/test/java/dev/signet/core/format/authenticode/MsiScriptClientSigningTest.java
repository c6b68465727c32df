package dev.signet.core.format.authenticode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.testing.Tools;
import dev.signet.core.tsa.Timestamper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MSI packages (a real one, built by wixl) and PowerShell scripts signed where they lie: the client
 * half and the server half (an {@link AuthenticodeDigestPayload} of kind {@code msi} or {@code
 * powershell}) give byte for byte what signing the whole file gives (StartSigningJob's path) without a
 * time-stamp, the same structure with one; osslsigncode accepts the output; the payload is jsign's
 * digest alone; a changed file, a foreign answer and a payload of another kind are refused.
 */
class MsiScriptClientSigningTest {
    private static final String PLATFORM = "Signet-Authenticode-SHA256-RSA";
    private static final AuthenticodeFormat FORMAT = new AuthenticodeFormat();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String MEDIA_TYPE = "application/vnd.signet.authenticode-digest.v1+json";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey rsa;
    private static Path rootPem;
    private static Path msi;
    private static Path script;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        rsa = pki.signingKey(KeyAlgorithm.RSA_3072, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        rootPem = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
        msi = WixlPackages.build(dir.resolve("wixl"), "hello from Signet\n");
        script = Files.writeString(
                dir.resolve("tool.ps1"), "param([string]$Name = 'world')\r\nWrite-Output \"hello $Name ü\"\r\n");
    }

    private static ClientSigning client() {
        return ClientSignings.forPlatform(PLATFORM).orElseThrow();
    }

    private static SignatureMetadata metadata() {
        return new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty());
    }

    private static byte[] serverSigns(byte[] payload, Optional<Timestamper> tsa) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(new SignRequest(new Subject.Payload(MEDIA_TYPE, payload), rsa, metadata(), tsa), out);
        return out.toByteArray();
    }

    private static byte[] clientSigns(Path file, Optional<Timestamper> tsa) throws FormatException {
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, file, n -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prepared.finish(serverSigns(prepared.payload(), tsa), out);
        return out.toByteArray();
    }

    private static byte[] jobSigns(Path file, Optional<Timestamper> tsa) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(new SignRequest(new Subject.File(file), rsa, metadata(), tsa), out);
        return out.toByteArray();
    }

    private static Path file(String kind) {
        return kind.equals("msi") ? msi : script;
    }

    @ParameterizedTest
    @ValueSource(strings = {"msi", "powershell"})
    void withoutATimeStampTheClientWritesStartSigningJobsBytes(String kind) throws Exception {
        byte[] before = Files.readAllBytes(file(kind));
        assertThat(clientSigns(file(kind), Optional.empty())).isEqualTo(jobSigns(file(kind), Optional.empty()));
        assertThat(Files.readAllBytes(file(kind))).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"msi", "powershell"})
    void timeStampedTheStructureIsStartSigningJobsAndOsslsigncodeVerifiesIt(String kind) throws Exception {
        String extension = kind.equals("msi") ? ".msi" : ".ps1";
        Path client =
                Files.write(dir.resolve("client-" + kind + extension), clientSigns(file(kind), Optional.of(pki.tsa())));
        Path job = Files.write(dir.resolve("job-" + kind + extension), jobSigns(file(kind), Optional.of(pki.tsa())));

        assertThat(AuthenticodeStructure.ofSignable(client)).isEqualTo(AuthenticodeStructure.ofSignable(job));
        SignatureEvidence verified = FORMAT.verify(new Subject.File(client), new byte[0]);
        assertThat(verified.intact()).as(verified.integrityDetail()).isTrue();
        assertThat(verified.timestamp()).isPresent();
        Processes.Result result = Tools.run(
                "osslsigncode",
                "verify",
                "-CAfile",
                rootPem.toString(),
                "-TSA-CAfile",
                rootPem.toString(),
                "-in",
                client.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Signature verification: ok");
        if (kind.equals("powershell")) {
            assertThat(Files.readString(client))
                    .startsWith(Files.readString(script) + "\r\n# SIG # Begin signature block\r\n")
                    .endsWith("# SIG # End signature block\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"msi", "powershell"})
    void thePayloadIsJsignsDigestOnly(String kind) throws Exception {
        AtomicLong progress = new AtomicLong();
        byte[] payload =
                client().prepare(PLATFORM, file(kind), progress::addAndGet).payload();
        byte[] digest;
        try (var signable = AuthenticodeFiles.open(file(kind))) {
            digest = signable.computeDigest(net.jsign.DigestAlgorithm.SHA256);
        }
        assertThat(new String(payload, StandardCharsets.US_ASCII))
                .isEqualTo("{\"kind\":\"" + kind + "\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\""
                        + HexFormat.of().formatHex(digest) + "\"}");
        assertThat(progress.get()).isEqualTo(Files.size(file(kind)));
    }

    /**
     * The test vector of docs/formats.md: the committed {@code hello.ps1} gives the documented
     * payload, and the SignedData the server makes for it embeds into a script osslsigncode accepts.
     */
    @Test
    void theDocumentedScriptVector() throws Exception {
        Path hello = Files.copy(
                Path.of(getClass()
                        .getResource("/vectors/authenticode/hello.ps1")
                        .toURI()),
                dir.resolve("hello.ps1"));
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, hello, n -> {});
        assertThat(new String(prepared.payload(), StandardCharsets.US_ASCII))
                .isEqualTo("{\"kind\":\"powershell\",\"digestAlgorithm\":\"SHA-256\",\"digest\":"
                        + "\"291549e7dcdf906fa147fceb7e840e1950ffc9edda543045bca19d56ea78f8fa\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prepared.finish(serverSigns(prepared.payload(), Optional.empty()), out);
        assertThat(client().defaultOutput(hello)).isEqualTo(dir.resolve("hello.signed.ps1"));
        Path signed = Files.write(dir.resolve("hello.signed.ps1"), out.toByteArray());
        Processes.Result result =
                Tools.run("osslsigncode", "verify", "-CAfile", rootPem.toString(), "-in", signed.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"msi", "powershell"})
    void aFileChangedAfterHashingOrAnAnswerForAnotherKindIsRefused(String kind) throws Exception {
        Path copy = Files.copy(file(kind), dir.resolve("changing-" + kind));
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, copy, n -> {});
        byte[] signedData = serverSigns(prepared.payload(), Optional.empty());

        String other = kind.equals("msi") ? "powershell" : "msi";
        byte[] otherKind = serverSigns(
                new String(prepared.payload(), StandardCharsets.US_ASCII)
                        .replace("\"" + kind + "\"", "\"" + other + "\"")
                        .getBytes(StandardCharsets.US_ASCII),
                Optional.empty());
        ByteArrayOutputStream refused = new ByteArrayOutputStream();
        assertThatThrownBy(() -> prepared.finish(otherKind, refused))
                .isInstanceOf(FormatException.class)
                .hasMessage("the server's SignedData does not sign this file: it is not a valid Authenticode"
                        + " signature of its digest");
        assertThat(refused.size()).isZero();

        if (kind.equals("msi")) {
            byte[] bytes = Files.readAllBytes(copy);
            int cabinet = AuthenticodeFormatTest.indexOf(bytes, "MSCF".getBytes(StandardCharsets.US_ASCII));
            bytes[cabinet + 5] ^= 0x01;
            Files.write(copy, bytes);
        } else {
            Files.writeString(copy, "Write-Output 'changed'\r\n");
        }
        assertThatThrownBy(() -> prepared.finish(signedData, refused))
                .isInstanceOf(FormatException.class)
                .hasMessage("the file changed while it was signed");
        assertThat(refused.size()).isZero();
    }

    @Test
    void aSignedPackageOrScriptIsRefusedBeforeAnythingIsSent() throws Exception {
        for (String kind : new String[] {"msi", "powershell"}) {
            Path signed = Files.write(dir.resolve("signed-" + kind), jobSigns(file(kind), Optional.empty()));
            assertThatThrownBy(() -> client().prepare(PLATFORM, signed, n -> {}))
                    .isInstanceOf(FormatException.class)
                    .hasMessage("the file is already signed (it carries an authenticode signature); sign the"
                            + " original artifact instead");
        }
    }

    @Test
    void aPayloadOfAnotherKindIsRefusedNamingTheKinds() {
        byte[] payload = ("{\"kind\":\"vbs\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\"" + "ab".repeat(32) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> serverSigns(payload, Optional.empty()))
                .isInstanceOf(FormatException.class)
                .hasMessage("a " + MEDIA_TYPE + " payload signs kind pe, msi or powershell, not vbs");
    }
}
