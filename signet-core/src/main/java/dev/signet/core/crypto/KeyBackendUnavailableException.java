package dev.signet.core.crypto;

/**
 * The key backend cannot be reached now (a hardware token unplugged or logged out, a key service
 * down): the key may well be fine, so the request can be retried later. Servers answer it with a
 * 503-class error, not a 500. Never carries key material or secrets.
 */
public class KeyBackendUnavailableException extends KeyBackendException {
    public KeyBackendUnavailableException(String message) {
        super(message);
    }

    public KeyBackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
