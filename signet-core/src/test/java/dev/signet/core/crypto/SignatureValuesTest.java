package dev.signet.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.SignatureValues.EcdsaEncoding;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Canonical signature values: every encoding of one signature maps to one value, junk to itself. */
class SignatureValuesTest {
    private static final byte[] MESSAGE = "signet".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static KeyPair ec;
    private static KeyPair rsa;
    private static BigInteger n;

    @BeforeAll
    static void keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ec = g.generateKeyPair();
        n = ((ECPublicKey) ec.getPublic()).getParams().getOrder();
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = r.generateKeyPair();
    }

    private static byte[] sign(KeyPair keys, String algorithm) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(keys.getPrivate());
        s.update(MESSAGE);
        return s.sign();
    }

    private static BigInteger[] rs(byte[] der) {
        var seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
        return new BigInteger[] {
            org.bouncycastle.asn1.ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
            org.bouncycastle.asn1.ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()
        };
    }

    @Test
    void anEcdsaSignatureAndItsTwinInDerAndJoseHaveOneCanonicalValue() throws GeneralSecurityException {
        byte[] der = sign(ec, "SHA256withECDSA");
        BigInteger[] v = rs(der);
        byte[] twin;
        try {
            twin = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Integer[] {
                        new org.bouncycastle.asn1.ASN1Integer(v[0]),
                        new org.bouncycastle.asn1.ASN1Integer(n.subtract(v[1]))
                    })
                    .getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        byte[] canonical = SignatureValues.canonical(der, ec.getPublic(), EcdsaEncoding.DER);

        assertThat(SignatureValues.canonical(twin, ec.getPublic(), EcdsaEncoding.DER))
                .isEqualTo(canonical);
        assertThat(SignatureValues.canonical(Jose.ecdsaDerToJose(der, 32), ec.getPublic(), EcdsaEncoding.JOSE))
                .isEqualTo(canonical);
        assertThat(SignatureValues.canonical(Jose.ecdsaDerToJose(twin, 32), ec.getPublic(), EcdsaEncoding.JOSE))
                .isEqualTo(canonical);
        assertThat(rs(canonical)[1].compareTo(n.shiftRight(1))).isLessThanOrEqualTo(0);
    }

    @Test
    void nonMinimalDerIsReEncodedMinimally() throws Exception {
        BigInteger[] v = rs(sign(ec, "SHA256withECDSA"));
        byte[] r = v[0].toByteArray();
        byte[] s = v[1].toByteArray();
        // INTEGERs with two extra leading zero octets, long-form lengths everywhere
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (byte[] i : new byte[][] {r, s}) {
            body.write(0x02);
            body.write(0x81);
            body.write(i.length + 2);
            body.write(0);
            body.write(0);
            body.write(i);
        }
        java.io.ByteArrayOutputStream ber = new java.io.ByteArrayOutputStream();
        ber.write(0x30);
        ber.write(0x82);
        ber.write(body.size() >> 8);
        ber.write(body.size());
        body.writeTo(ber);

        assertThat(SignatureValues.canonical(ber.toByteArray(), ec.getPublic(), EcdsaEncoding.DER))
                .isEqualTo(SignatureValues.lowS(v[0], v[1], n));
    }

    static Stream<String> junk() {
        return Stream.of(
                "",
                "30",
                "3000",
                "300602010102010100",
                "3006020101020101",
                "3006020100020101",
                "300302010a",
                "3084ffffffff",
                "30060201ff020101");
    }

    @ParameterizedTest
    @MethodSource("junk")
    void anythingElseIsKeptAsCarried(String hex) {
        byte[] junk = HexFormat.of().parseHex(hex);
        assertThat(SignatureValues.canonical(junk, ec.getPublic(), EcdsaEncoding.DER))
                .isEqualTo(junk);
        assertThat(SignatureValues.canonical(junk, ec.getPublic(), EcdsaEncoding.JOSE))
                .isEqualTo(junk);
    }

    /**
     * Every encoding of one RSA value maps to the modulus-length one. The carried value is whatever
     * the signer made: about one in 256 RSA signatures starts with a zero octet, and its minimal
     * encoding is then shorter than the modulus; the fixed value below covers that case every run.
     */
    @Test
    void rsaIsPaddedToTheModulusLength() throws GeneralSecurityException {
        byte[] sig = sign(rsa, "SHA256withRSA");
        byte[] leadingZero = sig.clone();
        leadingZero[0] = 0;
        for (byte[] value : List.of(sig, leadingZero)) {
            assertThat(SignatureValues.canonical(value, rsa.getPublic(), EcdsaEncoding.DER))
                    .isEqualTo(value);
            // minimal two's complement (a sign octet when the top bit is set) and minimal unsigned
            byte[] signed = new BigInteger(1, value).toByteArray();
            assertThat(SignatureValues.canonical(signed, rsa.getPublic(), EcdsaEncoding.DER))
                    .isEqualTo(value);
            byte[] unsigned = Arrays.copyOfRange(value, value[0] == 0 ? 1 : 0, value.length);
            assertThat(SignatureValues.canonical(unsigned, rsa.getPublic(), EcdsaEncoding.DER))
                    .isEqualTo(value);
            byte[] withZero = new byte[value.length + 1];
            System.arraycopy(value, 0, withZero, 1, value.length);
            assertThat(SignatureValues.canonical(withZero, rsa.getPublic(), EcdsaEncoding.DER))
                    .isEqualTo(value);
        }
        byte[] small = {0x01, 0x02};
        byte[] padded = SignatureValues.canonical(small, rsa.getPublic(), EcdsaEncoding.DER);
        assertThat(padded).hasSize(256);
        assertThat(padded[254]).isEqualTo((byte) 1);
        assertThat(padded[255]).isEqualTo((byte) 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "SunEC", "BC"})
    void ed25519WithSPlusLIsRefusedSoTheCarriedValueIsCanonical(String provider) throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair();
        byte[] sig = sign(keys, "Ed25519");
        BigInteger l = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
        byte[] le = new byte[32];
        for (int i = 0; i < 32; i++) {
            le[i] = sig[63 - i];
        }
        byte[] big = new BigInteger(1, le).add(l).toByteArray();
        byte[] malleated = sig.clone();
        for (int i = 0; i < 32; i++) {
            int j = big.length - 1 - i;
            malleated[32 + i] = j >= 0 ? big[j] : 0;
        }
        assertThat(verifies(provider, keys, sig)).isTrue();
        assertThat(verifies(provider, keys, malleated)).isFalse();
    }

    private static boolean verifies(String provider, KeyPair keys, byte[] sig) throws GeneralSecurityException {
        Signature v = switch (provider) {
            case "default" -> CryptoProviders.signature("Ed25519");
            case "BC" -> Signature.getInstance("Ed25519", bc());
            default -> Signature.getInstance("Ed25519", provider);
        };
        try {
            var key = provider.equals("BC")
                    ? java.security.KeyFactory.getInstance("Ed25519", bc())
                            .generatePublic(new java.security.spec.X509EncodedKeySpec(
                                    keys.getPublic().getEncoded()))
                    : keys.getPublic();
            v.initVerify(key);
            v.update(MESSAGE);
            return v.verify(sig);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    private static Provider bc() {
        Provider p = Security.getProvider("BC");
        return p != null ? p : new BouncyCastleProvider();
    }

    /** lowS writes the bytes BouncyCastle's DERSequence of two ASN1Integers wrote, for every shape of value. */
    @Test
    void lowSIsBouncyCastlesEncoding() throws Exception {
        BigInteger n = ((ECPublicKey)
                        KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic())
                .getParams()
                .getOrder();
        java.util.Random random = new java.util.Random(15);
        List<BigInteger> values = new java.util.ArrayList<>(List.of(
                BigInteger.ONE,
                BigInteger.valueOf(127),
                BigInteger.valueOf(128),
                BigInteger.valueOf(255),
                n.shiftRight(1),
                n.shiftRight(1).add(BigInteger.ONE),
                n.subtract(BigInteger.ONE)));
        for (int i = 0; i < 200; i++) {
            values.add(new BigInteger(n.bitLength() - random.nextInt(16), random).add(BigInteger.ONE));
        }
        for (BigInteger r : values) {
            BigInteger s = values.get(random.nextInt(values.size()));
            BigInteger low = s.compareTo(n.shiftRight(1)) > 0 ? n.subtract(s) : s;
            byte[] bouncyCastle = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Integer[] {
                        new org.bouncycastle.asn1.ASN1Integer(r), new org.bouncycastle.asn1.ASN1Integer(low)
                    })
                    .getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
            assertThat(SignatureValues.lowS(r, s, n)).as("r=%s s=%s", r, s).isEqualTo(bouncyCastle);
        }
    }
}
