package dev.signet.server.store;

/** A repository call failed: a constraint was violated or the database is unreachable. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
