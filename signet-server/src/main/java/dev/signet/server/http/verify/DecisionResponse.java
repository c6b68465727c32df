package dev.signet.server.http.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.Decision;
import dev.signet.server.http.Json;
import java.util.List;
import java.util.Optional;

/**
 * The Decision JSON of {@code POST /v1/verify} (docs/native-api.md): decision, policy, every check
 * with its reason, the blocking and warning check names and the revocation list's times. A blocked
 * artifact is an answer like any other, so this is always a 200 body.
 */
final class DecisionResponse {
    private DecisionResponse() {}

    static ObjectNode render(Decision decision, Optional<String> codeSigningConfigArn, RevocationList revocations) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("decision", decision.allowed() ? "ALLOW" : "BLOCK");
        out.put("allowed", decision.allowed());
        out.put("policy", decision.action().awsName());
        codeSigningConfigArn.ifPresent(arn -> out.put("codeSigningConfigArn", arn));
        ArrayNode checks = out.putArray("checks");
        for (CheckResult check : decision.result().checks()) {
            ObjectNode c = checks.addObject();
            c.put("check", check.check().name());
            c.put("passed", check.passed());
            c.put("reason", check.reason().name());
            c.put("message", check.message());
        }
        names(out.putArray("blocking"), decision.blocking());
        names(out.putArray("warnings"), decision.warnings());
        ObjectNode list = out.putObject("revocationList");
        list.put("issuedAt", revocations.issuedAt().toString());
        list.put("nextUpdate", revocations.nextUpdate().toString());
        return out;
    }

    private static void names(ArrayNode into, List<CheckResult> checks) {
        checks.forEach(c -> into.add(c.check().name()));
    }
}
