package dev.signet.server.http.auth;

import dev.signet.core.sigv4.SigV4;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of an HTTP request that SigV4 covers, as they came over the wire.
 *
 * @param rawPath the request path still percent-encoded
 * @param rawQuery the query string still percent-encoded, empty when there is none
 * @param headers every header by lower-case name, each with its values in arrival order
 */
public record SigV4Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {

    public SigV4Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        rawQuery = rawQuery == null ? "" : rawQuery;
        TreeMap<String, List<String>> copy = new TreeMap<>();
        headers.forEach((name, values) -> copy.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> {
            var joined = new java.util.ArrayList<>(a);
            joined.addAll(b);
            return List.copyOf(joined);
        }));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> headerValues(String lowerCaseName) {
        return headers.getOrDefault(lowerCaseName, List.of());
    }

    /**
     * The query parameters decoded, first value of each name kept.
     *
     * @throws IllegalArgumentException on an invalid escape
     */
    public Map<String, String> query() {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return out;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = SigV4.percentDecode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : SigV4.percentDecode(part.substring(eq + 1));
            out.putIfAbsent(name, value);
        }
        return out;
    }
}
