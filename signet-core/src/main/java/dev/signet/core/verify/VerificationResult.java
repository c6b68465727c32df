package dev.signet.core.verify;

import java.util.List;

/** One result per check; valid only when every check passed. */
public record VerificationResult(List<CheckResult> checks) {
    public VerificationResult {
        checks = List.copyOf(checks);
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("a verification reports at least one check");
        }
    }

    public boolean valid() {
        return checks.stream().allMatch(CheckResult::passed);
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
