package dev.signet.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.service.health.Readiness;
import dev.signet.server.service.health.ReadinessReport;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /v1/ready}: 200 {@code {"status":"ready","parts":{"database":"ok",...}}} when every part
 * this node depends on answers its probe, else 503 {@code {"status":"unavailable","failing":[...],
 * "parts":{...}}} naming the parts that failed or timed out. Unauthenticated, for load balancers;
 * why a part fails is in the server's log, not in the answer.
 */
public final class ReadyRoute implements Handler {
    private final Readiness readiness;

    public ReadyRoute(Readiness readiness) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
    }

    @Override
    public void handle(Context ctx) {
        ReadinessReport report = readiness.check();
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("status", report.ready() ? "ready" : "unavailable");
        if (!report.ready()) {
            report.failing().forEach(body.putArray("failing")::add);
        }
        ObjectNode parts = body.putObject("parts");
        for (Map.Entry<String, ReadinessReport.State> part : report.parts().entrySet()) {
            parts.put(part.getKey(), part.getValue().label());
        }
        ctx.status(report.ready() ? 200 : 503);
        ctx.json(body);
    }
}
