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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PE signed where it lies: the client half ({@link AuthenticodeClientSigning}) and the server half
 * ({@link AuthenticodeFormat} with an {@link AuthenticodeDigestPayload}) give the same signed file as
 * signing the file (StartSigningJob's path): byte for byte without a time-stamp, the same structure
 * with one; osslsigncode accepts it; the payload is the digest alone; hostile payloads and answers
 * are refused.
 */
class AuthenticodeClientSigningTest {
    private static final String PLATFORM = "Signet-Authenticode-SHA256-RSA";
    private static final AuthenticodeFormat FORMAT = new AuthenticodeFormat();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String MEDIA_TYPE = "application/vnd.signet.authenticode-digest.v1+json";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey rsa;
    private static Path rootPem;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        rsa = pki.signingKey(KeyAlgorithm.RSA_3072, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        rootPem = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
    }

    private static Path pe(String name, int extra, int tail) throws Exception {
        return PeSigningTest.pe(dir, name, TestPe.build(), 0xE0, extra, tail);
    }

    private static SignatureMetadata metadata() {
        return new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty());
    }

    private static ClientSigning client() {
        return ClientSignings.forPlatform(PLATFORM).orElseThrow();
    }

    /** What the server does with a payload: the SignedData. */
    static byte[] serverSigns(SigningKey key, byte[] payload, Optional<Timestamper> tsa) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(new SignRequest(new Subject.Payload(MEDIA_TYPE, payload), key, metadata(), tsa), out);
        return out.toByteArray();
    }

    private static byte[] clientSigns(Path pe, Optional<Timestamper> tsa) throws FormatException {
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, pe, n -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prepared.finish(serverSigns(rsa, prepared.payload(), tsa), out);
        return out.toByteArray();
    }

    private static byte[] jobSigns(Path pe, Optional<Timestamper> tsa) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(new SignRequest(new Subject.File(pe), rsa, metadata(), tsa), out);
        return out.toByteArray();
    }

    @Test
    void withoutATimeStampTheClientWritesStartSigningJobsBytes() throws Exception {
        Path pe = pe("client-plain.exe", (1 << 20) + 4096, 3);
        assertThat(clientSigns(pe, Optional.empty())).isEqualTo(jobSigns(pe, Optional.empty()));
        assertThat(client().defaultOutput(pe)).isEqualTo(dir.resolve("client-plain.signed.exe"));
        assertThat(client().embedsInArtifact()).isTrue();
    }

    @Test
    void timeStampedTheStructureIsStartSigningJobsAndOsslsigncodeVerifiesIt() throws Exception {
        Path pe = PeSigningTest.pe(dir, "client-tsa.exe", TestPe.buildPe32Plus(), 0xF0, 8192, 5);
        byte[] client = clientSigns(pe, Optional.of(pki.tsa()));
        byte[] job = jobSigns(pe, Optional.of(pki.tsa()));

        assertThat(AuthenticodeStructure.of(client)).isEqualTo(AuthenticodeStructure.of(job));
        Path output = Files.write(dir.resolve("client-tsa.signed.exe"), client);
        SignatureEvidence verified = FORMAT.verify(new Subject.File(output), new byte[0]);
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
                output.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Signature verification: ok");
        assertThat(result.output()).doesNotContainIgnoringCase("checksum mismatch");
    }

    @Test
    void thePayloadIsTheAuthenticodeDigestOnly() throws Exception {
        Path pe = pe("payload.exe", 4096, 0);
        AtomicLong progress = new AtomicLong();

        byte[] payload = client().prepare(PLATFORM, pe, progress::addAndGet).payload();

        byte[] digest;
        try (PeImage image = PeImage.open(pe).orElseThrow()) {
            digest = image.digest();
        }
        assertThat(new String(payload, StandardCharsets.US_ASCII))
                .isEqualTo("{\"kind\":\"pe\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\""
                        + HexFormat.of().formatHex(digest) + "\"}");
        assertThat(progress.get()).isEqualTo(Files.size(pe));
        assertThat(client().payloadFormat(PLATFORM))
                .isEqualTo(FORMAT.payloadFormat().orElseThrow());
    }

    /**
     * The test vector of docs/formats.md: the committed {@code hello.exe} gives the documented
     * payload, and the SignedData of the committed {@code hello.signed.exe}, as the server's answer
     * to it, verifies against that payload and embeds into {@code hello.signed.exe} byte for byte.
     */
    @Test
    void theDocumentedVector() throws Exception {
        Path vectors = Path.of(AuthenticodeClientSigningTest.class
                        .getResource("/vectors/authenticode/hello.exe")
                        .toURI())
                .getParent();
        Path hello = Files.copy(vectors.resolve("hello.exe"), dir.resolve("hello.exe"));
        byte[] signed = Files.readAllBytes(vectors.resolve("hello.signed.exe"));
        SignedPe.Layout layout = SignedPe.layout(signed).orElseThrow();
        byte[] entry = Arrays.copyOfRange(signed, layout.tableOffset() + 8, layout.tableOffset() + layout.tableSize());
        int length = 4 + (((entry[2] & 0xff) << 8) | (entry[3] & 0xff)); // 30 82 LL LL
        byte[] signedData = Arrays.copyOf(entry, length);

        ClientSigning.Prepared prepared = client().prepare(PLATFORM, hello, n -> {});
        assertThat(new String(prepared.payload(), StandardCharsets.US_ASCII))
                .isEqualTo("{\"kind\":\"pe\",\"digestAlgorithm\":\"SHA-256\",\"digest\":"
                        + "\"00b4c752a094562ed486d32db2e5fd8b3808cb3152bd99b9e85e92db15393370\"}");
        SignatureEvidence evidence = FORMAT.verify(new Subject.Payload(MEDIA_TYPE, prepared.payload()), signedData);
        assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prepared.finish(signedData, out);
        assertThat(out.toByteArray()).isEqualTo(signed);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"kind\":\"pe\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\"%s\",\"pageHashes\":true}",
                "{\"kind\":\"pe\", \"digestAlgorithm\":\"SHA-256\",\"digest\":\"%s\"}",
                "{\"digestAlgorithm\":\"SHA-256\",\"kind\":\"pe\",\"digest\":\"%s\"}",
                "{\"kind\":\"pe\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\"%S\"}",
                "{\"kind\":\"pe\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\"%s\"} ",
                "{\"kind\":\"pe\",\"digestAlgorithm\":\"SHA-256\"}",
                "{\"kind\":\"pe\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\"%s\u0000\"}",
                "[\"pe\",\"SHA-256\",\"%s\"]"
            })
    void malformedPayloadsAreRefused(String shape) {
        byte[] payload = String.format(shape, "ab".repeat(32)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serverSigns(rsa, payload, Optional.empty()))
                .isInstanceOf(FormatException.class)
                .hasMessage("a " + MEDIA_TYPE
                        + " payload is exactly {\"kind\":\"pe|msi|powershell\",\"digestAlgorithm\":\"SHA-256\","
                        + "\"digest\":\"<64 lower-case hex digits>\"}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ps1|SHA-256|64|signs kind pe, msi or powershell, not ps1",
                "msi|SHA-1|40|states a SHA-256 digest (the platform's), not SHA-1",
                "pe|SHA-1|40|states a SHA-256 digest (the platform's), not SHA-1",
                "pe|SHA-384|96|states a SHA-256 digest (the platform's), not SHA-384",
                "pe|sha-256|64|states a SHA-256 digest (the platform's), not sha-256",
                "pe|SHA-256|62|states a SHA-256 digest of 64 hex digits, got 62",
                "pe|SHA-256|96|states a SHA-256 digest of 64 hex digits, got 96"
            })
    void payloadsForWhatStartSigningJobWouldNotSignAreRefusedNamingWhy(String row) {
        String[] f = row.split("\\|");
        byte[] payload = ("{\"kind\":\"" + f[0] + "\",\"digestAlgorithm\":\"" + f[1] + "\",\"digest\":\""
                        + "a".repeat(Integer.parseInt(f[2])) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> serverSigns(rsa, payload, Optional.empty()))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("a " + MEDIA_TYPE + " payload ")
                .hasMessageContaining(f[3]);
    }

    @Test
    void anotherPayloadFormatOrAnEd25519KeyIsRefused() throws Exception {
        byte[] good = new AuthenticodeDigestPayload(new byte[32]).encode();
        assertThatThrownBy(() -> FORMAT.sign(
                        new SignRequest(
                                new Subject.Payload("application/vnd.signet.lambda-zip-digest.v1+json", good),
                                rsa,
                                metadata()),
                        new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessage("authenticode signs " + MEDIA_TYPE
                        + " payloads, not application/vnd.signet.lambda-zip-digest.v1+json");
        SigningKey ed25519 =
                pki.signingKey(KeyAlgorithm.ED25519, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        assertThatThrownBy(() -> serverSigns(ed25519, good, Optional.empty()))
                .isInstanceOf(FormatException.class)
                .hasMessage("authenticode signs with RSA or ECDSA keys, not Ed25519");
    }

    @Test
    void theServersSignedDataVerifiesAgainstThePayloadOnly() throws Exception {
        Path pe = pe("verify-payload.exe", 1024, 0);
        byte[] payload = client().prepare(PLATFORM, pe, n -> {}).payload();
        byte[] signedData = serverSigns(rsa, payload, Optional.of(pki.tsa()));

        SignatureEvidence good = FORMAT.verify(new Subject.Payload(MEDIA_TYPE, payload), signedData);
        assertThat(good.intact()).as(good.integrityDetail()).isTrue();
        assertThat(good.timestamp()).isPresent();
        assertThat(good.chain().get(0)).isEqualTo(rsa.chain().get(0));
        byte[] other = new AuthenticodeDigestPayload(new byte[32]).encode();
        SignatureEvidence bad = FORMAT.verify(new Subject.Payload(MEDIA_TYPE, other), signedData);
        assertThat(bad.intact()).isFalse();
        assertThat(bad.integrityDetail())
                .isEqualTo("the SignedData is not a valid Authenticode signature of this PE digest");
        assertThatThrownBy(() -> FORMAT.verify(new Subject.Payload(MEDIA_TYPE, payload), new byte[0]))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("needs the SignedData");
    }

    @Test
    void anAnswerForAnotherFileATamperedOneOrOneWithTrailingBytesIsNotEmbedded() throws Exception {
        Path pe = pe("answer.exe", 2048, 1);
        Path other = pe("other.exe", 2048, 2);
        byte[] forOther =
                serverSigns(rsa, client().prepare(PLATFORM, other, n -> {}).payload(), Optional.empty());
        byte[] forThis =
                serverSigns(rsa, client().prepare(PLATFORM, pe, n -> {}).payload(), Optional.empty());
        byte[] tampered = forThis.clone();
        tampered[tampered.length - 5] ^= 1;
        byte[] trailing = Arrays.copyOf(forThis, forThis.length + 1);
        for (byte[] answer : List.of(forOther, tampered, trailing, new byte[] {0x30, 0x00}, "not DER".getBytes())) {
            ClientSigning.Prepared prepared = client().prepare(PLATFORM, pe, n -> {});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> prepared.finish(answer, out))
                    .isInstanceOf(FormatException.class)
                    .hasMessage("the server's SignedData does not sign this file: it is not a valid Authenticode"
                            + " signature of its digest");
            assertThat(out.size()).isZero();
        }
    }

    @Test
    void aFileChangedAfterHashingIsRefused() throws Exception {
        Path pe = pe("changing.exe", 4096, 0);
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, pe, n -> {});
        byte[] signedData = serverSigns(rsa, prepared.payload(), Optional.empty());
        byte[] bytes = Files.readAllBytes(pe);
        bytes[0x300] ^= 1;
        Files.write(pe, bytes);
        assertThatThrownBy(() -> prepared.finish(signedData, new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("the file changed while it was signed");
    }

    @Test
    void whatStartSigningJobRefusesOrDoesNotTakeFromADigestIsRefusedBeforeAnythingIsSent() throws Exception {
        Path pe = pe("twice.exe", 1024, 0);
        Path signed = Files.write(dir.resolve("twice.signed.exe"), clientSigns(pe, Optional.empty()));
        assertRefused(
                signed,
                "the file is already signed (it carries an authenticode signature); sign the original"
                        + " artifact instead");
        assertRefused(
                Files.write(dir.resolve("empty.exe"), new byte[0]), "the file is empty; there is nothing to sign");
        assertRefused(
                Files.write(dir.resolve("binary.exe"), new byte[] {0, 1, 2, 3}),
                "not a PE file, MSI package or PowerShell script");
        byte[] msi = new byte[512];
        System.arraycopy(
                new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1},
                0,
                msi,
                0,
                8);
        assertRefused(Files.write(dir.resolve("setup.msi"), msi), "malformed MSI file: ");
    }

    /** A PE that jsign cannot read: refused before anything is sent, in the words StartSigningJob uses. */
    @ParameterizedTest
    @ValueSource(ints = {0x41, 0x44, 0x3F0})
    void aMalformedPeIsRefusedAsStartSigningJobRefusesIt(int peOffset) throws Exception {
        byte[] bytes = TestPe.build();
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x3C, peOffset);
        Path pe = Files.write(dir.resolve("malformed-" + peOffset + ".exe"), bytes);
        String job = null;
        try {
            jobSigns(pe, Optional.empty());
        } catch (FormatException e) {
            job = e.getMessage();
        }
        assertThat(job).as("StartSigningJob's refusal").startsWith("malformed PE file: ");
        assertRefused(pe, job);
    }

    private static void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> client().prepare(PLATFORM, file, n -> {}))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith(message);
    }
}
