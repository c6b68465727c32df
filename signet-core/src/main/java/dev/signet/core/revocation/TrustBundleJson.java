package dev.signet.core.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The trust bundle's payload (docs/formats.md, "Trust bundle"): {@code {"version":1,"createdAt":T,
 * "roots":[DER...],"timestampChain":[DER...],"revocationList":"<signed list>",
 * "certificateBindings":[{"certificateSha256":HEX,"profileVersionArns":[ARN...]}...]}} in that
 * member order; certificates as base64 DER; bindings sorted by fingerprint, ARNs sorted and unique.
 */
final class TrustBundleJson {
    static final int VERSION = 1;
    static final int MAX_ROOTS = 64;
    static final int MAX_TIMESTAMP_CHAIN = 8;
    static final int MAX_BINDINGS = 100_000;
    static final int MAX_ARNS_PER_BINDING = 1_000;
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final String WHAT = "the trust bundle payload";

    private TrustBundleJson() {}

    /** The payload as read, before the embedded list is verified. */
    record Payload(
            Instant createdAt,
            List<X509Certificate> roots,
            List<X509Certificate> timestampChain,
            byte[] signedRevocationList,
            Map<String, Set<String>> certificateBindings) {}

    static byte[] encode(Payload bundle) {
        Map<String, Set<String>> bindings = new TreeMap<>();
        bundle.certificateBindings().forEach((fingerprint, arns) -> {
            if (!FINGERPRINT.matcher(fingerprint).matches() || arns.isEmpty()) {
                throw new IllegalArgumentException(
                        "a certificate binding maps a lower-case hex SHA-256 fingerprint to profile version ARNs");
            }
            bindings.put(fingerprint, new TreeSet<>(arns));
        });
        String list = new String(bundle.signedRevocationList(), StandardCharsets.US_ASCII);
        return CanonicalJson.write(g -> {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("createdAt", CanonicalJson.time(bundle.createdAt()));
            g.writeArrayFieldStart("roots");
            for (X509Certificate c : bundle.roots()) {
                g.writeString(CanonicalJson.base64(c));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("timestampChain");
            for (X509Certificate c : bundle.timestampChain()) {
                g.writeString(CanonicalJson.base64(c));
            }
            g.writeEndArray();
            g.writeStringField("revocationList", list);
            g.writeArrayFieldStart("certificateBindings");
            for (Map.Entry<String, Set<String>> b : bindings.entrySet()) {
                g.writeStartObject();
                g.writeStringField("certificateSha256", b.getKey());
                g.writeArrayFieldStart("profileVersionArns");
                for (String arn : b.getValue()) {
                    g.writeString(arn);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static Payload decode(byte[] json) throws RevocationDataException {
        JsonNode root = CanonicalJson.object(
                CanonicalJson.parse(json, WHAT),
                WHAT,
                "version",
                "createdAt",
                "roots",
                "timestampChain",
                "revocationList",
                "certificateBindings");
        if (CanonicalJson.integer(root, "version", WHAT) != VERSION) {
            throw new RevocationDataException(WHAT + " has version " + root.get("version") + ", not " + VERSION);
        }
        Instant createdAt = CanonicalJson.instant(root, "createdAt", WHAT);
        List<X509Certificate> roots =
                CanonicalJson.certificates(CanonicalJson.array(root, "roots", WHAT, MAX_ROOTS), WHAT + ".roots");
        if (roots.isEmpty()) {
            throw new RevocationDataException(WHAT + ".roots is empty");
        }
        List<X509Certificate> tsa = CanonicalJson.certificates(
                CanonicalJson.array(root, "timestampChain", WHAT, MAX_TIMESTAMP_CHAIN), WHAT + ".timestampChain");
        JsonNode list = root.get("revocationList");
        if (!list.isTextual() || list.textValue().isEmpty()) {
            throw new RevocationDataException(WHAT + ".revocationList is not a non-empty string");
        }
        Map<String, Set<String>> bindings =
                bindings(CanonicalJson.array(root, "certificateBindings", WHAT, MAX_BINDINGS));
        Payload payload =
                new Payload(createdAt, roots, tsa, list.textValue().getBytes(StandardCharsets.UTF_8), bindings);
        CanonicalJson.requireCanonical(json, encode(payload), WHAT);
        return payload;
    }

    private static Map<String, Set<String>> bindings(List<JsonNode> nodes) throws RevocationDataException {
        String where = WHAT + ".certificateBindings[]";
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode n : nodes) {
            CanonicalJson.object(n, where, "certificateSha256", "profileVersionArns");
            String fingerprint = CanonicalJson.text(n, "certificateSha256", where);
            if (!FINGERPRINT.matcher(fingerprint).matches()) {
                throw new RevocationDataException(where + ".certificateSha256 is not 64 lower-case hex digits");
            }
            List<JsonNode> arnNodes = CanonicalJson.array(n, "profileVersionArns", where, MAX_ARNS_PER_BINDING);
            Set<String> arns = new LinkedHashSet<>();
            for (JsonNode a : arnNodes) {
                if (!a.isTextual() || a.textValue().isEmpty() || a.textValue().length() > CanonicalJson.MAX_TEXT) {
                    throw new RevocationDataException(where + ".profileVersionArns holds a value that is not an ARN");
                }
                if (!arns.add(a.textValue())) {
                    throw new RevocationDataException(where + ".profileVersionArns lists an ARN twice");
                }
            }
            if (arns.isEmpty()) {
                throw new RevocationDataException(where + ".profileVersionArns is empty");
            }
            if (out.put(fingerprint, Set.copyOf(arns)) != null) {
                throw new RevocationDataException(where + " binds certificate " + fingerprint + " twice");
            }
        }
        return out;
    }
}
