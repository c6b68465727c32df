package dev.signet.server.http.revocation;

import dev.signet.core.revocation.TrustBundle;
import dev.signet.server.http.NativeApi;
import dev.signet.server.service.Caller;
import dev.signet.server.service.revocation.TrustSnapshots;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * {@code GET /v1/trust-bundle}, authenticated (SigV4 service {@code signet}): the signed trust
 * bundle (docs/formats.md, "Trust bundle") an offline verifier needs, of the trust material as the
 * records are at the request ({@link TrustSnapshots#current()}: signed again only when they changed
 * or it is an hour old). The request takes no parameters.
 */
public final class TrustBundleRoutes implements NativeApi.RouteSet {
    public static final String CONTENT_TYPE = TrustBundle.MEDIA_TYPE;

    private final TrustSnapshots trust;

    public TrustBundleRoutes(TrustSnapshots trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    @Override
    public void register(NativeApi api) {
        api.add("GET", "/v1/trust-bundle", "GetTrustBundle", this::trustBundle);
    }

    private void trustBundle(Context ctx, Caller caller) {
        ctx.status(200)
                .header("Cache-Control", "no-store")
                .contentType(CONTENT_TYPE)
                .result(trust.trustBundle());
    }
}
