package dev.signet.server.http;

import dev.signet.core.tsa.TimestampAuthority;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * {@code POST /v1/timestamp}: RFC 3161 over HTTP (RFC 3161 3.4). The body is a DER TimeStampReq
 * ({@code application/timestamp-query}); the answer is a DER TimeStampResp ({@code
 * application/timestamp-reply}), granted or rejected. A wrong content type is 415, a body over {@link
 * TimestampAuthority#MAX_REQUEST_SIZE} bytes 413; a request that does not parse gets a 200 with a
 * rejection response, as the RFC prescribes.
 */
final class TimestampRoute implements Handler {
    static final String QUERY = "application/timestamp-query";
    static final String REPLY = "application/timestamp-reply";
    private final TimestampAuthority tsa;

    TimestampRoute(TimestampAuthority tsa) {
        this.tsa = Objects.requireNonNull(tsa, "tsa");
    }

    @Override
    public void handle(Context ctx) throws IOException {
        String type = ctx.header("Content-Type");
        if (type == null || !type.split(";", 2)[0].trim().equalsIgnoreCase(QUERY)) {
            HttpErrors.write(ctx, ErrorProtocol.JSON, 415, "UnsupportedMediaType", "send " + QUERY);
            return;
        }
        byte[] body;
        try (InputStream in = RequestBodies.unauthenticated(ctx)) {
            body = in.readNBytes(TimestampAuthority.MAX_REQUEST_SIZE + 1);
        }
        if (body.length > TimestampAuthority.MAX_REQUEST_SIZE) {
            HttpErrors.write(
                    ctx,
                    ErrorProtocol.JSON,
                    413,
                    "RequestEntityTooLarge",
                    "a time-stamp query is at most " + TimestampAuthority.MAX_REQUEST_SIZE + " bytes");
            return;
        }
        ctx.contentType(REPLY);
        ctx.result(tsa.respond(body));
    }
}
