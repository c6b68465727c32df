package dev.signet.server.http.revocation;

import dev.signet.server.ServerContext;
import dev.signet.server.service.revocation.TrustMaterial;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Objects;

/**
 * {@code GET /v1/revocation-list}, public: the current revocation list, signed by the Signet CA
 * (docs/formats.md, "Signed revocation list"), issued fresh for every request. Anyone may read it:
 * it names revoked signature ids, job ARNs and profile version ARNs, and its signature is what
 * makes it trustworthy, not the channel.
 */
public final class RevocationListRoute implements Handler {
    public static final String CONTENT_TYPE = dev.signet.core.revocation.SignedRevocationList.MEDIA_TYPE;

    private final ServerContext context;

    public RevocationListRoute(ServerContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public void handle(Context ctx) {
        byte[] signed = TrustMaterial.from(context).signedRevocationList();
        ctx.status(200)
                .header("Cache-Control", "no-store")
                .contentType(CONTENT_TYPE)
                .result(signed);
    }
}
