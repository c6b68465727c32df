package dev.signet.server.http.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.Decision;
import dev.signet.core.verify.ReasonCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A gate's answer reduced to what the matrix compares between online and offline: allowed or not,
 * every check with its reason (in order), and which failed checks block and which only warn.
 *
 * @param checks {@code CHECK=REASON} for every check, in the order reported
 */
public record Outcome(boolean allowed, List<String> checks, Set<String> blocking, Set<String> warnings) {
    public Outcome {
        checks = List.copyOf(checks);
        blocking = Set.copyOf(blocking);
        warnings = Set.copyOf(warnings);
    }

    public static Outcome of(Decision decision) {
        List<String> checks = new ArrayList<>();
        for (CheckResult c : decision.result().checks()) {
            checks.add(c.check().name() + "=" + c.reason().name());
        }
        Set<String> blocking = new LinkedHashSet<>();
        decision.blocking().forEach(c -> blocking.add(Decision.failureName(c)));
        Set<String> warnings = new LinkedHashSet<>();
        decision.warnings().forEach(c -> warnings.add(Decision.failureName(c)));
        return new Outcome(decision.allowed(), checks, blocking, warnings);
    }

    /** From the decision JSON of POST /v1/verify (docs/formats.md, "Code signing policy file"). */
    static Outcome of(JsonNode json) {
        String decision = json.path("decision").asText();
        if (!decision.equals("ALLOW") && !decision.equals("BLOCK")) {
            throw new AssertionError("decision is neither ALLOW nor BLOCK: " + json);
        }
        if (json.path("allowed").asBoolean(!decision.equals("ALLOW")) != decision.equals("ALLOW")) {
            throw new AssertionError("allowed contradicts decision: " + json);
        }
        List<String> checks = new ArrayList<>();
        json.path("checks")
                .forEach(c -> checks.add(
                        c.path("check").asText() + "=" + c.path("reason").asText()));
        Set<String> blocking = new LinkedHashSet<>();
        json.path("blocking").forEach(c -> blocking.add(c.asText()));
        Set<String> warnings = new LinkedHashSet<>();
        json.path("warnings").forEach(c -> warnings.add(c.asText()));
        return new Outcome(decision.equals("ALLOW"), checks, blocking, warnings);
    }

    /** The reasons of the failed checks. */
    public Set<ReasonCode> failedReasons() {
        Set<ReasonCode> reasons = new TreeSet<>();
        for (String c : checks) {
            ReasonCode reason = ReasonCode.valueOf(c.substring(c.indexOf('=') + 1));
            if (reason != ReasonCode.OK) {
                reasons.add(reason);
            }
        }
        return reasons;
    }

    /** The names of the failed checks. */
    public Set<String> failedChecks() {
        Set<String> failed = new TreeSet<>();
        for (String c : checks) {
            if (!c.endsWith("=OK")) {
                failed.add(c.substring(0, c.indexOf('=')));
            }
        }
        return failed;
    }

    @Override
    public String toString() {
        return (allowed ? "ALLOW" : "BLOCK") + " " + checks + " blocking=" + new TreeSet<>(blocking) + " warnings="
                + new TreeSet<>(warnings);
    }
}
