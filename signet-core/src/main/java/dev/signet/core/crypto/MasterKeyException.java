package dev.signet.core.crypto;

/**
 * The master key file could not be created or read, or sealed bytes did not open (wrong key,
 * wrong purpose, or tampered). Never carries key material.
 */
public class MasterKeyException extends KeyBackendException {
    public MasterKeyException(String message) {
        super(message);
    }

    public MasterKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
