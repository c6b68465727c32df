package dev.signet.bench.load;

import java.io.IOException;

/**
 * Calls SignPayload for one artifact digest on one connection, with the payload its platform takes
 * ({@link LoadPlatform}). Each driver thread owns one instance; an
 * instance is never shared between threads.
 */
interface PayloadClient extends AutoCloseable {
    /**
     * Signs the artifact whose SHA-256 is {@code digest} with the profile.
     *
     * @return true when the server returned a signature; false for an error response
     * @throws IOException when the connection failed
     */
    boolean signDigest(byte[] digest) throws IOException;

    @Override
    void close();
}
