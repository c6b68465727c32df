package dev.signet.cli.server.config;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What values a setting takes: {@code shape} for people ({@code host:port}, {@code true|false}) and
 * {@code normalize}, which returns the canonical text of a value or throws {@link
 * IllegalArgumentException} whose message completes "must ..." / "no such file ...".
 */
public record Check(String shape, UnaryOperator<String> normalize) {
    public Check {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(normalize, "normalize");
    }

    String apply(String raw) {
        return normalize.apply(raw);
    }
}
