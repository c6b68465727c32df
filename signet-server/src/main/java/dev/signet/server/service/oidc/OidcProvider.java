package dev.signet.server.service.oidc;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An IAM OpenID Connect identity provider of one account: the issuer URL its tokens' {@code iss}
 * claim must equal, the client ids (audiences) a token may be for, the certificate thumbprints as
 * given, and its tags.
 *
 * @param key the URL without its scheme ({@code HOST[:PORT]/PATH}): what the ARN ends with and what
 *     prefixes the condition keys of its tokens' claims
 * @param url the issuer URL as registered, with its scheme
 */
public record OidcProvider(
        String accountId,
        String key,
        String url,
        List<String> clientIds,
        List<String> thumbprints,
        Map<String, String> tags,
        Instant createdAt) {
    public OidcProvider {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(url, "url");
        clientIds = List.copyOf(clientIds);
        thumbprints = List.copyOf(thumbprints);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@code arn:PARTITION:iam::ACCOUNT:oidc-provider/KEY}. */
    public String arn(String partition) {
        return arn(partition, accountId, key);
    }

    static String arn(String partition, String accountId, String key) {
        return "arn:" + partition + ":iam::" + accountId + ":oidc-provider/" + key;
    }

    /** The issuer as a URI (the registered URL was checked to be one). */
    public URI issuer() {
        return URI.create(url);
    }
}
