package dev.signet.core.tsa;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.ContentInfo;

/**
 * Obtains an RFC 3161 time-stamp token over a digest. Formats use it to countersign their
 * signature value, so a signature stays verifiable after its certificate expires. Implementations
 * are thread-safe.
 */
public interface Timestamper {

    /**
     * A DER TimeStampToken (a CMS ContentInfo) whose message imprint is {@code digest}.
     *
     * @throws TimestampException when no token could be made
     */
    byte[] timestamp(HashAlgorithm hash, byte[] digest) throws TimestampException;

    /**
     * A token over the SHA-256 digest of {@code countersigned}, DER-encoded, with exactly what {@link
     * TimestampVerifier#verify}{@code (token, countersigned)} reports for it. The default asks {@link
     * #timestamp} and verifies the token in full; an implementation that encodes its own tokens may
     * instead check its signature value over the exact bytes it signed.
     *
     * @throws TimestampException when no token could be made or the token does not verify
     */
    default VerifiedToken timestampVerified(byte[] countersigned) throws TimestampException {
        byte[] digest = CryptoProviders.messageDigest(HashAlgorithm.SHA256).digest(countersigned);
        byte[] token;
        try {
            token = ContentInfo.getInstance(timestamp(HashAlgorithm.SHA256, digest))
                    .getEncoded(ASN1Encoding.DER);
        } catch (java.io.IOException | RuntimeException e) {
            throw new TimestampException("the time-stamp authority returned a malformed token", e);
        }
        return new VerifiedToken(token, TimestampVerifier.verify(token, countersigned));
    }
}
