package dev.signet.server.http.revocation;

import dev.signet.server.ServerContext;
import dev.signet.server.service.revocation.CertificateRevocationLists;
import dev.signet.server.store.signer.JdbiProfileRepository;
import dev.signet.server.store.signer.JdbiProfileRevocationRepository;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code GET /v1/ca/issuing.crl}, public: the issuing CA's X.509 CRL of revoked profile versions,
 * DER ({@code application/pkix-crl}), the URL certificates of portable Notation profiles name as
 * their CRL distribution point. Anyone may read it: its signature is what makes it trustworthy.
 */
public final class CrlRoute implements Handler {
    public static final String PATH = "/v1/ca/issuing.crl";
    public static final String CONTENT_TYPE = "application/pkix-crl";

    private final CertificateRevocationLists lists;

    public CrlRoute(ServerContext context) {
        this.lists = new CertificateRevocationLists(
                context.ca(),
                new JdbiProfileRevocationRepository(context.database()),
                new JdbiProfileRepository(context.database()),
                context.clock());
    }

    @Override
    public void handle(Context ctx) {
        ctx.status(200)
                .header("Cache-Control", "no-cache")
                .contentType(CONTENT_TYPE)
                .result(lists.current());
    }
}
