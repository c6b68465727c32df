package dev.signet.server.http;

import dev.signet.server.service.profile.OpenPgpPublicKeys;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.openpgp.PGPException;

/**
 * {@code GET /v1/openpgp-key?profileVersionArn=ARN}: the armored OpenPGP public key of a
 * Signet-OpenPGP-SHA256 profile version, for {@code gpg --import} ({@code application/pgp-keys}).
 * Public like the root certificate: a public key is what verifiers need. The key is derived from
 * the version's certificate with the certificate's notBefore as creation time, so the same ARN
 * always returns the same key and fingerprint. A malformed ARN is a 400; an ARN that names no
 * profile version and one that names a version of another platform get the same 404, word for word,
 * so an unauthenticated caller cannot learn which profiles exist.
 */
public final class OpenPgpKeyRoute implements Handler {
    private static final Pattern VERSION_ARN =
            Pattern.compile("arn:[a-z-]{1,32}:signer:[a-z0-9-]{0,32}:([0-9]{12}):/signing-profiles/"
                    + "([a-zA-Z0-9_]{2,64})/([a-zA-Z0-9]{10})");
    private final OpenPgpPublicKeys keys;

    public OpenPgpKeyRoute(OpenPgpPublicKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void handle(Context ctx) throws PGPException {
        String arn = ctx.queryParam("profileVersionArn");
        Matcher m = arn == null ? null : VERSION_ARN.matcher(arn);
        if (m == null || !m.matches()) {
            HttpErrors.write(
                    ctx,
                    ErrorProtocol.JSON,
                    400,
                    "ValidationException",
                    "profileVersionArn must be a signing profile version ARN");
            return;
        }
        Optional<String> key = keys.armoredKey(m.group(1), m.group(2), m.group(3));
        if (key.isEmpty()) {
            HttpErrors.write(
                    ctx,
                    ErrorProtocol.JSON,
                    404,
                    "ResourceNotFoundException",
                    "no OpenPGP profile version has that ARN");
            return;
        }
        ctx.contentType("application/pgp-keys");
        ctx.result(key.get());
    }
}
