package dev.signet.core.format.authenticode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.TestPki;
import dev.signet.core.tsa.Timestamper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SignedPe}, Signet's own reader of signed PEs: it accepts the signatures Signet writes with
 * the evidence jsign's path gives, and declines (empty) every malformed or failing file, which then
 * gets jsign's verdict and refusal unchanged.
 */
class SignedPeTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final AuthenticodeFormat FORMAT = new AuthenticodeFormat();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static byte[] signed;
    private static Layout layout;

    /** The signed test executable's offsets, as {@link SignedPe#layout} must find them. */
    private record Layout(int pe, int entry, int table, int tableSize) {}

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        // a SignedData whose length is not a multiple of 8, so that the table ends with padding (the
        // test PKI's ECDSA certificate signatures vary in length from one leaf to the next)
        for (int i = 0; i < 64 && (signed == null || paddingOf(signed) == 0); i++) {
            signed = sign(KeyAlgorithm.RSA_3072, TestPe.build(), Optional.empty());
        }
        assertThat(paddingOf(signed)).isPositive();
        ByteBuffer b = ByteBuffer.wrap(signed).order(ByteOrder.LITTLE_ENDIAN);
        int pe = b.getInt(0x3C);
        int entry = pe + 120 + 32;
        layout = new Layout(pe, entry, b.getInt(entry), b.getInt(entry + 4));
    }

    private static byte[] sign(KeyAlgorithm algorithm, byte[] pe, Optional<Timestamper> timestamper) throws Exception {
        SigningKey key = pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        Path input = Files.write(Files.createTempFile(dir, "in", ".exe"), pe);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(
                new SignRequest(
                        new Subject.File(input),
                        key,
                        new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty()),
                        timestamper),
                out);
        return out.toByteArray();
    }

    private static int paddingOf(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int der = b.getInt(b.getInt(0x3C) + 120 + 32) + 8;
        int derLength = ((file[der + 2] & 0xff) << 8 | (file[der + 3] & 0xff)) + 4; // 30 82 LL LL
        return file.length - der - derLength;
    }

    private static Path write(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(dir, "signed", ".exe"), bytes);
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"RSA_3072", "RSA_2048", "ECDSA_P256", "ECDSA_P384"})
    void acceptsWhatSignetSignsWithTheEvidenceOfJsignsPath(KeyAlgorithm algorithm) throws Exception {
        for (byte[] pe : new byte[][] {TestPe.build(), TestPe.buildPe32Plus()}) {
            for (Optional<Timestamper> tsa :
                    java.util.List.<Optional<Timestamper>>of(Optional.empty(), Optional.of(pki.tsa()))) {
                Path file = write(sign(algorithm, pe, tsa));
                Optional<SignatureEvidence> direct = SignedPe.verify(file);
                assertThat(direct).as(algorithm + " " + tsa.isPresent()).isPresent();
                assertSame(direct.get(), AuthenticodeVerification.withJsign(file));
                assertThat(direct.get().timestamp().isPresent()).isEqualTo(tsa.isPresent());
            }
        }
    }

    @Test
    void findsTheLayoutOfTheSignedExecutable() {
        SignedPe.Layout found = SignedPe.layout(signed).orElseThrow();
        assertThat(found)
                .isEqualTo(new SignedPe.Layout(layout.pe() + 88, layout.entry(), layout.table(), layout.tableSize()));
        assertThat(layout.table() + layout.tableSize()).isEqualTo(signed.length);
    }

    /** Malformed headers and tables, each declined by the layout itself. */
    enum BadLayout {
        TRUNCATED_DOS(b -> Arrays.copyOf(b, 0x30)),
        NOT_MZ(b -> set(b, 0, 'X')),
        PE_OFFSET_PAST_END(b -> putInt(b, 0x3C, b.length - 2)),
        PE_OFFSET_HUGE(b -> putInt(b, 0x3C, 0x7FFF_FFF8)),
        PE_OFFSET_NEGATIVE_AS_INT(b -> putInt(b, 0x3C, 0xFFFF_FFF8)),
        NO_PE_SIGNATURE(b -> set(b, layout.pe(), 'Q')),
        UNKNOWN_MAGIC(b -> putShort(b, layout.pe() + 24, 0x0107)),
        OPTIONAL_HEADER_TOO_SHORT(b -> putShort(b, layout.pe() + 20, 0x40)),
        OPTIONAL_HEADER_PAST_END(b -> putShort(b, layout.pe() + 20, 0xFFFF)),
        FOUR_DIRECTORIES(b -> putInt(b, layout.pe() + 116, 4)),
        TABLE_NOT_ALIGNED(b -> putInt(b, layout.entry(), layout.table() + 4)),
        TABLE_INSIDE_HEADERS(b -> putInt(b, layout.entry(), 8)),
        TABLE_PAST_END(b -> putInt(b, layout.entry(), layout.table() + 8)),
        TABLE_SIZE_OVERSIZED(b -> putInt(b, layout.entry() + 4, 0x7FFF_FFFF)),
        TABLE_SIZE_HUGE_UNSIGNED(b -> putInt(b, layout.entry() + 4, 0xFFFF_FFF0)),
        TABLE_SIZE_TOO_SMALL(b -> putInt(b, layout.entry() + 4, 8)),
        TABLE_NOT_AT_END(b -> Arrays.copyOf(b, b.length + 8)),
        TRUNCATED_TABLE(b -> Arrays.copyOf(b, b.length - 8)),
        ENTRY_LENGTH_SHORT(b -> putInt(b, layout.table(), layout.tableSize() - 8)),
        ENTRY_LENGTH_OVERSIZED(b -> putInt(b, layout.table(), 0x7FFF_FFFF)),
        WRONG_REVISION(b -> putShort(b, layout.table() + 4, 0x0100)),
        WRONG_TYPE(b -> putShort(b, layout.table() + 6, 0x0001));

        final UnaryOperator<byte[]> damage;

        BadLayout(UnaryOperator<byte[]> damage) {
            this.damage = damage;
        }
    }

    @ParameterizedTest
    @EnumSource(BadLayout.class)
    void declinesMalformedLayoutsAndLeavesTheVerdictToJsign(BadLayout bad) throws Exception {
        byte[] damaged = bad.damage.apply(signed.clone());
        assertThat(SignedPe.layout(damaged)).as(bad.name()).isEmpty();
        assertSameVerdict(write(damaged));
    }

    /**
     * Damage past the layout: the SignedData's DER, its padding, the digest, the signature, a byte of
     * a carried certificate.
     */
    enum BadSignature {
        PADDING_NOT_ZERO,
        PADDING_OF_EIGHT_BYTES_MORE,
        DER_LENGTH_OVERSIZED,
        DER_TRUNCATED,
        IMAGE_BYTE,
        SIGNATURE_VALUE,
        CERTIFICATE
    }

    @ParameterizedTest
    @EnumSource(BadSignature.class)
    void declinesDamagedSignaturesAndLeavesTheVerdictToJsign(BadSignature bad) throws Exception {
        byte[] b = signed.clone();
        int der = layout.table() + 8;
        int derLength = ((b[der + 2] & 0xff) << 8 | (b[der + 3] & 0xff)) + 4; // 30 82 LL LL
        switch (bad) {
            case PADDING_NOT_ZERO -> b[b.length - 1] = 1;
            case PADDING_OF_EIGHT_BYTES_MORE -> {
                b = Arrays.copyOf(b, b.length + 8);
                putInt(b, layout.entry() + 4, layout.tableSize() + 8);
                putInt(b, layout.table(), layout.tableSize() + 8);
            }
            case DER_LENGTH_OVERSIZED -> b[der + 2] = 0x7F;
            case DER_TRUNCATED -> b[der + 3] -= 8;
            case IMAGE_BYTE -> b[0x200] ^= 1;
            case SIGNATURE_VALUE -> b[der + derLength - 20] ^= 1;
            case CERTIFICATE -> b[der + 200] ^= 1;
        }
        Path file = write(b);
        if (bad != BadSignature.CERTIFICATE) { // the chain's own signatures are checked after the format
            assertThat(SignedPe.verify(file)).as(bad.name()).isEmpty();
        }
        assertSameVerdict(file);
    }

    @Test
    void aFileOverTheBoundIsLeftToJsign() throws Exception {
        byte[] big = signed.clone();
        Path file = write(Arrays.copyOf(big, SignedPe.MAX_FILE + 1));
        assertThat(SignedPe.verify(file)).isEmpty();
        assertThat(SignedPe.verify(dir.resolve("missing.exe"))).isEmpty();
    }

    /** The format's answer is jsign path's, the same evidence or the same refusal. */
    private static void assertSameVerdict(Path file) {
        SignatureEvidence viaFormat;
        try {
            viaFormat = FORMAT.verify(new Subject.File(file), new byte[0]);
        } catch (FormatException e) {
            assertThatThrownBy(() -> AuthenticodeVerification.withJsign(file))
                    .isInstanceOf(FormatException.class)
                    .hasMessage(e.getMessage());
            return;
        }
        SignatureEvidence viaJsign;
        try {
            viaJsign = AuthenticodeVerification.withJsign(file);
        } catch (FormatException e) {
            throw new AssertionError("jsign's path refused what the format accepted: " + e.getMessage(), e);
        }
        assertSame(viaFormat, viaJsign);
    }

    private static void assertSame(SignatureEvidence actual, SignatureEvidence expected) {
        assertThat(actual.intact()).isEqualTo(expected.intact());
        assertThat(actual.integrityDetail()).isEqualTo(expected.integrityDetail());
        assertThat(actual.chain()).isEqualTo(expected.chain());
        assertThat(actual.signingTime()).isEqualTo(expected.signingTime());
        assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
        assertThat(actual.signatureValue()).isEqualTo(expected.signatureValue());
        assertThat(actual.expiresAt()).isEqualTo(expected.expiresAt());
    }

    private static byte[] set(byte[] b, int at, char value) {
        b[at] = (byte) value;
        return b;
    }

    private static byte[] putInt(byte[] b, int at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return b;
    }

    private static byte[] putShort(byte[] b, int at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
        return b;
    }
}
