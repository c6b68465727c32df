package dev.signet.server.service.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import dev.signet.server.service.ServiceException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The public keys of OIDC issuers: discovered from {@code ISSUER/.well-known/openid-configuration}
 * (whose {@code issuer} must be the issuer itself and whose {@code jwks_uri} must be https, or http
 * on a loopback host), then read from the JWKS it names.
 *
 * <ul>
 *   <li>Cached per issuer for {@link #TTL}, for at most {@link #MAX_ISSUERS} issuers (the least
 *       recently used is forgotten first); only registered providers' issuers are ever asked for.
 *   <li>A key id the cached set lacks makes the caller ask again with {@code refresh}; the issuer is
 *       read again only when its last read is older than {@link #REFETCH_INTERVAL}, so tokens with
 *       made-up key ids cannot make Signet hammer an issuer. A failed read is remembered for the
 *       same interval.
 *   <li>Fails closed: an unreachable issuer, a discovery document or JWKS that does not parse, or
 *       a set with no usable key is IDPCommunicationError, and any keys held for it are dropped.
 * </ul>
 */
public final class IssuerKeys {
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);
    static final int MAX_ISSUERS = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IssuerDocuments documents;
    private final Clock clock;
    private final Map<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
            return size() > MAX_ISSUERS;
        }
    };

    public IssuerKeys(IssuerDocuments documents, Clock clock) {
        this.documents = Objects.requireNonNull(documents, "documents");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The issuer's public keys.
     *
     * @param refresh the caller did not find the token's key in the set last returned: read the
     *     issuer again if the rate limit allows
     * @throws ServiceException IDPCommunicationError when the keys cannot be had
     */
    public JWKSet keys(URI issuer, boolean refresh) {
        Slot slot;
        synchronized (slots) {
            slot = slots.computeIfAbsent(issuer.toString(), k -> new Slot());
        }
        return slot.keys(issuer, refresh);
    }

    private final class Slot {
        private Instant readAt;
        private JWKSet keys;
        private ServiceException failure;

        synchronized JWKSet keys(URI issuer, boolean refresh) {
            Instant now = clock.instant();
            boolean readRecently = readAt != null && now.isBefore(readAt.plus(REFETCH_INTERVAL));
            if (readRecently) {
                if (keys == null) {
                    throw failure;
                }
                return keys;
            }
            if (keys != null && !refresh && now.isBefore(readAt.plus(TTL))) {
                return keys;
            }
            readAt = now;
            try {
                keys = read(issuer);
                failure = null;
                return keys;
            } catch (ServiceException e) {
                keys = null;
                failure = e;
                throw e;
            }
        }
    }

    private JWKSet read(URI issuer) {
        String base = issuer.toString();
        JsonNode discovery = json(fetch(URI.create(base + "/.well-known/openid-configuration"), "discovery document"));
        String named =
                text(discovery, "issuer").orElseThrow(() -> unusable(issuer, "its discovery document names no issuer"));
        if (!stripSlash(named).equals(base)) {
            throw unusable(issuer, "its discovery document names another issuer");
        }
        String jwksUri = text(discovery, "jwks_uri")
                .orElseThrow(() -> unusable(issuer, "its discovery document has no jwks_uri"));
        URI jwks;
        try {
            jwks = URI.create(jwksUri);
        } catch (IllegalArgumentException e) {
            throw unusable(issuer, "its jwks_uri is not a URL");
        }
        String scheme = jwks.getScheme() == null ? "" : jwks.getScheme();
        if (jwks.getHost() == null
                || !(scheme.equals("https") || (scheme.equals("http") && OidcValidation.isLoopback(jwks.getHost())))) {
            throw unusable(issuer, "its jwks_uri must be https (http only on a loopback host)");
        }
        JWKSet set;
        try {
            set = JWKSet.parse(new String(fetch(jwks, "JWKS"), StandardCharsets.UTF_8))
                    .toPublicJWKSet();
        } catch (ParseException e) {
            throw unusable(issuer, "its JWKS does not parse: " + e.getMessage());
        }
        if (set.isEmpty()) {
            throw unusable(issuer, "its JWKS holds no public key");
        }
        return set;
    }

    private byte[] fetch(URI uri, String what) {
        try {
            return documents.get(uri);
        } catch (IssuerDocuments.IssuerUnreachableException e) {
            throw new ServiceException(
                    "IDPCommunicationError",
                    400,
                    "Signet could not read the " + what + " of the OpenID Connect provider at " + uri + ": "
                            + e.getMessage());
        }
    }

    private JsonNode json(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ServiceException(
                    "IDPCommunicationError",
                    400,
                    "The OpenID Connect provider's discovery document is not a JSON object.");
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static ServiceException unusable(URI issuer, String why) {
        return new ServiceException(
                "IDPCommunicationError",
                400,
                "The OpenID Connect provider at " + issuer + " cannot be used: " + why + ".");
    }
}
