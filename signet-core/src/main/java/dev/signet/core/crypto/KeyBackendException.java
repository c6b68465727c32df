package dev.signet.core.crypto;

/** A key backend could not generate, find or use a key. Never carries key material. */
public class KeyBackendException extends RuntimeException {
    public KeyBackendException(String message) {
        super(message);
    }

    public KeyBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
