package dev.signet.server.http.signer;

import dev.signet.server.ServerContext;
import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.service.Caller;
import io.javalin.http.Context;

/** The AWS Signer API (restJson1) over the signing services. */
public final class SignerRoutes implements AwsProtocolService {

    public SignerRoutes(ServerContext context) {
        throw new UnsupportedOperationException("TODO signer");
    }

    @Override
    public String signingName() {
        return "signer";
    }

    @Override
    public void handle(Context ctx, Caller caller) {
        throw new UnsupportedOperationException("TODO signer");
    }
}
