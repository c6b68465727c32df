package dev.signet.core.tsa;

/** The time-stamp authority's own state (key, certificate, directory) is unusable. */
public class TimestampAuthorityException extends RuntimeException {
    public TimestampAuthorityException(String message) {
        super(message);
    }

    public TimestampAuthorityException(String message, Throwable cause) {
        super(message, cause);
    }
}
