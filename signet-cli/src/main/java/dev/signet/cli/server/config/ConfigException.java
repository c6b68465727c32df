package dev.signet.cli.server.config;

/**
 * A configuration {@code signet server} refuses to start with. The message is one line that names
 * the setting (or the file or variable) and says what is wrong; it never holds a secret's content.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** {@code setting: problem (from where)}. */
    static ConfigException of(String path, String problem, SettingValue value) {
        return new ConfigException(path + ": " + problem + " (" + value.where() + ")");
    }
}
