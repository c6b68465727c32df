package dev.signet.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.output.JsonOutput;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.verify.Check;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.Decision;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.UntrustedArtifactAction;
import dev.signet.core.verify.VerificationResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionReportTest {
    private static final Instant ISSUED = Instant.parse("2026-11-20T10:00:00.000Z");
    private static final RevocationList LIST =
            new RevocationList(ISSUED, ISSUED.plusSeconds(7 * 86400), List.of(), List.of());
    private static final Instant FRESH = ISSUED.plusSeconds(3600);

    private static final CheckResult INTEGRITY = new CheckResult(Check.INTEGRITY, true, ReasonCode.OK, "intact");
    private static final CheckResult CHAIN = new CheckResult(Check.CHAIN, true, ReasonCode.OK, "trusted");
    private static final CheckResult PUBLISHER =
            new CheckResult(Check.PUBLISHER, false, ReasonCode.UNTRUSTED_PUBLISHER, "not allowed:\nprofile x");
    private static final CheckResult EXPIRY = new CheckResult(Check.EXPIRY, true, ReasonCode.OK, "valid");
    private static final CheckResult REVOCATION = new CheckResult(Check.REVOCATION, true, ReasonCode.OK, "not revoked");

    private static VerificationResult result(CheckResult publisher, CheckResult revocation) {
        return new VerificationResult(List.of(INTEGRITY, CHAIN, publisher, EXPIRY, revocation));
    }

    @Test
    void warnAllowsWithWarningLines() {
        Decision decision = new Decision(
                true,
                UntrustedArtifactAction.WARN,
                result(PUBLISHER, REVOCATION),
                List.of(),
                List.of(PUBLISHER),
                Optional.of(LIST));
        DecisionReport report = DecisionReport.of(decision, Optional.empty());
        assertThat(report.allowed()).isTrue();
        assertThat(report.textLines("app.zip", FRESH))
                .containsExactly(
                        "OK INTEGRITY: intact",
                        "OK CHAIN: trusted",
                        "WARN PUBLISHER UNTRUSTED_PUBLISHER: not allowed: profile x",
                        "OK EXPIRY: valid",
                        "OK REVOCATION: not revoked",
                        "ALLOWED: app.zip (policy Warn, 1 warning)");
    }

    @Test
    void enforceBlocksWithFailLines() {
        Decision decision = new Decision(
                false,
                UntrustedArtifactAction.ENFORCE,
                result(PUBLISHER, REVOCATION),
                List.of(PUBLISHER),
                List.of(),
                Optional.of(LIST));
        DecisionReport report = DecisionReport.of(decision, Optional.of("arn:aws:lambda:csc"));
        assertThat(report.allowed()).isFalse();
        assertThat(report.textLines("app.zip", FRESH))
                .contains("FAIL PUBLISHER UNTRUSTED_PUBLISHER: not allowed: profile x")
                .last()
                .isEqualTo("BLOCKED: app.zip (policy Enforce, blocked by PUBLISHER)");
    }

    @Test
    void jsonHasTheDecisionShape() {
        Decision decision = new Decision(
                false,
                UntrustedArtifactAction.ENFORCE,
                result(PUBLISHER, REVOCATION),
                List.of(PUBLISHER),
                List.of(),
                Optional.of(LIST));
        Map<String, Object> json =
                DecisionReport.of(decision, Optional.of("arn:aws:lambda:csc")).json();
        assertThat(json.keySet())
                .containsExactly(
                        "decision",
                        "allowed",
                        "policy",
                        "codeSigningConfigArn",
                        "checks",
                        "blocking",
                        "warnings",
                        "revocationList");
        assertThat(json).containsEntry("decision", "BLOCK").containsEntry("allowed", false);
        assertThat(json).containsEntry("policy", "Enforce").containsEntry("blocking", List.of("PUBLISHER"));
        assertThat(JsonOutput.write(json))
                .contains("\"check\": \"PUBLISHER\"", "\"reason\": \"UNTRUSTED_PUBLISHER\"", "\"passed\": false")
                .contains("\"nextUpdate\": \"2026-11-27T10:00:00.000Z\"");
    }

    @Test
    void aStaleListIsSaidWhetherTheCheckOrTheClockSaysSo() {
        CheckResult stale =
                new CheckResult(Check.REVOCATION, false, ReasonCode.REVOCATION_STALE, "past its next update");
        Decision byCheck = new Decision(
                false,
                UntrustedArtifactAction.ENFORCE,
                result(PUBLISHER, stale),
                List.of(PUBLISHER, stale),
                List.of(),
                Optional.of(LIST));
        assertThat(DecisionReport.of(byCheck, Optional.empty()).textLines("f", FRESH))
                .anyMatch(l -> l.startsWith("STALE: the revocation list is past its next update"));

        Decision fine = new Decision(
                true,
                UntrustedArtifactAction.WARN,
                result(PUBLISHER, REVOCATION),
                List.of(),
                List.of(PUBLISHER),
                Optional.of(LIST));
        DecisionReport report = DecisionReport.of(fine, Optional.empty());
        assertThat(report.staleNotice(FRESH)).isEmpty();
        assertThat(report.staleNotice(LIST.nextUpdate().plusSeconds(1)))
                .get()
                .asString()
                .contains("past its next update (2026-11-27T10:00:00Z)", "signet trust-bundle export");
    }

    @Test
    void refusesADocumentThatIsNotADecision() {
        Map<String, Object> noChecks = new LinkedHashMap<>();
        noChecks.put("allowed", true);
        assertThatThrownBy(() -> new DecisionReport(noChecks))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a decision lists its checks");
        assertThatThrownBy(() -> new DecisionReport(Map.of("allowed", "yes", "checks", List.of(Map.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a decision says whether the artifact is allowed");
    }
}
