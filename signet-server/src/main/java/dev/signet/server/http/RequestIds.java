package dev.signet.server.http;

import io.javalin.http.Context;
import java.util.UUID;

/** The id every response carries in {@code x-amzn-RequestId}, also used in logs. */
public final class RequestIds {
    static final String ATTRIBUTE = "signet.requestId";

    private RequestIds() {}

    static String assign(Context ctx) {
        String id = UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header("x-amzn-RequestId", id);
        return id;
    }

    /** The current request's id. */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "unknown" : id;
    }
}
