package dev.signet.core.format;

/**
 * A format could not sign or parse its input: malformed artifact or signature, unsupported subject,
 * or a self-check that failed. The message is safe to show to the caller.
 */
public class FormatException extends Exception {
    public FormatException(String message) {
        super(message);
    }

    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
