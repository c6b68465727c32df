package dev.signet.bench;

/**
 * A measurement that could not be made: a tool missing or failing, a run past its bound, output that
 * does not parse. The run stops; bin/bench prints the message and exits 1, and no report is written.
 */
public final class BenchFailure extends RuntimeException {
    public BenchFailure(String message) {
        super(message);
    }

    public BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
