package dev.signet.server.tls;

/** The TLS certificate, key or client CA files cannot be used; the message names the file and why. */
public final class TlsMaterialException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
