package dev.signet.server.http;

import dev.signet.server.metrics.Api;
import dev.signet.server.metrics.SignetMetrics;
import dev.signet.server.service.Caller;
import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a response has been sent: one log line and one observation of the request
 * metrics. Javalin calls it after the response is written, so the duration includes a streamed body.
 *
 * <p>The line (logger {@code dev.signet.server.http.RequestLog}, INFO) carries its fields as SLF4J
 * key-value pairs, so a JSON layout gets them as fields and the text layout prints {@code key=value}:
 * {@code requestId} (the {@code x-amzn-RequestId} of the response; S3's {@code x-amz-request-id} is
 * its first 16 hex digits in upper case), {@code api}, {@code operation}, {@code status}, {@code
 * durationMs}, {@code caller} (the authenticated principal's ARN, or {@code -}), {@code accessKeyId}
 * (the key the request named, when it named a well-formed one) and {@code errorCode} (when the
 * answer is an error). Nothing else from the request is logged: no signature, secret, session token,
 * query string or header, so a presigned URL never reaches the log.
 *
 * <p>Under the text log (slf4j-simple, the backend of {@code signet server} with {@code log.format:
 * text}) the line is written here, not through the backend, in the text log's shape ({@code
 * 2026-12-07T06:41:06.236Z INFO RequestLog - requestId=... request}) on standard error, gathered and
 * written a batch at a time by {@link RequestLines}: slf4j-simple formats a date and writes and flushes
 * standard error once per line, which cost more than any other step of answering a SignPayload
 * besides the signing. Any other backend (logback's JSON lines) gets the line as before, through
 * SLF4J with its key-value pairs. Either way the logger's level decides whether the line is written.
 * {@link #flush} writes what is waiting; {@link HttpServer} calls it periodically and when it stops.
 */
public final class RequestLog implements RequestLogger {
    static final String API = "signet.api";
    static final String OPERATION = "signet.operation";
    static final String CALLER = "signet.caller";
    static final String ACCESS_KEY = "signet.accessKeyId";
    static final String ERROR_CODE = "signet.errorCode";
    /** The operation of a request no route matched (or refused before routing). */
    public static final String UNKNOWN = "unknown";

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

    private static final String SIMPLE_LOGGER = "org.slf4j.simple.SimpleLogger";

    private final SignetMetrics metrics;
    /** Where text lines go; null when the lines go through SLF4J. */
    private final RequestLines text;

    public RequestLog(SignetMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.text = LOG.getClass().getName().equals(SIMPLE_LOGGER) ? new RequestLines() : null;
    }

    /** Writes the lines waiting to be written (none when the lines go through the log backend). */
    public void flush() {
        if (text != null) {
            text.flush();
        }
    }

    /**
     * Names the operation a route serves, e.g. {@code SignPayload}; always a name from the code,
     * never text from the request (it is a metric label).
     */
    public static void operation(Context ctx, String name) {
        ctx.attribute(OPERATION, name);
    }

    static void api(Context ctx, Api api) {
        ctx.attribute(API, api);
    }

    static void caller(Context ctx, Caller caller) {
        ctx.attribute(CALLER, caller);
    }

    /** Keeps the access key id a request claimed, if it could be one: 1 to 128 ASCII letters, digits or _. */
    static void accessKeyId(Context ctx, String claimed) {
        if (claimed.isEmpty() || claimed.length() > 128) {
            return;
        }
        for (int i = 0; i < claimed.length(); i++) {
            char c = claimed.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return;
            }
        }
        ctx.attribute(ACCESS_KEY, claimed);
    }

    static void errorCode(Context ctx, String code) {
        ctx.attribute(ERROR_CODE, code);
    }

    @Override
    public void handle(Context ctx, Float executionTimeMs) {
        Api api = ctx.attribute(API);
        if (api == null) {
            api = Api.NONE;
        }
        String operation = ctx.attribute(OPERATION);
        if (operation == null) {
            operation = UNKNOWN;
        }
        int status = ctx.res().getStatus();
        float millis = executionTimeMs == null ? 0 : executionTimeMs;
        metrics.requests(api, operation).observe(status, millis / 1000.0);
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Caller caller = ctx.attribute(CALLER);
        String accessKeyId = caller != null ? caller.accessKeyId() : ctx.attribute(ACCESS_KEY);
        String errorCode = ctx.attribute(ERROR_CODE);
        double durationMs = Math.round(millis * 10) / 10.0;
        String callerArn = caller == null ? "-" : caller.principalArn();
        if (text != null) {
            StringBuilder line = new StringBuilder(320);
            text.startLine(line, System.currentTimeMillis());
            line.append("requestId=")
                    .append(RequestIds.of(ctx))
                    .append(" api=")
                    .append(api.label())
                    .append(" operation=")
                    .append(operation)
                    .append(" status=")
                    .append(status)
                    .append(" durationMs=")
                    .append(durationMs)
                    .append(" caller=")
                    .append(callerArn)
                    .append(" accessKeyId=")
                    .append(accessKeyId == null ? "-" : accessKeyId)
                    .append(" errorCode=")
                    .append(errorCode == null ? "-" : errorCode)
                    .append(" request");
            text.add(line);
            return;
        }
        LOG.atInfo()
                .addKeyValue("requestId", RequestIds.of(ctx))
                .addKeyValue("api", api.label())
                .addKeyValue("operation", operation)
                .addKeyValue("status", status)
                .addKeyValue("durationMs", durationMs)
                .addKeyValue("caller", callerArn)
                .addKeyValue("accessKeyId", accessKeyId == null ? "-" : accessKeyId)
                .addKeyValue("errorCode", errorCode == null ? "-" : errorCode)
                .log("request");
    }
}
