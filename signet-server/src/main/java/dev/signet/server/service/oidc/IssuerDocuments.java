package dev.signet.server.service.oidc;

import java.net.URI;

/**
 * Reads an OIDC issuer's documents (its discovery document and its JWKS) over HTTP(S); implemented
 * outside the services, with bounded time and size.
 */
public interface IssuerDocuments {

    /**
     * The body of a 200 answer to {@code GET uri}.
     *
     * @throws IssuerUnreachableException when the issuer cannot be reached in time, answers with
     *     another status, a redirect or a body larger than the bound, or its TLS certificate is not
     *     trusted
     */
    byte[] get(URI uri) throws IssuerUnreachableException;

    /** The issuer's documents could not be read; the message says why, without secrets. */
    final class IssuerUnreachableException extends Exception {
        public IssuerUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }

        public IssuerUnreachableException(String message) {
            super(message);
        }
    }
}
