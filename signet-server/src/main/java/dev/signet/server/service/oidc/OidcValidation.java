package dev.signet.server.service.oidc;

import dev.signet.server.service.ServiceException;
import dev.signet.server.service.iam.IamValidation;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The IAM model's constraints on OIDC provider members ({@code OpenIDConnectProviderUrlType},
 * {@code clientIDType}, {@code thumbprintType}) and IAM's rules for them: the URL is {@code https://}
 * with a host, no query, fragment or user info (plain {@code http://} only for a loopback host:
 * 127.0.0.0/8, ::1 or localhost, so that a test or a single-host setup can run its own issuer), at
 * most 100 client ids and 5 thumbprints of 40 hex digits.
 */
final class OidcValidation {
    static final int MAX_CLIENT_IDS = 100;
    static final int MAX_THUMBPRINTS = 5;
    private static final Pattern ANY = Pattern.compile("[\\s\\S]*");
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-Fa-f]{40}");
    private static final Pattern PROVIDER_ARN =
            Pattern.compile("arn:([a-z0-9-]+):iam::(\\d{12}):oidc-provider/([\\u0021-\\u007E]{1,255})");

    private OidcValidation() {}

    /** A checked issuer URL: as registered (no trailing slash) and its key (without the scheme). */
    record Url(String url, String key) {}

    static Url url(String value) {
        IamValidation.string("url", value, 1, 255, ANY);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalidUrl(value, "it is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !uri.isAbsolute() || uri.isOpaque()) {
            throw invalidUrl(value, "it must be https://HOST[/PATH]");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalidUrl(value, "it may not have a query or a fragment");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
            throw invalidUrl(value, "it must begin with https:// (http:// only for a loopback host)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String authority = uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return new Url(scheme + "://" + authority + path, authority + path);
    }

    /** Whether {@code host} is a loopback address literal or {@code localhost} (never resolved by DNS). */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        boolean literal = h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || h.contains(":");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static ServiceException invalidUrl(String value, String why) {
        return new ServiceException(
                "InvalidInput",
                400,
                "The OpenID Connect provider URL " + printable(value) + " is not valid: " + why + ".");
    }

    static String clientId(String value) {
        return IamValidation.string("clientID", value, 1, 255, ANY);
    }

    /** Client ids, each once, in the order given; LimitExceeded past 100. */
    static List<String> clientIds(List<String> values) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String value : values) {
            ids.add(clientId(value));
        }
        if (ids.size() > MAX_CLIENT_IDS) {
            throw tooManyClientIds();
        }
        return List.copyOf(ids);
    }

    static ServiceException tooManyClientIds() {
        return new ServiceException(
                "LimitExceeded", 409, "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: " + MAX_CLIENT_IDS);
    }

    /** Thumbprints: each 40 hex digits, at most 5, kept as given (upper-cased hex compares equal). */
    static List<String> thumbprints(List<String> values) {
        if (values.size() > MAX_THUMBPRINTS) {
            throw new ServiceException(
                    "InvalidInput",
                    400,
                    "Thumbprint list must contain fewer than " + (MAX_THUMBPRINTS + 1) + " entries.");
        }
        List<String> checked = new ArrayList<>();
        for (String value : values) {
            IamValidation.string("thumbprintList.member", value, 40, 40, ANY);
            if (!THUMBPRINT.matcher(value).matches()) {
                throw new ServiceException(
                        "InvalidInput", 400, "Thumbprint " + printable(value) + " is not 40 hexadecimal digits.");
            }
            checked.add(value.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(new LinkedHashSet<>(checked));
    }

    /** A provider ARN's key, checked to be of the caller's account; NoSuchEntity for another account's. */
    static String providerKey(String arn, String accountId) {
        IamValidation.string("openIDConnectProviderArn", arn, 20, 2048, ANY);
        var m = PROVIDER_ARN.matcher(arn);
        if (!m.matches()) {
            throw new ServiceException("InvalidInput", 400, "ARN " + printable(arn) + " is not valid.");
        }
        if (!m.group(2).equals(accountId)) {
            throw notFound(arn);
        }
        return m.group(3);
    }

    static ServiceException notFound(String arn) {
        return new ServiceException("NoSuchEntity", 404, "OpenIDConnect Provider not found for arn " + printable(arn));
    }

    private static String printable(String value) {
        String cut = value.length() > 300 ? value.substring(0, 300) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
