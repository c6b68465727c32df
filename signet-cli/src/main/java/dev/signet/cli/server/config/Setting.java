package dev.signet.cli.server.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One setting of {@code signet server}, named by its path ({@code database.url}); its command-line
 * flag ({@code --database-url}) and environment variable ({@code SIGNET_DATABASE_URL}) are derived
 * from the path, never spelled separately.
 *
 * @param path the dotted path, as in the YAML file
 * @param check what values it takes (and their canonical text)
 * @param defaultValue the built-in default, if it has one
 * @param secret whether the setting names a file whose content is a secret (the content is never
 *     read by the configuration, printed or logged; the path is shown)
 * @param description one line for the reference and {@code --help}
 */
public record Setting(String path, Check check, Optional<String> defaultValue, boolean secret, String description) {
    public Setting {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        if (!path.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)*")) {
            throw new IllegalArgumentException("not a setting path: " + path);
        }
    }

    /** {@code --database-url} for {@code database.url}: dots and dashes become dashes. */
    public String flag() {
        return "--" + path.replace('.', '-');
    }

    /** {@code SIGNET_DATABASE_URL} for {@code database.url}: upper case, dots and dashes become underscores. */
    public String env() {
        return "SIGNET_" + path.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
