package dev.signet.server.service.health;

/** A part this node depends on cannot be used now; the cause says why. */
public final class ProbeFailedException extends Exception {
    public ProbeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
