package dev.signet.server.http.revocation;

import dev.signet.server.service.revocation.CertificateRevocationLists;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Objects;

/**
 * {@code GET /v1/ca/issuing.crl}, public: the issuing CA's X.509 CRL of revoked profile versions,
 * DER ({@code application/pkix-crl}), the URL certificates of portable Notation profiles name as
 * their CRL distribution point. Anyone may read it: its signature is what makes it trustworthy.
 * Without a query it is the first issuing CA's CRL; {@code ?generation=G} gives issuing CA G's
 * (the URL its certificates name after a renewal), 404 for a generation that does not exist.
 */
public final class CrlRoute implements Handler {
    public static final String PATH = "/v1/ca/issuing.crl";
    public static final String CONTENT_TYPE = "application/pkix-crl";

    private final CertificateRevocationLists lists;

    public CrlRoute(CertificateRevocationLists lists) {
        this.lists = Objects.requireNonNull(lists, "lists");
    }

    @Override
    public void handle(Context ctx) {
        byte[] crl;
        String generation = ctx.queryParam("generation");
        if (generation == null) {
            crl = lists.current();
        } else {
            try {
                crl = lists.current(Integer.parseInt(generation));
            } catch (IllegalArgumentException e) {
                ctx.status(404).contentType("text/plain").result("no issuing CA generation " + generation);
                return;
            }
        }
        ctx.status(200)
                .header("Cache-Control", "no-cache")
                .contentType(CONTENT_TYPE)
                .result(crl);
    }
}
