package dev.signet.cli.http;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP response.
 *
 * @param status the status code (200-599; informational responses are skipped by the reader)
 * @param headers every header received, names in lower case, values in the order received
 * @param body the body bytes (empty for none)
 */
public record HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {
    public HttpResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        Map<String, List<String>> copy = new HashMap<>(headers.size() * 2);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(body, "body");
    }

    /** The first value of a header, by name in any case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The {@code X-Amzn-ErrorType} header, if the server sent one. */
    public Optional<String> errorType() {
        return header("x-amzn-errortype");
    }
}
