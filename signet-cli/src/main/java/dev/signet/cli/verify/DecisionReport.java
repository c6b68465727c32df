package dev.signet.cli.verify;

import dev.signet.core.verify.Decision;
import dev.signet.core.verify.DecisionJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A deploy gate's decision in the Decision JSON shape (docs/formats.md, "Code signing policy
 * file"; the same document {@code POST /v1/verify} answers), and its text form: one line per check
 * ({@code OK}, {@code WARN} for a failure the policy allowed, {@code FAIL} for one that blocks; the
 * checks a failed INTEGRITY left unchecked on one {@code NOT CHECKED:} line), a line when the
 * revocation list is stale, and {@code ALLOWED: FILE (...)} or {@code BLOCKED: FILE (...)}.
 *
 * @param json the Decision JSON as maps and lists, in document order
 */
record DecisionReport(Map<String, Object> json) {
    DecisionReport {
        json = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(json));
        if (!(json.get("allowed") instanceof Boolean)) {
            throw new IllegalArgumentException("a decision says whether the artifact is allowed");
        }
        if (!(json.get("checks") instanceof List<?> checks) || checks.isEmpty()) {
            throw new IllegalArgumentException("a decision lists its checks");
        }
    }

    /** The Decision JSON of a decision made here (offline), as signet-core renders it. */
    static DecisionReport of(Decision decision, Optional<String> codeSigningConfigArn) {
        return new DecisionReport(DecisionJson.render(decision, codeSigningConfigArn));
    }

    boolean allowed() {
        return (Boolean) json.get("allowed");
    }

    /**
     * The text form, for {@code artifact}; {@code now} judges whether the revocation list is stale.
     * Each failure is said once, under the name {@code blocking} and {@code warnings} give it: {@code
     * WARN|FAIL UNSIGNED: ...} for an artifact with no signature, {@code WARN|FAIL CHECK REASON: ...}
     * otherwise. When INTEGRITY failed the other checks were not run: one {@code NOT CHECKED:} line
     * names them.
     */
    List<String> textLines(String artifact, Instant now) {
        List<String> blocking = strings(json.get("blocking"));
        List<String> warnings = strings(json.get("warnings"));
        List<String> lines = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        boolean integrityFailed = false;
        for (Object o : (List<?>) json.get("checks")) {
            Map<?, ?> c = o instanceof Map<?, ?> map ? map : Map.of();
            String check = text(c.get("check"));
            String reason = text(c.get("reason"));
            String message = text(c.get("message")).replace('\n', ' ').replace('\r', ' ');
            if (Boolean.TRUE.equals(c.get("passed"))) {
                lines.add("OK " + check + ": " + message);
            } else if (integrityFailed) {
                notChecked.add(check);
            } else {
                integrityFailed = check.equals("INTEGRITY");
                boolean unsigned = integrityFailed && reason.equals("UNSIGNED");
                String name = unsigned ? reason : check;
                String level = warnings.contains(name) && !blocking.contains(name) ? "WARN" : "FAIL";
                lines.add(level + " " + name + (unsigned ? "" : " " + reason) + ": " + message);
            }
        }
        if (!notChecked.isEmpty()) {
            lines.add("NOT CHECKED: " + String.join(", ", notChecked));
        }
        staleNotice(now).ifPresent(lines::add);
        String policy = "policy " + text(json.get("policy"));
        if (allowed()) {
            int n = warnings.size();
            lines.add("ALLOWED: " + artifact + " (" + policy + ", " + n + (n == 1 ? " warning)" : " warnings)"));
        } else {
            lines.add("BLOCKED: " + artifact + " (" + policy + ", blocked by " + String.join(", ", blocking) + ")");
        }
        return lines;
    }

    /**
     * A line saying the revocation list is past its next update (so revocations since then are not
     * known), when it is at {@code now} or the REVOCATION check said so.
     */
    Optional<String> staleNotice(Instant now) {
        Map<?, ?> list = json.get("revocationList") instanceof Map<?, ?> m ? m : Map.of();
        Optional<Instant> nextUpdate = instant(list.get("nextUpdate"));
        boolean reportedStale = ((List<?>) json.get("checks"))
                .stream()
                        .anyMatch(o -> o instanceof Map<?, ?> c
                                && "REVOCATION".equals(c.get("check"))
                                && "REVOCATION_STALE".equals(c.get("reason")));
        if (!reportedStale && nextUpdate.map(now::isBefore).orElse(true)) {
            return Optional.empty();
        }
        return Optional.of("STALE: the revocation list is past its next update"
                + nextUpdate.map(t -> " (" + t + ")").orElse("")
                + ": revocations since then are unknown; fetch a fresh trust bundle with `signet trust-bundle export`");
    }

    private static Optional<Instant> instant(Object value) {
        if (!(value instanceof String s)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(DecisionReport::text).toList();
    }

    private static String text(Object value) {
        return Objects.toString(value, "");
    }
}
