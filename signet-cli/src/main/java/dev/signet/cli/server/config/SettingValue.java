package dev.signet.cli.server.config;

import java.util.Objects;

/**
 * A setting's value as given, in its canonical text, and where it came from.
 *
 * @param text the value, checked and canonical (e.g. {@code true}, a duration as given)
 * @param source which layer gave it
 * @param origin the exact place: the YAML file's path, the variable's or the flag's name, or "built-in"
 */
public record SettingValue(String text, Source source, String origin) {
    public SettingValue {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
    }

    /** How a refusal names the place: {@code file /etc/signet.yaml}, {@code env SIGNET_REGION}, {@code flag --region}. */
    public String where() {
        return source == Source.DEFAULT ? "default" : source.label() + " " + origin;
    }
}
