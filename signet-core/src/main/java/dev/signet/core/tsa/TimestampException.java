package dev.signet.core.tsa;

/** A time-stamp token could not be made, parsed or verified. The message is safe to show. */
public class TimestampException extends Exception {
    public TimestampException(String message) {
        super(message);
    }

    public TimestampException(String message, Throwable cause) {
        super(message, cause);
    }
}
