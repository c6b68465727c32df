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
import dev.signet.server.service.sts.WebIdentityFederation;
import dev.signet.server.service.sts.WebIdentityRequest;
import dev.signet.server.service.sts.WebIdentityRole;
import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * STS ({@code 2011-06-15}, the Query protocol) for requests signed for the service {@code sts}:
 * GetCallerIdentity (every authenticated caller may call it), GetSessionToken and AssumeRole
 * ({@link StsService}), and AssumeRoleWithWebIdentity ({@link WebIdentityFederation}), which is
 * also served unsigned, as AWS serves it. Other actions are InvalidAction. Members Signet does not serve (session
 * policies, MFA, transitive tags, provided contexts) are refused rather than ignored, since each
 * would restrict or qualify the session.
 */
public final class StsRoutes implements AwsProtocolService {
    static final String VERSION = "2011-06-15";
    private static final String WEB_IDENTITY = "AssumeRoleWithWebIdentity";
    private static final Set<String> ACTIONS =
            Set.of("GetCallerIdentity", "GetSessionToken", "AssumeRole", WEB_IDENTITY);
    private static final List<String> UNSERVED_PREFIXES =
            List.of("Policy", "PolicyArns.", "SerialNumber", "TokenCode", "TransitiveTagKeys.", "ProvidedContexts.");

    private final StsService sts;
    private final WebIdentityFederation webIdentity;

    public StsRoutes(StsService sts, WebIdentityFederation webIdentity) {
        this.sts = Objects.requireNonNull(sts, "sts");
        this.webIdentity = Objects.requireNonNull(webIdentity, "webIdentity");
    }

    @Override
    public String signingName() {
        return "sts";
    }

    /** {@code sts:ACTION}, on the role's ARN for AssumeRole* (as AWS names it), else {@code *}. */
    @Override
    public AccessRequest accessRequest(Context ctx, Caller caller) {
        QueryParameters params = QueryParameters.of(ctx);
        String action = action(params);
        RequestLog.operation(ctx, action);
        String resource =
                action.startsWith("AssumeRole") ? params.optional("RoleArn").orElse("*") : "*";
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
            case WEB_IDENTITY -> webIdentity(p, out);
            default -> throw new IllegalStateException("action() admitted " + action);
        }
        out.send(ctx);
    }

    /**
     * An unsigned POST or GET to {@code /} whose Action is AssumeRoleWithWebIdentity: AWS serves it
     * without credentials (the SDKs and the CLI send it unsigned). Anything else unsigned is left to
     * the dispatcher, which refuses it.
     */
    @Override
    public boolean servesUnsigned(Context ctx) {
        if (!ctx.path().equals("/")) {
            return false;
        }
        String method = ctx.method().name();
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        boolean form = method.equals("POST") && type.startsWith("application/x-www-form-urlencoded");
        if (!form && !method.equals("GET")) {
            return false;
        }
        try {
            return QueryParameters.of(ctx)
                    .optional("Action")
                    .filter(WEB_IDENTITY::equals)
                    .isPresent();
        } catch (RuntimeException e) {
            // a body that is not a form, too large, or cut short: not this operation
            return false;
        }
    }

    @Override
    public void handleUnsigned(Context ctx) {
        QueryParameters p = QueryParameters.of(ctx);
        RequestLog.operation(ctx, action(p));
        QueryResponse out = new QueryResponse(WEB_IDENTITY, ErrorProtocol.STS_XML.namespace());
        webIdentity(p, out);
        out.send(ctx);
    }

    /** AssumeRoleWithWebIdentity, signed or not: the token is the only proof either way. */
    private void webIdentity(QueryParameters p, QueryResponse out) {
        refuseUnserved(p);
        if (p.optional("ProviderId").isPresent()) {
            throw new ServiceException(
                    "ValidationError",
                    400,
                    "Signet serves OpenID Connect ID tokens only; ProviderId (OAuth 2.0 access tokens) is not served.");
        }
        WebIdentityRole role = webIdentity.assume(new WebIdentityRequest(
                p.required("RoleArn"),
                p.required("RoleSessionName"),
                p.required("WebIdentityToken"),
                p.integer("DurationSeconds")));
        credentials(out, role.assumed().credentials());
        out.element("SubjectFromWebIdentityToken", role.subject());
        out.open("AssumedRoleUser")
                .element("AssumedRoleId", role.assumed().assumedRoleId())
                .element("Arn", role.assumed().arn())
                .close("AssumedRoleUser");
        out.element("Provider", role.provider());
        out.element("Audience", role.audience());
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
