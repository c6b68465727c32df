package dev.signet.server;

/** The server could not start: the data directory, database or port is unusable. */
public final class SignetServerException extends RuntimeException {
    public SignetServerException(String message) {
        super(message);
    }

    public SignetServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
