package dev.signet.core.format.openpgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CanonicalArmor} reads exactly what BouncyCastle's ArmoredInputStream reads from the armor
 * Signet writes, and declines (leaving the judgement to ArmoredInputStream) every other form.
 */
class CanonicalArmorTest {
    private static byte[] packets(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        bytes[0] = (byte) 0xC2; // a signature packet's tag, so the armor says PGP SIGNATURE
        return bytes;
    }

    /** What OpenPgpFormat writes: BouncyCastle's armor without headers. */
    private static String armor(byte[] packets) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor =
                ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armor.write(packets);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] bouncyCastle(String armored) throws Exception {
        try (ArmoredInputStream in =
                new ArmoredInputStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 47, 48, 49, 96, 700, 2500})
    void readsSignetsArmorAsArmoredInputStreamDoes(int size) throws Exception {
        byte[] packets = packets(size);
        String armored = armor(packets);
        assertThat(armored).startsWith("-----BEGIN PGP SIGNATURE-----\n\n");
        assertThat(CanonicalArmor.decode(armored.getBytes(StandardCharsets.US_ASCII)))
                .hasValue(packets);
        assertThat(bouncyCastle(armored)).isEqualTo(packets);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"crc", "crlf", "header", "short-line", "long-line", "no-tail-newline", "trailing", "not-base64"})
    void declinesAnyOtherForm(String change) throws Exception {
        String armored = armor(packets(700));
        String changed = switch (change) {
            case "crc" -> armored.replaceFirst("\n=(.)", "\n=" + (armored.contains("\n=A") ? "B" : "A"));
            case "crlf" -> armored.replace("\n", "\r\n");
            case "header" -> armored.replaceFirst("\n\n", "\nComment: hello\n\n");
            case "short-line" -> armored.replaceFirst("\n(.{63}).\n", "\n$1\n");
            case "long-line" -> armored.replaceFirst("\n(.{64})\n(.)", "\n$1$2\n");
            case "no-tail-newline" -> armored.substring(0, armored.length() - 1);
            case "trailing" -> armored + "\n";
            case "not-base64" -> armored.replaceFirst("\n\n(.)", "\n\n*");
            default -> throw new IllegalArgumentException(change);
        };
        assertThat(changed).isNotEqualTo(armored);
        assertThat(CanonicalArmor.decode(changed.getBytes(StandardCharsets.US_ASCII)))
                .as(change)
                .isEmpty();
    }

    @Test
    void theCrcIsRfc4880s() {
        // RFC 4880 6.1: CRC-24 of nothing is the initial value; "123456789" is the common check value
        assertThat(CanonicalArmor.crc24(new byte[0])).isEqualTo(0xB704CE);
        assertThat(CanonicalArmor.crc24("123456789".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(0x21CF02);
    }

    /** Every length (the four-byte steps and the tail) against RFC 4880's bit-by-bit definition. */
    @Test
    void theCrcMatchesTheBitwiseDefinitionAtEveryLength() {
        java.util.Random random = new java.util.Random(4880);
        for (int length = 0; length < 300; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertThat(CanonicalArmor.crc24(data)).as("length " + length).isEqualTo(bitwise(data));
        }
    }

    private static int bitwise(byte[] data) {
        int crc = 0xB704CE;
        for (byte b : data) {
            crc ^= (b & 0xff) << 16;
            for (int i = 0; i < 8; i++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) {
                    crc ^= 0x1864CFB;
                }
            }
        }
        return crc & 0xFFFFFF;
    }
}
