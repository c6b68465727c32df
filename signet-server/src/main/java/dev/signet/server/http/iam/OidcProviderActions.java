package dev.signet.server.http.iam;

import dev.signet.server.http.query.QueryParameters;
import dev.signet.server.http.query.QueryResponse;
import dev.signet.server.service.Caller;
import dev.signet.server.service.oidc.OidcProvider;
import dev.signet.server.service.oidc.OidcProviderService;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenID Connect provider actions of {@link IamRoutes}: read the members, call {@link
 * OidcProviderService}, write IAM's XML. Each is authorized as {@code iam:ACTION} on the provider's
 * ARN ({@code arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH}; CreateOpenIDConnectProvider: the one it
 * creates; ListOpenIDConnectProviders: {@code *}).
 */
final class OidcProviderActions {
    static final Set<String> ACTIONS = Set.of(
            "CreateOpenIDConnectProvider",
            "GetOpenIDConnectProvider",
            "ListOpenIDConnectProviders",
            "DeleteOpenIDConnectProvider",
            "AddClientIDToOpenIDConnectProvider",
            "RemoveClientIDFromOpenIDConnectProvider",
            "UpdateOpenIDConnectProviderThumbprint");

    private final OidcProviderService providers;

    OidcProviderActions(OidcProviderService providers) {
        this.providers = Objects.requireNonNull(providers, "providers");
    }

    /** The resource an OIDC provider action is authorized on; empty for the other actions. */
    static Optional<String> resource(String action, QueryParameters p, Caller caller) {
        if (!ACTIONS.contains(action)) {
            return Optional.empty();
        }
        if (action.equals("ListOpenIDConnectProviders")) {
            return Optional.of("*");
        }
        if (action.equals("CreateOpenIDConnectProvider")) {
            String key = p.optional("Url").orElse("").replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
            while (key.endsWith("/")) {
                key = key.substring(0, key.length() - 1);
            }
            return Optional.of("arn:aws:iam::" + caller.accountId() + ":oidc-provider/" + key);
        }
        return Optional.of(p.optional("OpenIDConnectProviderArn").orElse("*"));
    }

    void handle(String action, QueryParameters p, Caller caller, QueryResponse out) {
        switch (action) {
            case "CreateOpenIDConnectProvider" -> {
                OidcProviderService.Described created = providers.create(
                        caller, p.required("Url"), p.list("ClientIDList"), p.list("ThumbprintList"), p.tags());
                out.element("OpenIDConnectProviderArn", created.arn());
                tags(out, created.provider().tags());
            }
            case "GetOpenIDConnectProvider" -> {
                OidcProvider provider = providers
                        .get(caller, p.required("OpenIDConnectProviderArn"))
                        .provider();
                // IAM answers the URL without https://; a plain-http (loopback) issuer keeps its scheme
                out.element("Url", provider.url().startsWith("https://") ? provider.key() : provider.url());
                out.open("ClientIDList");
                provider.clientIds().forEach(id -> out.element("member", id));
                out.close("ClientIDList");
                out.open("ThumbprintList");
                provider.thumbprints().forEach(t -> out.element("member", t));
                out.close("ThumbprintList");
                out.element("CreateDate", QueryResponse.date(provider.createdAt()));
                tags(out, provider.tags());
            }
            case "ListOpenIDConnectProviders" -> {
                out.open("OpenIDConnectProviderList");
                for (String arn : providers.list(caller)) {
                    out.open("member").element("Arn", arn).close("member");
                }
                out.close("OpenIDConnectProviderList");
            }
            case "DeleteOpenIDConnectProvider" -> providers.delete(caller, p.required("OpenIDConnectProviderArn"));
            case "AddClientIDToOpenIDConnectProvider" ->
                providers.addClientId(caller, p.required("OpenIDConnectProviderArn"), p.required("ClientID"));
            case "RemoveClientIDFromOpenIDConnectProvider" ->
                providers.removeClientId(caller, p.required("OpenIDConnectProviderArn"), p.required("ClientID"));
            case "UpdateOpenIDConnectProviderThumbprint" ->
                providers.updateThumbprint(caller, p.required("OpenIDConnectProviderArn"), p.list("ThumbprintList"));
            default -> throw new IllegalStateException("unrouted action " + action);
        }
    }

    /** Tags sorted by key, as IAM returns them; none: no element. */
    private static void tags(QueryResponse out, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        out.open("Tags");
        new TreeMap<>(tags)
                .forEach((k, v) ->
                        out.open("member").element("Key", k).element("Value", v).close("member"));
        out.close("Tags");
    }
}
