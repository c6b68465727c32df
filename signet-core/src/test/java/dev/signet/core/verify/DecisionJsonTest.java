package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.revocation.RevocationList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one Decision JSON shape (docs/formats.md) that the server route and the CLI both write. */
class DecisionJsonTest {
    static final Instant SIGNED = Instant.parse("2026-11-27T07:00:00Z");
    static final Instant EXPIRES = Instant.parse("2027-11-27T07:00:00.123Z");
    static final String VERSION = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/demo/AbCdEf1234";
    static final RevocationList LIST = new RevocationList(
            Instant.parse("2026-11-27T06:00:00Z"), Instant.parse("2026-12-04T06:00:00Z"), List.of(), List.of());

    static VerificationResult expired() {
        List<CheckResult> checks = new ArrayList<>();
        for (Check c : Check.values()) {
            checks.add(
                    c == Check.EXPIRY
                            ? new CheckResult(c, false, ReasonCode.EXPIRED, "the signature expired at " + EXPIRES)
                            : new CheckResult(c, true, ReasonCode.OK, "fine"));
        }
        SignatureEvidence evidence = new SignatureEvidence("cms-detached", true, "", List.of(), Optional.of(SIGNED))
                .withSignatureValue(new byte[] {1, 2, 3});
        SignatureSummary summary =
                new SignatureSummary(evidence.signatureId(), List.of(VERSION), Optional.of(SIGNED), true, EXPIRES);
        return new VerificationResult(checks, Optional.of(evidence), Optional.of(summary));
    }

    @Test
    void writesEveryMemberInOrder() throws Exception {
        Decision decision = Decision.of(UntrustedArtifactAction.WARN, expired(), Optional.of(LIST));
        Map<String, Object> json = DecisionJson.render(
                decision,
                Optional.of("arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0"));
        assertThat(json.keySet())
                .containsExactly(
                        "decision",
                        "allowed",
                        "policy",
                        "codeSigningConfigArn",
                        "format",
                        "signature",
                        "checks",
                        "blocking",
                        "warnings",
                        "revocationList");
        String text = new ObjectMapper().writeValueAsString(json);
        assertThat(text)
                .isEqualTo(
                        "{\"decision\":\"ALLOW\",\"allowed\":true,\"policy\":\"Warn\","
                                + "\"codeSigningConfigArn\":\"arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0\","
                                + "\"format\":\"cms-detached\",\"signature\":{\"signatureId\":\""
                                + decision.result()
                                        .evidence()
                                        .orElseThrow()
                                        .signatureId()
                                        .orElseThrow()
                                + "\",\"profileVersionArns\":[\"" + VERSION + "\"],"
                                + "\"signingTime\":\"2026-11-27T07:00:00.000Z\",\"expiresAt\":\"2027-11-27T07:00:00.123Z\"},"
                                + "\"checks\":["
                                + "{\"check\":\"INTEGRITY\",\"passed\":true,\"reason\":\"OK\",\"message\":\"fine\"},"
                                + "{\"check\":\"CHAIN\",\"passed\":true,\"reason\":\"OK\",\"message\":\"fine\"},"
                                + "{\"check\":\"PUBLISHER\",\"passed\":true,\"reason\":\"OK\",\"message\":\"fine\"},"
                                + "{\"check\":\"EXPIRY\",\"passed\":false,\"reason\":\"EXPIRED\",\"message\":\"the signature expired at 2027-11-27T07:00:00.123Z\"},"
                                + "{\"check\":\"REVOCATION\",\"passed\":true,\"reason\":\"OK\",\"message\":\"fine\"},"
                                + "{\"check\":\"TIMESTAMP\",\"passed\":true,\"reason\":\"OK\",\"message\":\"fine\"}],"
                                + "\"blocking\":[],\"warnings\":[\"EXPIRY\"],"
                                + "\"revocationList\":{\"issuedAt\":\"2026-11-27T06:00:00.000Z\",\"nextUpdate\":\"2026-12-04T06:00:00.000Z\"}}");
    }

    @Test
    void leavesOutWhatIsUnknown() {
        Decision unsigned = Decision.of(
                UntrustedArtifactAction.ENFORCE, DecisionTest.failing(ReasonCode.UNSIGNED), Optional.empty());
        Map<String, Object> json = DecisionJson.render(unsigned, Optional.empty());
        assertThat(json.keySet()).containsExactly("decision", "allowed", "policy", "checks", "blocking", "warnings");
        assertThat(json).containsEntry("decision", "BLOCK").containsEntry("allowed", false);
        assertThat(json).containsEntry("policy", "Enforce").containsEntry("blocking", List.of("UNSIGNED"));
    }

    /** No signature is its own failure, named once: UNSIGNED, not INTEGRITY, and the unchecked checks not at all. */
    @Test
    void namesFailuresOnceAndUnsignedAsItself() {
        Map<String, Object> warned = DecisionJson.render(
                Decision.of(UntrustedArtifactAction.WARN, DecisionTest.failing(ReasonCode.UNSIGNED), Optional.empty()),
                Optional.empty());
        assertThat(warned).containsEntry("allowed", true);
        assertThat(warned).containsEntry("blocking", List.of()).containsEntry("warnings", List.of("UNSIGNED"));
        for (ReasonCode integrity : List.of(ReasonCode.INTEGRITY, ReasonCode.MALFORMED)) {
            Map<String, Object> blocked = DecisionJson.render(
                    Decision.of(UntrustedArtifactAction.WARN, DecisionTest.failing(integrity), Optional.empty()),
                    Optional.empty());
            assertThat(blocked).containsEntry("blocking", List.of("INTEGRITY")).containsEntry("warnings", List.of());
        }
    }

    /** Signet's own failure blocks under Warn too and is named as itself, never as the signature's fault. */
    @Test
    void anInternalErrorBlocksUnderWarnAndIsNamedAsItself() {
        Map<String, Object> json = DecisionJson.render(
                Decision.of(
                        UntrustedArtifactAction.WARN,
                        DecisionTest.failing(ReasonCode.INTERNAL_ERROR),
                        Optional.empty()),
                Optional.empty());
        assertThat(json).containsEntry("decision", "BLOCK").containsEntry("allowed", false);
        assertThat(json).containsEntry("blocking", List.of("INTERNAL_ERROR")).containsEntry("warnings", List.of());
    }

    @Test
    void writesTimesWithMilliseconds() {
        assertThat(DecisionJson.time(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000Z");
        assertThat(DecisionJson.time(Instant.parse("2026-01-02T03:04:05.678912Z")))
                .isEqualTo("2026-01-02T03:04:05.678Z");
    }
}
