package dev.signet.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestInfosTest {
    /** RFC 8017 section 9.2, note 1: the DER of each DigestInfo before its digest. */
    @ParameterizedTest
    @CsvSource({
        "SHA1, 3021300906052b0e03021a05000414",
        "SHA256, 3031300d060960864801650304020105000420",
        "SHA384, 3041300d060960864801650304020205000430"
    })
    void isTheRfcPrefixThenTheDigest(HashAlgorithm hash, String prefix) {
        byte[] digest = new byte[hash.length()];
        for (int i = 0; i < digest.length; i++) {
            digest[i] = (byte) (i * 7 + 1);
        }
        assertThat(HexFormat.of().formatHex(DigestInfos.encode(hash, digest)))
                .isEqualTo(prefix + HexFormat.of().formatHex(digest));
    }

    @ParameterizedTest
    @CsvSource({"SHA256, 20", "SHA384, 48", "SHA1, 0"})
    void aDigestOfAnotherLengthIsStillEncodedAsGiven(HashAlgorithm hash, int length) {
        byte[] encoded = DigestInfos.encode(hash, new byte[length]);
        assertThat(encoded[encoded.length - length - 1]).isEqualTo((byte) length);
        assertThat(encoded[0]).isEqualTo((byte) 0x30);
        assertThat(encoded[1] & 0xff).isEqualTo(encoded.length - 2);
    }
}
