package dev.signet.core.verify;

import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.revocation.RevocationList;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders a {@link Decision} in the one "Decision JSON" shape (docs/formats.md, "Code signing policy file") that both {@code
 * POST /v1/verify} and {@code signet verify --csc ... --output json} answer with: an ordered map of
 * strings, booleans, lists and maps, ready for any JSON writer. Times are RFC 3339 UTC with
 * milliseconds. Optional members ({@code codeSigningConfigArn}, {@code format}, {@code signature},
 * {@code signature.signatureId}, {@code signature.signingTime}, {@code revocationList}) are left
 * out when there is nothing to say. {@code blocking} and {@code warnings} name failures as {@link
 * Decision#failureName} does: a check's name, or {@code UNSIGNED}.
 */
public final class DecisionJson {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private DecisionJson() {}

    /**
     * @param codeSigningConfigArn the CSC the policy came from, when it was given by ARN
     */
    public static Map<String, Object> render(Decision decision, Optional<String> codeSigningConfigArn) {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(codeSigningConfigArn, "codeSigningConfigArn");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decision", decision.allowed() ? "ALLOW" : "BLOCK");
        out.put("allowed", decision.allowed());
        out.put("policy", decision.action().awsName());
        codeSigningConfigArn.ifPresent(arn -> out.put("codeSigningConfigArn", arn));
        VerificationResult result = decision.result();
        result.evidence().map(SignatureEvidence::formatId).ifPresent(f -> out.put("format", f));
        result.signature().ifPresent(s -> out.put("signature", signature(s)));
        List<Object> checks = new ArrayList<>();
        for (CheckResult c : result.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", c.check().name());
            m.put("passed", c.passed());
            m.put("reason", c.reason().name());
            m.put("message", c.message());
            checks.add(m);
        }
        out.put("checks", checks);
        out.put("blocking", names(decision.blocking()));
        out.put("warnings", names(decision.warnings()));
        decision.revocationList().ifPresent(l -> out.put("revocationList", revocationList(l)));
        return out;
    }

    /** An RFC 3339 UTC time with milliseconds, as every time in the decision is written. */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    private static Map<String, Object> signature(SignatureSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        s.signatureId().ifPresent(id -> m.put("signatureId", id));
        m.put("profileVersionArns", s.profileVersionArns());
        s.signingTime().ifPresent(t -> m.put("signingTime", time(t)));
        m.put("expiresAt", time(s.expiresAt()));
        return m;
    }

    private static Map<String, Object> revocationList(RevocationList list) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuedAt", time(list.issuedAt()));
        m.put("nextUpdate", time(list.nextUpdate()));
        return m;
    }

    private static List<String> names(List<CheckResult> checks) {
        return checks.stream().map(Decision::failureName).toList();
    }
}
