package dev.signet.server.http.revocation;

import dev.signet.core.revocation.SignedRevocationList;
import dev.signet.server.service.revocation.TrustSnapshots;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Objects;

/**
 * {@code GET /v1/revocation-list}, public: the current revocation list, signed by the Signet CA
 * (docs/formats.md, "Signed revocation list"). The signed document is built once and served until
 * revocations change or it is an hour old ({@link TrustSnapshots}), so an unauthenticated request
 * costs no database read and no signature. Anyone may read it: it names revoked signature ids, job
 * ARNs and profile version ARNs, and its signature is what makes it trustworthy, not the channel.
 */
public final class RevocationListRoute implements Handler {
    public static final String CONTENT_TYPE = SignedRevocationList.MEDIA_TYPE;

    private final TrustSnapshots trust;

    public RevocationListRoute(TrustSnapshots trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    @Override
    public void handle(Context ctx) {
        ctx.status(200)
                .header("Cache-Control", "no-store")
                .contentType(CONTENT_TYPE)
                .result(trust.signedRevocationList());
    }
}
