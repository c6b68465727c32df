package dev.signet.core.revocation;

/**
 * A signed revocation list or trust bundle that cannot be trusted: malformed, changed, signed by
 * a key that does not chain to a trusted root. Offline verification refuses to run on one.
 */
public final class RevocationDataException extends Exception {
    public RevocationDataException(String message) {
        super(message);
    }

    public RevocationDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
