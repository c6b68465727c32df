package dev.signet.core.tsa;

import dev.signet.core.crypto.HashAlgorithm;

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
}
