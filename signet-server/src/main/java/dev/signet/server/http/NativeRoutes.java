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
 * CA certificate, OpenPGP keys, the signed revocation list, the issuing CA's CRL) and the RFC 3161 time-stamp authority, which, like public TSAs, answers anyone. Routes are matched exactly by method and path; others under {@code /v1} are 404.
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

    /** The {@code GET /v1/openpgp-key} handler over the server's profiles and keys. */
    public static Handler openPgpKeys(dev.signet.server.ServerContext context) {
        return new OpenPgpKeyRoute(
                new dev.signet.server.store.signer.JdbiProfileRepository(context.database()),
                new dev.signet.server.service.profile.ProfileKeyIssuer(context.keys(), context.ca()));
    }

    /**
     * The {@code GET /v1/revocation-list} handler: the current revocation list signed by the CA
     * ({@code application/vnd.signet.revocation-list+jose}), issued fresh for each request.
     */
    public static Handler revocationList(dev.signet.server.ServerContext context) {
        return new dev.signet.server.http.revocation.RevocationListRoute(context);
    }

    /**
     * The {@code GET /v1/ca/issuing.crl} handler: the issuing CA's X.509 CRL of revoked profile
     * versions, re-signed when the revocations change or half its validity has passed.
     */
    public static Handler crl(dev.signet.server.ServerContext context) {
        return new dev.signet.server.http.revocation.CrlRoute(context);
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
