package dev.signet.server.http.sts;

import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.ErrorProtocol;
import dev.signet.server.http.RequestLog;
import dev.signet.server.http.query.QueryParameters;
import dev.signet.server.http.query.QueryResponse;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.AccessRequest;
import io.javalin.http.Context;

/**
 * STS ({@code 2011-06-15}, the Query protocol) for requests signed for the service {@code sts}:
 * GetCallerIdentity, which every authenticated caller may call. Other actions are InvalidAction.
 */
public final class StsRoutes implements AwsProtocolService {
    static final String VERSION = "2011-06-15";

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public AccessRequest accessRequest(Context ctx, Caller caller) {
        String action = action(QueryParameters.of(ctx));
        RequestLog.operation(ctx, action);
        return new AccessRequest("sts:" + action, "*");
    }

    @Override
    public void handle(Context ctx, Caller caller) {
        QueryResponse out = new QueryResponse(action(QueryParameters.of(ctx)), ErrorProtocol.STS_XML.namespace());
        out.element("UserId", caller.userId())
                .element("Account", caller.accountId())
                .element("Arn", caller.principalArn())
                .send(ctx);
    }

    private static String action(QueryParameters params) {
        String action = params.optional("Action")
                .orElseThrow(() ->
                        new ServiceException("MissingAction", 400, "The request must contain the parameter Action."));
        String version = params.optional("Version").orElse(VERSION);
        if (!action.equals("GetCallerIdentity") || !version.equals(VERSION)) {
            throw new ServiceException(
                    "InvalidAction",
                    400,
                    "Could not find operation " + (action.length() > 64 ? action.substring(0, 64) : action)
                            + " for version " + (version.length() > 64 ? version.substring(0, 64) : version));
        }
        return action;
    }
}
