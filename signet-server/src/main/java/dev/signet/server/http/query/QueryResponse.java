package dev.signet.server.http.query;

import dev.signet.server.http.RequestIds;
import dev.signet.server.http.Xml;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Writes a Query protocol response: {@code <ActionResponse xmlns=NS><ActionResult>...</ActionResult>
 * <ResponseMetadata><RequestId/></ResponseMetadata></ActionResponse>}, status 200, {@code text/xml}.
 * The result's elements are added in order with {@link #element}, {@link #open} and {@link #close};
 * every text is escaped.
 */
public final class QueryResponse {
    private final StringBuilder xml = new StringBuilder();
    private final String action;
    private final String namespace;
    private boolean hasResult;

    public QueryResponse(String action, String namespace) {
        this.action = action;
        this.namespace = namespace;
    }

    /** ISO 8601 in UTC to the second, as IAM writes dates. */
    public static String date(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    public QueryResponse element(String name, String text) {
        result();
        xml.append('<')
                .append(name)
                .append('>')
                .append(Xml.escape(text))
                .append("</")
                .append(name)
                .append('>');
        return this;
    }

    public QueryResponse open(String name) {
        result();
        xml.append('<').append(name).append('>');
        return this;
    }

    public QueryResponse close(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    private void result() {
        if (!hasResult) {
            hasResult = true;
            xml.append('<').append(action).append("Result>");
        }
    }

    /** Sends the response. */
    public void send(Context ctx) {
        StringBuilder out = new StringBuilder("<")
                .append(action)
                .append("Response xmlns=\"")
                .append(namespace)
                .append("\">");
        out.append(xml);
        if (hasResult) {
            out.append("</").append(action).append("Result>");
        }
        out.append("<ResponseMetadata><RequestId>")
                .append(Xml.escape(RequestIds.of(ctx)))
                .append("</RequestId></ResponseMetadata></")
                .append(action)
                .append("Response>");
        ctx.status(200);
        ctx.contentType("text/xml");
        ctx.result(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
