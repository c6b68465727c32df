package dev.signet.core.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/** The PKCS#1 v1.5 DigestInfo (RFC 8017 section 9.2) that RSA signs over a precomputed digest. */
public final class DigestInfos {
    /**
     * Each hash's DigestInfo up to its digest: what BouncyCastle writes before a digest of the
     * hash's length (encoding it per signature check was 1% of a small RSA verify).
     */
    private static final Map<HashAlgorithm, byte[]> PREFIXES = prefixes();

    private DigestInfos() {}

    /** The DER DigestInfo of {@code digest}, a {@code hash} digest. */
    public static byte[] encode(HashAlgorithm hash, byte[] digest) {
        if (digest.length != hash.length()) {
            return encodeWithBouncyCastle(hash, digest);
        }
        byte[] prefix = PREFIXES.get(hash);
        byte[] encoded = Arrays.copyOf(prefix, prefix.length + digest.length);
        System.arraycopy(digest, 0, encoded, prefix.length, digest.length);
        return encoded;
    }

    private static Map<HashAlgorithm, byte[]> prefixes() {
        Map<HashAlgorithm, byte[]> prefixes = new EnumMap<>(HashAlgorithm.class);
        for (HashAlgorithm hash : HashAlgorithm.values()) {
            byte[] whole = encodeWithBouncyCastle(hash, new byte[hash.length()]);
            prefixes.put(hash, Arrays.copyOf(whole, whole.length - hash.length()));
        }
        return prefixes;
    }

    private static byte[] encodeWithBouncyCastle(HashAlgorithm hash, byte[] digest) {
        ASN1ObjectIdentifier oid = switch (hash) {
            case SHA1 -> OIWObjectIdentifiers.idSHA1;
            case SHA256 -> NISTObjectIdentifiers.id_sha256;
            case SHA384 -> NISTObjectIdentifiers.id_sha384;
        };
        try {
            return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
