package dev.signet.core.revocation;

import dev.signet.core.crypto.SigningKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The revocation list's wire form (docs/formats.md, "Signed revocation list"): signed by the Signet
 * CA's issuing key, carrying its chain, so an offline verifier that trusts the root trusts the list.
 */
public final class SignedRevocationList {
    private SignedRevocationList() {}

    /** Encodes and signs {@code list} with {@code caKey} (the CA's issuing key and chain). */
    public static byte[] sign(RevocationList list, SigningKey caKey) {
        throw new UnsupportedOperationException("TODO revocation");
    }

    /**
     * Parses and checks a signed list: the signature is valid, the signer's chain leads to one of
     * {@code trustedRoots}, and the signer may sign revocation data (a CA certificate with
     * cRLSign). Staleness is not judged here.
     *
     * @throws RevocationDataException for anything else, with a one-line reason
     */
    public static RevocationList verify(byte[] encoded, List<X509Certificate> trustedRoots)
            throws RevocationDataException {
        throw new UnsupportedOperationException("TODO revocation");
    }
}
