package dev.signet.server.http.revocation;

import dev.signet.server.service.ServiceException;
import dev.signet.server.service.revocation.CertificateRevocationLists;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/ca/issuing.crl}, public: the issuing CA's X.509 CRL of revoked profile versions,
 * DER ({@code application/pkix-crl}), the URL certificates of portable Notation profiles name as
 * their CRL distribution point. Anyone may read it: its signature is what makes it trustworthy.
 * Without a query it is the first issuing CA's CRL; {@code ?generation=G} gives issuing CA G's
 * (the URL its certificates name after a renewal). Errors are the native API's JSON: 400
 * ValidationException for a generation that is not a number from 1 to 9999, 404
 * ResourceNotFoundException for one the CA does not have.
 */
public final class CrlRoute implements Handler {
    public static final String PATH = "/v1/ca/issuing.crl";
    public static final String CONTENT_TYPE = "application/pkix-crl";

    private static final Pattern GENERATION = Pattern.compile("[1-9][0-9]{0,3}");

    private final CertificateRevocationLists lists;

    public CrlRoute(CertificateRevocationLists lists) {
        this.lists = Objects.requireNonNull(lists, "lists");
    }

    @Override
    public void handle(Context ctx) {
        String generation = ctx.queryParam("generation");
        byte[] crl = generation == null ? lists.current() : lists.current(existing(generation));
        ctx.status(200)
                .header("Cache-Control", "no-cache")
                .contentType(CONTENT_TYPE)
                .result(crl);
    }

    private int existing(String generation) {
        if (!GENERATION.matcher(generation).matches()) {
            throw ServiceException.validation("generation must be a number from 1 to 9999");
        }
        int g = Integer.parseInt(generation);
        if (!lists.has(g)) {
            throw ServiceException.notFound("there is no issuing CA generation " + g);
        }
        return g;
    }
}
