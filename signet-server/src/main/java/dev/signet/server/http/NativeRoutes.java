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
 * The unauthenticated native routes under {@code /v1} and {@code /metrics}: public information only
 * (health, readiness, aggregate metrics, the root
 * CA certificates and the cross certificates between them, OpenPGP keys, the signed revocation list, the issuing CA's CRL) and the RFC 3161 time-stamp authority,
 * which, like public TSAs, answers anyone. The health and root routes are built in; the composition
 * root adds the others ({@link #add}). Routes are matched exactly by method and path; others under
 * {@code /v1} are 404.
 */
public final class NativeRoutes {
    public static final String PREFIX = "/v1/";
    /** Prometheus' conventional path, outside {@code /v1}: an unsigned request for it is served here. */
    public static final String METRICS = "/metrics";

    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    /** A route and its operation name in logs and metrics: {@code METHOD:PATH}, one word for logfmt. */
    private record Route(String operation, Handler handler) {}

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
        // after a root renewal: every root, oldest first, for verifiers to trust during the overlap
        add("GET", "/v1/ca/roots.pem", ctx -> {
            ctx.contentType("application/x-pem-file");
            StringBuilder pem = new StringBuilder();
            ca.roots().forEach(root -> pem.append(Pem.encode(root)));
            ctx.result(pem.toString());
        });
        // the cross certificates that link the roots (forward and reverse), for verifiers and ca export
        add("GET", "/v1/ca/cross.pem", ctx -> {
            ctx.contentType("application/x-pem-file");
            StringBuilder pem = new StringBuilder();
            ca.crossCertificates().forEach(cross -> pem.append(Pem.encode(cross)));
            ctx.result(pem.toString());
        });
    }

    /**
     * Registers a public route; only for information anyone may read. Its path is under {@value
     * #PREFIX}, or is {@value #METRICS}.
     */
    public void add(String method, String path, Handler handler) {
        if (!path.startsWith(PREFIX) && !path.equals(METRICS)) {
            throw new IllegalArgumentException("public routes live under " + PREFIX + " or at " + METRICS);
        }
        routes.put(method + " " + path, new Route(method + ":" + path, handler));
    }

    boolean serves(String rawPath) {
        return rawPath.startsWith(PREFIX) || rawPath.equals(METRICS);
    }

    void handle(Context ctx) throws Exception {
        Route route = routes.get(ctx.req().getMethod() + " " + ctx.req().getRequestURI());
        if (route == null) {
            HttpErrors.write(
                    ctx,
                    ErrorProtocol.JSON,
                    404,
                    "NotFoundException",
                    "No such route: " + ctx.req().getRequestURI());
            return;
        }
        RequestLog.operation(ctx, route.operation());
        route.handler().handle(ctx);
    }
}
