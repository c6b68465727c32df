package dev.signet.core.tsa;

import dev.signet.core.crypto.Asn1Decoding;
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
     * TimestampVerifier#verify}{@code (token, countersigned)} reports for it.
     *
     * @throws TimestampException when no token could be made or the token does not verify
     */
    default VerifiedToken timestampVerified(byte[] countersigned) throws TimestampException {
        return timestampVerified(HashAlgorithm.SHA256, countersigned);
    }

    /**
     * A token over the {@code hash} digest of {@code countersigned}, DER-encoded, with exactly what
     * {@link TimestampVerifier#verify}{@code (token, countersigned)} reports for it. The default asks
     * {@link #timestamp} and verifies the token in full; an implementation that encodes its own tokens
     * may instead check its signature value over the exact bytes it signed.
     *
     * @throws TimestampException when no token could be made or the token does not verify
     */
    default VerifiedToken timestampVerified(HashAlgorithm hash, byte[] countersigned) throws TimestampException {
        byte[] digest = CryptoProviders.messageDigest(hash).digest(countersigned);
        byte[] issued = timestamp(hash, digest);
        byte[] token = Asn1Decoding.decode(
                () -> ContentInfo.getInstance(issued).getEncoded(ASN1Encoding.DER),
                malformed -> new TimestampException(
                        "the time-stamp authority returned a malformed token: " + malformed.reason(),
                        malformed.cause()));
        return new VerifiedToken(token, TimestampVerifier.verify(token, countersigned));
    }
}
