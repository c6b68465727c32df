package dev.signet.core.crypto;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DerReader#requireCanonical}: the encodings BouncyCastle's DER re-encoding keeps, and no others. */
class DerReaderTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "3006020101020100", // SEQUENCE of two INTEGERs
                "31060201010201ff", // SET in DER order (01 before ff)
                "0101ff", // BOOLEAN true
                "020200ff", // INTEGER 255, its leading zero needed
                "030100", // empty BIT STRING
                "0500",
                "a0030401aa", // context-specific constructed
                "800461006200", // context-specific primitive (an implicit BMPString)
                ""
            })
    void acceptsCanonicalDer(String hex) {
        byte[] der = HexFormat.of().parseHex(hex);
        assertThatCode(() -> DerReader.requireCanonical(der, 0, der.length)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "3081020500", // long form for a short length
                "3080020101 0000", // indefinite length
                "30050201", // length past the end
                "3006020101", // truncated
                "310602010102010a01", // trailing garbage inside nothing
                "3106020102020101", // SET out of DER order
                "010101", // BOOLEAN neither 00 nor ff
                "02020001", // INTEGER with a needless leading zero
                "0202ff80", // INTEGER with a needless leading ff
                "0200", // empty INTEGER
                "050100", // NULL with content
                "030107", // BIT STRING with unused bits
                "2403040100", // constructed OCTET STRING
                "1f2001aa", // high tag number
                "0000" // end-of-contents octets
            })
    void refusesEverythingElse(String hex) {
        byte[] der = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertThatThrownBy(() -> DerReader.requireCanonical(der, 0, der.length))
                .isInstanceOf(DerReader.Malformed.class);
    }

    @org.junit.jupiter.api.Test
    void boundsNesting() {
        byte[] deep = new byte[2 * 40];
        for (int i = 0; i < 40; i++) {
            deep[2 * i] = 0x30;
            deep[2 * i + 1] = (byte) (2 * (40 - i - 1));
        }
        assertThatThrownBy(() -> DerReader.requireCanonical(deep, 0, deep.length))
                .isInstanceOf(DerReader.Malformed.class);
        byte[] shallow = java.util.Arrays.copyOfRange(deep, 2 * 10, deep.length);
        assertThatCode(() -> DerReader.requireCanonical(shallow, 0, shallow.length))
                .doesNotThrowAnyException();
    }
}
