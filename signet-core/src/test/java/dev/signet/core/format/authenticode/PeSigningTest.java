package dev.signet.core.format.authenticode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.EvidenceAssertions;
import dev.signet.core.testing.FlippingKeyBackend;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.testing.Tools;
import dev.signet.core.tsa.TimestampAuthority;
import dev.signet.core.tsa.Timestamper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass PE signer ({@link PeSigning}, {@link PeSignedData}): its output is byte for byte
 * what jsign writes when it signs in place, osslsigncode accepts it, its evidence is what verify()
 * reports, and a corrupted signature value from the key backend is refused.
 */
class PeSigningTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final AuthenticodeFormat FORMAT = new AuthenticodeFormat();

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

    /** The test PE, its section grown by {@code extra} random bytes (so several read chunks) and a tail of {@code tail} bytes. */
    static Path pe(String name, int extra, int tail) throws Exception {
        return pe(name, TestPe.build(), 0xE0, extra, tail);
    }

    static Path pe(String name, byte[] base, int optionalHeaderSize, int extra, int tail) throws Exception {
        return pe(dir, name, base, optionalHeaderSize, extra, tail);
    }

    /** As above, written in {@code dir}. */
    static Path pe(Path dir, String name, byte[] base, int optionalHeaderSize, int extra, int tail) throws Exception {
        byte[] bytes = new byte[base.length + extra + tail];
        System.arraycopy(base, 0, bytes, 0, base.length);
        Random random = new Random(extra * 31L + tail);
        byte[] filler = new byte[extra + tail];
        random.nextBytes(filler);
        System.arraycopy(filler, 0, bytes, base.length, filler.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int section = 0x40 + 24 + optionalHeaderSize;
        b.putInt(section + 16, 0x200 + extra); // raw size of .text
        b.putInt(0x40 + 24 + 4, 0x200 + extra); // size of code
        return Files.write(dir.resolve(name), bytes);
    }

    static Stream<Path> inputs() throws Exception {
        return Stream.of(
                pe("plain.exe", 0, 0),
                pe("odd-tail.exe", 512, 3),
                pe("two-chunks.exe", (1 << 20) + 4096, 0),
                pe("three-chunks-torn.exe", (5 << 19) + 512, 5),
                pe("pe32plus.exe", TestPe.buildPe32Plus(), 0xF0, 4096, 0),
                pe("pe32plus-odd.exe", TestPe.buildPe32Plus(), 0xF0, (1 << 20) + 512, 7));
    }

    static SignRequest request(SigningKey key, Path file, Optional<Timestamper> timestamper) {
        return new SignRequest(
                new Subject.File(file),
                key,
                new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty()),
                timestamper);
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void theOutputIsByteForByteWhatJsignWritesInPlace(Path input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Optional<SignatureEvidence> evidence = PeSigning.sign(request(rsa, input, Optional.empty()), input, out);
        assertThat(evidence).isPresent();
        Path jsigned = Files.copy(input, dir.resolve("jsign-" + input.getFileName()));
        AuthenticodeSigning.sign(request(rsa, jsigned, Optional.empty()), jsigned);
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(jsigned));
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void osslsigncodeVerifiesItAndItsEvidenceIsWhatVerifyReports(Path input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence signed = FORMAT.sign(request(rsa, input, Optional.of(pki.tsa())), out);
        Path output = Files.write(dir.resolve("signed-" + input.getFileName()), out.toByteArray());
        assertThat(signed.intact()).isTrue();
        assertThat(signed.timestamp()).isPresent();
        EvidenceAssertions.assertSameEvidence(signed, FORMAT.verify(new Subject.File(output), new byte[0]));
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

    /** ECDSA signatures differ on every signing, so an ECDSA key's output is checked by osslsigncode and verify(). */
    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"ECDSA_P256", "ECDSA_P384"})
    void osslsigncodeVerifiesAnEcdsaSignature(KeyAlgorithm algorithm) throws Exception {
        SigningKey key = pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        Path input = pe("ecdsa-" + algorithm + ".exe", 2048, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Optional<SignatureEvidence> signed = PeSigning.sign(request(key, input, Optional.of(pki.tsa())), input, out);
        assertThat(signed).isPresent();
        Path output = Files.write(dir.resolve("signed-ecdsa-" + algorithm + ".exe"), out.toByteArray());
        EvidenceAssertions.assertSameEvidence(signed.get(), FORMAT.verify(new Subject.File(output), new byte[0]));
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
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"RSA_3072", "ECDSA_P256"})
    void aKeyBackendReturningACorruptedSignatureMakesSignFailAndWritesNothing(KeyAlgorithm algorithm) throws Exception {
        SigningKey key = pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        Path input = pe("corrupt-" + algorithm + ".exe", 1024, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> FORMAT.sign(request(FlippingKeyBackend.corrupting(key), input, Optional.empty()), out))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("failed its own verification")
                .hasMessageContaining("the private key doesn't match the certificate");
        assertThat(out.size()).isZero();
    }

    @Test
    void aTimeStampAuthorityReturningACorruptedTokenMakesSignFailAndWritesNothing() throws Exception {
        TimestampAuthority corruptTsa = TimestampAuthority.openOrCreate(
                dir.resolve("pki").resolve("tsa"), new FlippingKeyBackend(pki.keys()), pki.ca(), Clock.systemUTC());
        Path input = pe("corrupt-tsa.exe", 1024, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> FORMAT.sign(request(rsa, input, Optional.of(corruptTsa)), out))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("time-stamp");
        assertThat(out.size()).isZero();
    }

    /** Files the one-pass signer leaves to jsign: a PE header not 8-byte aligned, an MSI-less non-PE. */
    @ParameterizedTest
    @ValueSource(ints = {0x44, 0x41})
    void anUnalignedPeHeaderIsLeftToJsign(int peOffset) throws Exception {
        byte[] base = TestPe.build();
        int shift = peOffset - 0x40;
        byte[] bytes = new byte[base.length];
        System.arraycopy(base, 0, bytes, 0, 0x40);
        System.arraycopy(base, 0x40, bytes, peOffset, 0x200 - peOffset);
        System.arraycopy(base, 0x200, bytes, 0x200, base.length - 0x200);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3C, peOffset);
        Path input = Files.write(dir.resolve("unaligned-" + shift + ".exe"), bytes);
        assertThat(PeImage.open(input)).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence signed = FORMAT.sign(request(rsa, input, Optional.empty()), out);
        Path output = Files.write(dir.resolve("signed-unaligned-" + shift + ".exe"), out.toByteArray());
        EvidenceAssertions.assertSameEvidence(signed, FORMAT.verify(new Subject.File(output), new byte[0]));
    }
}
