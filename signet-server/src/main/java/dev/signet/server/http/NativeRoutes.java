package dev.signet.server.http;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.Pem;
import dev.signet.core.tsa.TimestampAuthority;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The unauthenticated native routes under {@code /v1}: public information only (health, the root
 * CA certificate, OpenPGP keys, the signed revocation list, the issuing CA's CRL) and the RFC 3161 time-stamp authority,
 * which, like public TSAs, answers anyone. The health and root routes are built in; the composition
 * root adds the others ({@link #add}). Routes are matched exactly by method and path; others under
 * {@code /v1} are 404.
 */
public final class NativeRoutes {
    public static final String PREFIX = "/v1/";
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();

    public NativeRoutes(CertificateAuthority ca) {
        this(ca, null);
    }

    /** The public routes, with {@code POST /v1/timestamp} served by {@code tsa} when it is not null. */
    public NativeRoutes(CertificateAuthority ca, TimestampAuthority tsa) {
        Objects.requireNonNull(ca, "ca");
        if (tsa != null) {
            add("POST", "/v1/timestamp", new TimestampRoute(tsa));
        }
        add("GET", "/v1/health", ctx -> ctx.json(Map.of("status", "ok")));
        add("GET", "/v1/ca/root.pem", ctx -> {
            ctx.contentType("application/x-pem-file");
            ctx.result(Pem.encode(ca.root()));
        });
    }

    /** Registers a public route; only for information anyone may read. */
    public void add(String method, String path, Handler handler) {
        routes.put(method + " " + path, handler);
    }

    boolean serves(String rawPath) {
        return rawPath.startsWith(PREFIX);
    }

    void handle(Context ctx) throws Exception {
        Handler handler = routes.get(ctx.req().getMethod() + " " + ctx.req().getRequestURI());
        if (handler == null) {
            HttpErrors.write(
                    ctx,
                    ErrorProtocol.JSON,
                    404,
                    "NotFoundException",
                    "No such route: " + ctx.req().getRequestURI());
            return;
        }
        handler.handle(ctx);
    }
}
