package dev.signet.server.service.access;

import java.util.Objects;

/**
 * Where a request came from, for the condition keys AWS derives from the connection.
 *
 * @param sourceIp the client's address as the TCP connection shows it ({@code aws:SourceIp}); a
 *     forwarding header is never trusted for it
 * @param secureTransport whether the request arrived over TLS ({@code aws:SecureTransport})
 */
public record RequestOrigin(String sourceIp, boolean secureTransport) {
    public RequestOrigin {
        Objects.requireNonNull(sourceIp, "sourceIp");
    }
}
