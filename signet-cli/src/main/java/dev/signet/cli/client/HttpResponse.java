package dev.signet.cli.client;

import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP response as the Signer API clients need it.
 *
 * @param status the status code (200-599; informational responses are skipped by the reader)
 * @param errorType the {@code X-Amzn-ErrorType} header, if the server sent one
 * @param body the body bytes (empty for none)
 */
public record HttpResponse(int status, Optional<String> errorType, byte[] body) {
    public HttpResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(body, "body");
    }
}
