package dev.signet.core.format.lambdazip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.TestPki;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * The Lambda zip signed where it lies: the client half ({@link LambdaZipClientSigning}) and the
 * server half ({@link LambdaZipFormat} with a {@link LambdaZipPayload}) give the same signed zip,
 * byte for byte but the ES384 value, as signing the file; the payload holds no byte of the zip; bad
 * payloads and answers are refused.
 */
class LambdaZipClientSigningTest {
    private static final String PLATFORM = "AWSLambda-SHA384-ECDSA";
    private static final LambdaZipFormat FORMAT = new LambdaZipFormat();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String JOB =
            "arn:aws:signer:us-east-1:000000000000:/signing-jobs/3f1e0000-0000-4000-8000-000000000002";

    @TempDir
    static Path dir;

    private static SigningKey key;
    private static TestPki pki;

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir.resolve("pki"));
        key = pki.signingKey(KeyAlgorithm.ECDSA_P384, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
    }

    private static SignatureMetadata metadata() {
        return new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.of(JOB));
    }

    private static ClientSigning client() {
        return ClientSignings.forPlatform(PLATFORM).orElseThrow();
    }

    /** What the server does with a payload: the block. */
    private static byte[] serverSigns(byte[] payload) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(new SignRequest(new Subject.Payload(LambdaZipPayload.MEDIA_TYPE, payload), key, metadata()), out);
        return out.toByteArray();
    }

    private static byte[] clientSigns(Path zip) throws FormatException {
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, zip, n -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prepared.finish(serverSigns(prepared.payload()), out);
        return out.toByteArray();
    }

    @Test
    void signsTheSameZipAsStartSigningJobButForTheSignatureValue() throws Exception {
        Path zip = Files.write(dir.resolve("function.zip"), TestZips.function(11));
        byte[] client = clientSigns(zip);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        FORMAT.sign(new SignRequest(new Subject.File(zip), key, metadata()), file);
        byte[] whole = file.toByteArray();

        assertThat(client).hasSameSizeAs(whole);
        assertThat(withoutSignatureValue(client)).isEqualTo(withoutSignatureValue(whole));
        Path signed = Files.write(dir.resolve("function.signed.zip"), client);
        VerificationResult result = Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .build()
                .verify(new Subject.File(signed), new byte[0]);
        assertThat(result.valid()).as(result.toString()).isTrue();
        var unzip = Tools.run("unzip", "-t", signed.toString());
        assertThat(unzip.exitCode()).as(unzip.output()).isZero();
        assertThat(client().defaultOutput(zip)).isEqualTo(dir.resolve("function.signed.zip"));
        assertThat(client().embedsInArtifact()).isTrue();
    }

    /**
     * The 128 base64url characters of the ES384 value (the block's last part) blanked, and the
     * signature entry's CRC-32 in both its headers, which covers them.
     */
    private static byte[] withoutSignatureValue(byte[] signedZip) throws Exception {
        Path file = Files.write(Files.createTempFile(dir, "s-", ".zip"), signedZip);
        ZipLayout layout = ZipLayout.read(file);
        ZipEntryInfo sig = layout.entries().get(layout.entries().size() - 1);
        int end = (int) sig.end();
        byte[] copy = signedZip.clone();
        for (int i = end - 128; i < end; i++) {
            copy[i] = '.';
        }
        assertThat(copy[end - 129]).isEqualTo((byte) '.');
        for (int i = 0; i < 4; i++) {
            copy[(int) sig.localOffset() + 14 + i] = 0;
            copy[(int) sig.centralOffset() + 16 + i] = 0;
        }
        return copy;
    }

    @Test
    void thePayloadIsTheLengthAndDigestOnly() throws Exception {
        byte[] bytes = TestZips.function(12);
        Path zip = Files.write(dir.resolve("payload.zip"), bytes);
        AtomicLong progress = new AtomicLong();

        byte[] payload = client().prepare(PLATFORM, zip, progress::addAndGet).payload();

        assertThat(new String(payload, StandardCharsets.US_ASCII))
                .isEqualTo("{\"size\":" + bytes.length + ",\"sha384\":\""
                        + HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA384, bytes)) + "\"}");
        assertThat(progress.get()).isEqualTo(bytes.length);
        assertThat(client().payloadFormat(PLATFORM))
                .isEqualTo(FORMAT.payloadFormat().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"size\":10,\"sha384\":\"ab\"}",
                "{\"size\":10,\"sha384\":\"%s\",\"extra\":1}",
                "{\"size\":10, \"sha384\":\"%s\"}",
                "{\"sha384\":\"%s\",\"size\":10}",
                "{\"size\":010,\"sha384\":\"%s\"}",
                "{\"size\":-1,\"sha384\":\"%s\"}",
                "{\"size\":4294967296,\"sha384\":\"%s\"}",
                "{\"size\":10,\"sha384\":\"%S\"}",
                "{\"size\":10,\"sha256\":\"%s\"}",
                "{\"size\":10,\"sha384\":\"%s\"} "
            })
    void malformedPayloadsAreRefused(String shape) {
        byte[] payload = String.format(shape, "ab".repeat(48)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serverSigns(payload))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("a " + LambdaZipPayload.MEDIA_TYPE + " payload ")
                .hasMessageContaining(shape.contains("4294967296") ? "at most 4294967295" : "is exactly {\"size\":N,");
    }

    @Test
    void anotherPayloadFormatIsRefused() {
        assertThatThrownBy(() -> FORMAT.sign(
                        new SignRequest(
                                new Subject.Payload("application/vnd.signet.iot-digest.v1+json", new byte[] {'{'}),
                                key,
                                metadata()),
                        new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("signs " + LambdaZipPayload.MEDIA_TYPE + " payloads");
    }

    @Test
    void theServersBlockVerifiesAgainstThePayloadOnly() throws Exception {
        Path zip = Files.write(dir.resolve("block.zip"), TestZips.function(13));
        byte[] payload = client().prepare(PLATFORM, zip, n -> {}).payload();
        byte[] block = serverSigns(payload);

        SignatureEvidence good = FORMAT.verify(new Subject.Payload(LambdaZipPayload.MEDIA_TYPE, payload), block);
        assertThat(good.intact()).as(good.integrityDetail()).isTrue();
        assertThat(good.signatureId()).isPresent();
        byte[] other = new LambdaZipPayload(1234, new byte[48]).encode();
        SignatureEvidence bad = FORMAT.verify(new Subject.Payload(LambdaZipPayload.MEDIA_TYPE, other), block);
        assertThat(bad.intact()).isFalse();
        assertThat(bad.integrityDetail()).contains("1234 bytes");
    }

    @Test
    void anAnswerForAnotherZipOrATamperedOneIsNotEmbedded() throws Exception {
        Path zip = Files.write(dir.resolve("answer.zip"), TestZips.function(14));
        Path other = Files.write(dir.resolve("other.zip"), TestZips.function(15));
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, zip, n -> {});
        byte[] forOther = serverSigns(client().prepare(PLATFORM, other, n -> {}).payload());
        assertThatThrownBy(() -> prepared.finish(forOther, new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("does not sign this zip: the zip's content does not match");

        byte[] block = serverSigns(prepared.payload());
        block[block.length - 5] ^= 1;
        assertThatThrownBy(() -> prepared.finish(block, new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class);
    }

    /**
     * Prepared into its output (as {@code signet sign} does), the zip is copied as it is hashed and the
     * signature written into the copy: the same bytes as the writer that reads the zip again, for the
     * same block; a zip rewritten after that read does not change the output, which holds what was hashed.
     */
    @Test
    void aZipPreparedIntoItsOutputIsReadOnceAndGivesTheSameSignedZip() throws Exception {
        byte[] bytes = TestZips.function(17);
        Path zip = Files.write(dir.resolve("once.zip"), bytes);
        Path out = dir.resolve("once.signed.zip");
        try (FileChannel channel = FileChannel.open(
                out, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ClientSigning.Prepared prepared = client().prepare(PLATFORM, zip, n -> {}, channel);
            byte[] block = serverSigns(prepared.payload());
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            client().prepare(PLATFORM, zip, n -> {}).finish(block, again);
            byte[] changed = bytes.clone();
            changed[40] ^= 1;
            Files.write(zip, changed);
            prepared.finish(block, channel);
            assertThat(Files.readAllBytes(out)).isEqualTo(again.toByteArray());
        }
        var unzip = Tools.run("unzip", "-t", out.toString());
        assertThat(unzip.exitCode()).as(unzip.output()).isZero();
    }

    @Test
    void aZipChangedAfterHashingIsRefused() throws Exception {
        byte[] bytes = TestZips.function(16);
        Path zip = Files.write(dir.resolve("changing.zip"), bytes);
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, zip, n -> {});
        byte[] block = serverSigns(prepared.payload());
        bytes[40] ^= 1;
        Files.write(zip, bytes);
        assertThatThrownBy(() -> prepared.finish(block, new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("changed while it was signed");
    }

    @Test
    void signedMalformedAndEmptyZipsAreRefusedBeforeAnythingIsSent() throws Exception {
        Path zip = Files.write(dir.resolve("twice.zip"), TestZips.function(17));
        Path signed = Files.write(dir.resolve("twice.signed.zip"), clientSigns(zip));
        assertThatThrownBy(() -> client().prepare(PLATFORM, signed, n -> {}))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("already signed");
        Path empty = Files.write(dir.resolve("empty.zip"), TestZips.empty());
        assertThatThrownBy(() -> client().prepare(PLATFORM, empty, n -> {}))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("empty");
        Path text = Files.writeString(dir.resolve("text.zip"), "not a zip at all, just some text");
        assertThatThrownBy(() -> client().prepare(PLATFORM, text, n -> {})).isInstanceOf(FormatException.class);
    }
}
