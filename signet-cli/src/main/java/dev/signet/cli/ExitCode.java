package dev.signet.cli;

/**
 * The exit codes of every {@code signet} command, stable for scripts. Listed in {@code signet
 * --help} and in the README.
 */
public final class ExitCode {
    /** The command did what was asked; for {@code verify}: the signature is valid. */
    public static final int OK = 0;
    /**
     * {@code verify}: the signature is invalid, untrusted or expired (one line per failed check);
     * {@code ca export --fingerprint}: the server's root is not the pinned one.
     */
    public static final int INVALID = 1;
    /** {@code verify --csc}: the code signing policy blocks the artifact (same value as INVALID). */
    public static final int BLOCKED = INVALID;
    /**
     * Bad flags or arguments, or a local input that cannot be read (missing file, bad PEM), or a
     * trust bundle that cannot be trusted (offline verification refuses to run).
     */
    public static final int USAGE = 2;
    /** The server refused the request (not found, validation error, access denied). */
    public static final int REJECTED = 3;
    /** The server could not be reached or failed (connection refused, timeout, HTTP 5xx). */
    public static final int UNAVAILABLE = 4;
    /**
     * A bug in signet itself; rerun with {@code --debug} for the stack trace. For {@code verify}:
     * Signet failed while verifying, so there is no verdict on the signature.
     */
    public static final int INTERNAL = 5;

    static final String[] HELP = {
        "  0  ok; for verify: the signature is valid",
        "  1  verify: the signature is invalid, untrusted or expired; --csc: blocked",
        "  2  usage error: bad flags, unreadable local input or trust bundle",
        "  3  the server rejected the request (not found, validation, access denied)",
        "  4  the server could not be reached or failed",
        "  5  internal error, no verdict (rerun with --debug for details)",
    };

    private ExitCode() {}
}
