package dev.signet.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JoseTest {
    /** What ecdsaDerToJose gave when BouncyCastle read every signature. */
    private static byte[] throughBouncyCastle(byte[] der, int fieldBytes) throws Exception {
        ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        byte[] out = new byte[2 * fieldBytes];
        for (int i = 0; i < 2; i++) {
            byte[] v = ASN1Integer.getInstance(seq.getObjectAt(i))
                    .getPositiveValue()
                    .toByteArray();
            int skip = v.length > fieldBytes ? v.length - fieldBytes : 0;
            System.arraycopy(v, skip, out, i * fieldBytes + fieldBytes - (v.length - skip), v.length - skip);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"secp256r1, SHA256withECDSA, 32", "secp384r1, SHA384withECDSA, 48"})
    void realSignaturesGiveWhatBouncyCastleGave(String curve, String algorithm, int fieldBytes) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = generator.generateKeyPair();
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(pair.getPrivate());
        for (int i = 0; i < 300; i++) {
            signer.update((byte) i);
            byte[] der = signer.sign();
            assertThat(Jose.ecdsaDerToJose(der, fieldBytes)).isEqualTo(throughBouncyCastle(der, fieldBytes));
        }
    }

    /** Small, zero and high-bit values; a short r; both read alike. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "3006020101020102",
                "3006020100020100",
                "300702020080020101",
                "3008020200ff02020100",
                "300a0203012345020300abcd"
            })
    void edgeValuesGiveWhatBouncyCastleGave(String hex) throws Exception {
        byte[] der = HexFormat.of().parseHex(hex);
        assertThat(Jose.ecdsaDerToJose(der, 32)).isEqualTo(throughBouncyCastle(der, 32));
    }

    /** Not minimal DER, a wrong length, a byte after the sequence, not an INTEGER: refused as before. */
    @ParameterizedTest
    @ValueSource(strings = {"300702020001020101", "3007020101020101", "300602010102010100", "3006020101040101"})
    void malformedIsRefused(String hex) {
        byte[] der = HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> Jose.ecdsaDerToJose(der, 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 40})
    void aValueLargerThanTheCurveIsRefused(int bytes) {
        byte[] r = new BigInteger(1, new byte[bytes]).setBit(bytes * 8 - 2).toByteArray();
        byte[] der = new byte[2 + 2 + r.length + 3];
        der[0] = 0x30;
        der[1] = (byte) (der.length - 2);
        der[2] = 0x02;
        der[3] = (byte) r.length;
        System.arraycopy(r, 0, der, 4, r.length);
        der[4 + r.length] = 0x02;
        der[5 + r.length] = 1;
        der[6 + r.length] = 1;
        assertThatThrownBy(() -> Jose.ecdsaDerToJose(der, 32)).isInstanceOf(IllegalArgumentException.class);
    }
}
