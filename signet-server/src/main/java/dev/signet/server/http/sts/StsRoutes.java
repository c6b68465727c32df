package dev.signet.server.http.sts;

import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.ErrorProtocol;
import dev.signet.server.http.RequestLog;
import dev.signet.server.http.query.QueryParameters;
import dev.signet.server.http.query.QueryResponse;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.AccessRequest;
import dev.signet.server.service.sts.AssumeRoleRequest;
import dev.signet.server.service.sts.AssumedRole;
import dev.signet.server.service.sts.IssuedCredentials;
import dev.signet.server.service.sts.StsService;
import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * STS ({@code 2011-06-15}, the Query protocol) for requests signed for the service {@code sts}:
 * GetCallerIdentity (every authenticated caller may call it), GetSessionToken and AssumeRole
 * ({@link StsService}). Other actions are InvalidAction. Members Signet does not serve (session
 * policies, MFA, transitive tags, provided contexts) are refused rather than ignored, since each
 * would restrict or qualify the session.
 */
public final class StsRoutes implements AwsProtocolService {
    static final String VERSION = "2011-06-15";
    private static final Set<String> ACTIONS = Set.of("GetCallerIdentity", "GetSessionToken", "AssumeRole");
    private static final List<String> UNSERVED_PREFIXES =
            List.of("Policy", "PolicyArns.", "SerialNumber", "TokenCode", "TransitiveTagKeys.", "ProvidedContexts.");

    private final StsService sts;

    public StsRoutes(StsService sts) {
        this.sts = Objects.requireNonNull(sts, "sts");
    }

    @Override
    public String signingName() {
        return "sts";
    }

    /** {@code sts:ACTION}, on the role's ARN for AssumeRole (as AWS names it), else {@code *}. */
    @Override
    public AccessRequest accessRequest(Context ctx, Caller caller) {
        QueryParameters params = QueryParameters.of(ctx);
        String action = action(params);
        RequestLog.operation(ctx, action);
        String resource =
                action.equals("AssumeRole") ? params.optional("RoleArn").orElse("*") : "*";
        return new AccessRequest("sts:" + action, resource);
    }

    @Override
    public void handle(Context ctx, Caller caller) {
        QueryParameters p = QueryParameters.of(ctx);
        String action = action(p);
        QueryResponse out = new QueryResponse(action, ErrorProtocol.STS_XML.namespace());
        switch (action) {
            case "GetCallerIdentity" ->
                out.element("UserId", caller.userId())
                        .element("Account", caller.accountId())
                        .element("Arn", caller.principalArn());
            case "GetSessionToken" -> {
                refuseUnserved(p);
                credentials(out, sts.getSessionToken(caller, p.integer("DurationSeconds")));
            }
            case "AssumeRole" -> {
                refuseUnserved(p);
                assumedRole(
                        out,
                        sts.assumeRole(
                                caller,
                                new AssumeRoleRequest(
                                        p.required("RoleArn"),
                                        p.required("RoleSessionName"),
                                        p.integer("DurationSeconds"),
                                        p.optional("ExternalId"),
                                        p.tags(),
                                        p.optional("SourceIdentity"))));
            }
            default -> throw new IllegalStateException("action() admitted " + action);
        }
        out.send(ctx);
    }

    private static void credentials(QueryResponse out, IssuedCredentials c) {
        out.open("Credentials")
                .element("AccessKeyId", c.accessKeyId())
                .element("SecretAccessKey", c.secretAccessKey())
                .element("SessionToken", c.sessionToken())
                .element("Expiration", QueryResponse.date(c.expiration()))
                .close("Credentials");
    }

    private static void assumedRole(QueryResponse out, AssumedRole role) {
        credentials(out, role.credentials());
        out.open("AssumedRoleUser")
                .element("AssumedRoleId", role.assumedRoleId())
                .element("Arn", role.arn())
                .close("AssumedRoleUser");
        role.packedPolicySize().ifPresent(size -> out.element("PackedPolicySize", String.valueOf(size)));
        role.sourceIdentity().ifPresent(id -> out.element("SourceIdentity", id));
    }

    private static void refuseUnserved(QueryParameters p) {
        for (String name : p.names()) {
            for (String prefix : UNSERVED_PREFIXES) {
                if (prefix.endsWith(".") ? name.startsWith(prefix) : name.equals(prefix)) {
                    String member = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
                    throw new ServiceException(
                            "ValidationError", 400, "Signet does not serve the member " + member + " of STS.");
                }
            }
        }
    }

    private static String action(QueryParameters params) {
        String action = params.optional("Action")
                .orElseThrow(() ->
                        new ServiceException("MissingAction", 400, "The request must contain the parameter Action."));
        String version = params.optional("Version").orElse(VERSION);
        if (!ACTIONS.contains(action) || !version.equals(VERSION)) {
            throw new ServiceException(
                    "InvalidAction",
                    400,
                    "Could not find operation " + (action.length() > 64 ? action.substring(0, 64) : action)
                            + " for version " + (version.length() > 64 ? version.substring(0, 64) : version));
        }
        return action;
    }
}
