package dev.signet.server.service;

/**
 * Named random secrets every node of a deployment shares, and every restart keeps (the page-token
 * and marker HMAC keys): the first call for a name creates it, every later call, on any node,
 * returns the same bytes.
 */
public interface SharedSecrets {

    /** The 32-byte secret called {@code name}, created at random if it does not exist yet. */
    byte[] secret(String name);
}
