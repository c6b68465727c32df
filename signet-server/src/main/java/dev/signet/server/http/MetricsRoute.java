package dev.signet.server.http;

import dev.signet.server.metrics.SignetMetrics;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * {@code GET /metrics}: this node's metrics in Prometheus' text format. Unauthenticated, like
 * Prometheus' scrapes usually are: it carries aggregate counts only, labelled by API, operation,
 * status, platform and job status, never a profile, principal, bucket or key name
 * (docs/operations.md, "Metrics").
 */
public final class MetricsRoute implements Handler {
    private final SignetMetrics metrics;

    public MetricsRoute(SignetMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void handle(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.write(out);
        ctx.status(200);
        ctx.contentType(metrics.contentType());
        ctx.result(out.toByteArray());
    }
}
