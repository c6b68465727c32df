package dev.signet.bench.load;

import java.io.IOException;

/**
 * Calls SignPayload for one digest on one connection. Each driver thread owns one instance; an
 * instance is never shared between threads.
 */
interface PayloadClient extends AutoCloseable {
    /** The SignPayload payload format for a client-computed SHA-256 digest. */
    String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";

    /**
     * Signs {@code digest} with the profile.
     *
     * @return true when the server returned a signature; false for an error response
     * @throws IOException when the connection failed
     */
    boolean signDigest(byte[] digest) throws IOException;

    @Override
    void close();
}
