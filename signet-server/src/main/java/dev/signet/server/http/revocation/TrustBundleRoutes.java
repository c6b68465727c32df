package dev.signet.server.http.revocation;

import dev.signet.server.ServerContext;
import dev.signet.server.http.NativeApi;
import dev.signet.server.service.Caller;
import dev.signet.server.service.revocation.TrustMaterial;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * {@code GET /v1/trust-bundle}, authenticated (SigV4 service {@code signet}): the signed trust
 * bundle (docs/formats.md, "Trust bundle") an offline verifier needs, made fresh for every request
 * from {@link TrustMaterial}. The request takes no parameters.
 */
public final class TrustBundleRoutes implements NativeApi.RouteSet {
    public static final String CONTENT_TYPE = dev.signet.core.revocation.TrustBundle.MEDIA_TYPE;

    private final ServerContext context;

    public TrustBundleRoutes(ServerContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public void register(NativeApi api) {
        api.add("GET", "/v1/trust-bundle", this::trustBundle);
    }

    private void trustBundle(Context ctx, Caller caller) {
        byte[] bundle = TrustMaterial.from(context).trustBundle();
        ctx.status(200)
                .header("Cache-Control", "no-store")
                .contentType(CONTENT_TYPE)
                .result(bundle);
    }
}
