package dev.signet.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code verify-signature} request Notation sends a verification plugin for a JWS envelope,
 * built as Notation builds it, independently of Signet's own parser: what notation-core-go's JWS
 * envelope parser ({@code signature/jws/jws.go}: {@code parseProtectedHeaders}, {@code
 * validateProtectedHeaders}, {@code validateCriticalHeaders}, {@code getExtendedAttributes}) and
 * notation-go's verifier ({@code verifier/helpers.go} {@code getVerificationPlugin}, {@code
 * getNonPluginExtendedCriticalAttributes}; {@code verifier/verifier.go} {@code executePlugin}) do,
 * and the plugin contract of {@code specs/plugin-extensibility.md} ("Populate verify-signature
 * request").
 *
 * <p>{@code extendedAttributes} holds every extended attribute except the two plugin headers, as
 * notation-go passes them (the specification names only the critical ones; in an envelope whose
 * extended attributes are all critical both readings agree). {@code critical} says which extended
 * attributes the envelope marks critical.
 */
public record NotationPluginRequest(
        String contentType,
        String signingScheme,
        Optional<Instant> expiry,
        Optional<Instant> authenticSigningTime,
        Map<String, Object> extendedAttributes,
        List<String> unprocessedAttributes,
        List<byte[]> certificateChain,
        Optional<String> verificationPlugin,
        Set<String> critical) {
    public static final String VERIFICATION_PLUGIN = "io.cncf.notary.verificationPlugin";
    public static final String VERIFICATION_PLUGIN_MIN_VERSION = "io.cncf.notary.verificationPluginMinVersion";

    /** notation-core-go's {@code headerKeys}: the headers that are not extended attributes. */
    static final Set<String> STANDARD_HEADERS = Set.of(
            "alg",
            "cty",
            "crit",
            "io.cncf.notary.expiry",
            "io.cncf.notary.signingTime",
            "io.cncf.notary.signingScheme",
            "io.cncf.notary.authenticSigningTime");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Notation refused the envelope before any plugin ran (message as Notation words it). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** The request Notation would build for {@code envelope}. */
    public static NotationPluginRequest of(byte[] envelope) throws Refused {
        JsonNode root = read(envelope);
        JsonNode header =
                read(Base64.getUrlDecoder().decode(root.path("protected").asText()));
        String scheme = header.path("io.cncf.notary.signingScheme").asText();
        boolean authority = scheme.equals("notary.x509.signingAuthority");
        if (!authority && !scheme.equals("notary.x509")) {
            throw new Refused("unsupported SigningScheme: `" + scheme + "`");
        }
        if (authority && header.has("io.cncf.notary.signingTime")) {
            throw new Refused("\"io.cncf.notary.signingTime\" header must not be present for " + scheme);
        }
        if (authority && !header.has("io.cncf.notary.authenticSigningTime")) {
            throw new Refused("\"io.cncf.notary.authenticSigningTime\" header must be present for " + scheme);
        }
        if (!authority && header.has("io.cncf.notary.authenticSigningTime")) {
            throw new Refused("\"io.cncf.notary.authenticSigningTime\" header must not be present for " + scheme);
        }
        Map<String, Object> extended = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!STANDARD_HEADERS.contains(e.getKey())) {
                extended.put(e.getKey(), primitive(e.getKey(), e.getValue()));
            }
        }
        List<String> crit = new ArrayList<>();
        header.path("crit").forEach(n -> crit.add(n.asText()));
        validateCritical(header, crit, extended, authority);
        Set<String> critical = new java.util.TreeSet<>(crit);
        critical.retainAll(extended.keySet());
        Optional<String> plugin = criticalString(extended, critical, VERIFICATION_PLUGIN);
        criticalString(extended, critical, VERIFICATION_PLUGIN_MIN_VERSION);
        Map<String, Object> forPlugin = new LinkedHashMap<>(extended);
        forPlugin.remove(VERIFICATION_PLUGIN);
        forPlugin.remove(VERIFICATION_PLUGIN_MIN_VERSION);
        List<byte[]> chain = new ArrayList<>();
        root.path("header")
                .path("x5c")
                .forEach(c -> chain.add(Base64.getDecoder().decode(c.asText())));
        return new NotationPluginRequest(
                header.path("cty").asText(),
                scheme,
                time(header, "io.cncf.notary.expiry"),
                authority ? time(header, "io.cncf.notary.authenticSigningTime") : Optional.empty(),
                forPlugin,
                List.copyOf(forPlugin.keySet()),
                chain,
                plugin,
                critical);
    }

    /** notation-core-go's {@code validateCriticalHeaders}. */
    private static void validateCritical(
            JsonNode header, List<String> crit, Map<String, Object> extended, boolean authority) throws Refused {
        if (crit.isEmpty()) {
            throw new Refused("missing \"crit\" header");
        }
        Set<String> must = new java.util.TreeSet<>(List.of("io.cncf.notary.signingScheme"));
        if (header.has("io.cncf.notary.expiry")) {
            must.add("io.cncf.notary.expiry");
        }
        if (authority) {
            must.add("io.cncf.notary.authenticSigningTime");
        }
        for (String name : crit) {
            if (!must.remove(name) && !extended.containsKey(name)) {
                throw new Refused("\"" + name + "\" header is marked critical but not present");
            }
        }
        if (!must.isEmpty()) {
            throw new Refused("these required headers are not marked as critical: " + must);
        }
    }

    /** notation-go's {@code extractCriticalStringExtendedAttribute}: absent, or critical and a non-blank string. */
    private static Optional<String> criticalString(Map<String, Object> extended, Set<String> critical, String key)
            throws Refused {
        if (!extended.containsKey(key)) {
            return Optional.empty();
        }
        if (!critical.contains(key)) {
            throw new Refused(key + " is not a critical Extended attribute");
        }
        if (!(extended.get(key) instanceof String s)) {
            throw new Refused(key + " from extended attribute is not a string");
        }
        if (s.isBlank()) {
            throw new Refused(key + " from extended attribute is an empty string");
        }
        return Optional.of(s);
    }

    /** The plugin contract passes only JSON primitives (string, number, boolean, null). */
    private static Object primitive(String key, JsonNode value) throws Refused {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNull()) {
            return null;
        }
        throw new Refused(key + " is not a JSON primitive");
    }

    private static Optional<Instant> time(JsonNode header, String name) throws Refused {
        if (!header.has(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(header.get(name).asText()).toInstant());
        } catch (DateTimeParseException e) {
            throw new Refused(name + " is not an RFC 3339 time");
        }
    }

    private static JsonNode read(byte[] json) throws Refused {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new Refused("not JSON: " + e.getMessage());
        }
    }
}
