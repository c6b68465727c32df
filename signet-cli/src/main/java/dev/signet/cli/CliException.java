package dev.signet.cli;

/**
 * A failure the CLI reports as one line on stderr with a specific {@link ExitCode}. The message
 * is shown to the user as is: it must be one line and carry no secret.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        if (exitCode <= ExitCode.OK) {
            throw new IllegalArgumentException("a failure exits non-zero");
        }
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
