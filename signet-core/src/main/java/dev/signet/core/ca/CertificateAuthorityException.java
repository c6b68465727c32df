package dev.signet.core.ca;

/** The CA could not be created, opened or used. Never carries key material. */
public class CertificateAuthorityException extends RuntimeException {
    public CertificateAuthorityException(String message) {
        super(message);
    }

    public CertificateAuthorityException(String message, Throwable cause) {
        super(message, cause);
    }
}
