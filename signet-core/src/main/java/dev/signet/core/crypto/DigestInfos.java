package dev.signet.core.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/** The PKCS#1 v1.5 DigestInfo (RFC 8017 section 9.2) that RSA signs over a precomputed digest. */
public final class DigestInfos {
    private DigestInfos() {}

    /** The DER DigestInfo of {@code digest}, a {@code hash} digest. */
    public static byte[] encode(HashAlgorithm hash, byte[] digest) {
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
