package dev.signet.cli.server.config;

/** Where a setting's effective value came from, lowest precedence first. */
public enum Source {
    DEFAULT,
    FILE,
    ENV,
    FLAG;

    /** {@code default}, {@code file}, {@code env}, {@code flag}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
