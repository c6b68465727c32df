package dev.signet.core.verify;

import java.util.Objects;

/** The outcome of one check: passed or not, a stable reason code, and a one-line message. */
public record CheckResult(Check check, boolean passed, ReasonCode reason, String message) {
    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (passed != (reason == ReasonCode.OK)) {
            throw new IllegalArgumentException("a passed check has reason OK and only then");
        }
    }
}
