package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Lambda's rule, for every reason code under Warn and Enforce. */
class DecisionTest {

    /** The check each reason code belongs to; a new reason code must be placed here. */
    static Check checkOf(ReasonCode reason) {
        return switch (reason) {
            case OK -> throw new IllegalArgumentException("OK is no failure");
            case UNSIGNED, MALFORMED, INTEGRITY -> Check.INTEGRITY;
            case UNTRUSTED_CHAIN -> Check.CHAIN;
            case UNTRUSTED_PUBLISHER -> Check.PUBLISHER;
            case NOT_YET_VALID, EXPIRED -> Check.EXPIRY;
            case SIGNATURE_REVOKED, PROFILE_REVOKED, REVOCATION_STALE, REVOCATION_UNKNOWN -> Check.REVOCATION;
            case UNTRUSTED_TIMESTAMP -> Check.TIMESTAMP;
        };
    }

    /** A full verification where {@code reason} failed its check (and, for integrity, nothing else was checked). */
    static VerificationResult failing(ReasonCode reason) {
        Check failed = checkOf(reason);
        List<CheckResult> checks = new ArrayList<>();
        for (Check check : Check.values()) {
            if (check == failed) {
                checks.add(new CheckResult(check, false, reason, "failed"));
            } else if (failed == Check.INTEGRITY) {
                checks.add(new CheckResult(check, false, reason, "not checked: the integrity check failed"));
            } else {
                checks.add(new CheckResult(check, true, ReasonCode.OK, "fine"));
            }
        }
        return new VerificationResult(checks);
    }

    static Stream<Arguments> everyReasonUnderEveryAction() {
        return Arrays.stream(ReasonCode.values())
                .filter(r -> r != ReasonCode.OK)
                .flatMap(r -> Arrays.stream(UntrustedArtifactAction.values()).map(a -> Arguments.of(r, a)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("everyReasonUnderEveryAction")
    void integrityFailuresAlwaysBlockAndEverythingElseOnlyUnderEnforce(
            ReasonCode reason, UntrustedArtifactAction action) {
        Decision decision = Decision.of(action, failing(reason), Optional.empty());
        boolean blocks = reason == ReasonCode.INTEGRITY
                || reason == ReasonCode.MALFORMED
                || action == UntrustedArtifactAction.ENFORCE;
        assertThat(decision.allowed()).isEqualTo(!blocks);
        List<Check> expected = List.of(checkOf(reason));
        assertThat(decision.blocking()).extracting(CheckResult::check).isEqualTo(blocks ? expected : List.of());
        assertThat(decision.warnings()).extracting(CheckResult::check).isEqualTo(blocks ? List.of() : expected);
        assertThat(decision.blocking()).extracting(CheckResult::reason).allMatch(r -> r == reason);
        assertThat(decision.action()).isEqualTo(action);
        String name =
                reason == ReasonCode.UNSIGNED ? "UNSIGNED" : checkOf(reason).name();
        assertThat(Stream.concat(decision.blocking().stream(), decision.warnings().stream())
                        .map(Decision::failureName))
                .containsExactly(name);
        assertThat(Decision.isIntegrityFailure(new CheckResult(checkOf(reason), false, reason, "x")))
                .isEqualTo(reason == ReasonCode.INTEGRITY || reason == ReasonCode.MALFORMED);
    }

    @Test
    void everyFailureIsClassifiedUnderWarn() {
        List<CheckResult> checks = List.of(
                new CheckResult(Check.INTEGRITY, true, ReasonCode.OK, "intact"),
                new CheckResult(Check.CHAIN, true, ReasonCode.OK, "fine"),
                new CheckResult(Check.PUBLISHER, false, ReasonCode.UNTRUSTED_PUBLISHER, "who"),
                new CheckResult(Check.EXPIRY, false, ReasonCode.EXPIRED, "old"),
                new CheckResult(Check.REVOCATION, false, ReasonCode.REVOCATION_STALE, "stale"),
                new CheckResult(Check.TIMESTAMP, true, ReasonCode.OK, "fine"));
        Decision warn = Decision.of(UntrustedArtifactAction.WARN, new VerificationResult(checks), Optional.empty());
        assertThat(warn.allowed()).isTrue();
        assertThat(warn.warnings())
                .extracting(CheckResult::check)
                .containsExactly(Check.PUBLISHER, Check.EXPIRY, Check.REVOCATION);
        Decision enforce =
                Decision.of(UntrustedArtifactAction.ENFORCE, new VerificationResult(checks), Optional.empty());
        assertThat(enforce.blocking())
                .extracting(CheckResult::check)
                .containsExactly(Check.PUBLISHER, Check.EXPIRY, Check.REVOCATION);
        assertThat(enforce.warnings()).isEmpty();
    }

    @Test
    void aValidResultIsAllowedUnderEitherAction() {
        List<CheckResult> checks = Arrays.stream(Check.values())
                .map(c -> new CheckResult(c, true, ReasonCode.OK, "fine"))
                .toList();
        for (UntrustedArtifactAction action : UntrustedArtifactAction.values()) {
            Decision d = Decision.of(action, new VerificationResult(checks), Optional.empty());
            assertThat(d.allowed()).isTrue();
            assertThat(d.blocking()).isEmpty();
            assertThat(d.warnings()).isEmpty();
        }
    }

    @Test
    void aDecisionIsAllowedExactlyWhenNothingBlocks() {
        VerificationResult result = failing(ReasonCode.EXPIRED);
        assertThatThrownBy(
                        () -> new Decision(true, UntrustedArtifactAction.ENFORCE, result, result.failures(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a decision is allowed exactly when nothing blocks");
        assertThatThrownBy(
                        () -> new Decision(false, UntrustedArtifactAction.WARN, result, List.of(), result.failures()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a decision is allowed exactly when nothing blocks");
    }
}
