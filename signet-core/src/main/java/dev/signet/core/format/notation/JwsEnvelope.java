package dev.signet.core.format.notation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.core.format.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A JWS in flattened JSON serialization (RFC 7515 section 7.2.2) as the Notary Project uses it:
 * members exactly {@code payload}, {@code protected}, {@code header}, {@code signature}; the
 * unprotected {@code header} holds {@code x5c} (1 to 10 base64 DER certificates, signer first) and
 * optionally {@code io.cncf.notary.timestampSignature} and {@code io.cncf.notary.signingAgent}
 * (strings). The base64url members are kept as received: the signing input is rebuilt from them.
 * {@code timestamp} is the {@link NotaryTimestamp#HEADER} value as received, unchecked; {@code x5c}
 * is parsed through {@link NotaryChain}, once per distinct chain.
 */
record JwsEnvelope(
        String protectedB64, String payloadB64, NotaryChain x5c, String signatureB64, Optional<String> timestamp) {
    static final int MAX_BYTES = 1024 * 1024;
    private static final Set<String> MEMBERS = Set.of("payload", "protected", "header", "signature");
    private static final Set<String> UNPROTECTED =
            Set.of("x5c", "io.cncf.notary.timestampSignature", "io.cncf.notary.signingAgent");

    JwsEnvelope {
        Objects.requireNonNull(protectedB64, "protectedB64");
        Objects.requireNonNull(payloadB64, "payloadB64");
        Objects.requireNonNull(x5c, "x5c");
        Objects.requireNonNull(signatureB64, "signatureB64");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The JWS Signing Input: {@code ASCII(protected '.' payload)}. */
    byte[] signingInput() {
        return (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The compact JSON of the envelope, members in the order above. Written directly: every value is
     * base64 or base64url, which JSON carries without escapes.
     */
    byte[] toJson() {
        StringBuilder json = new StringBuilder(protectedB64.length()
                + payloadB64.length()
                + signatureB64.length()
                + 2048 * x5c.x5c().size()
                + 128);
        json.append("{\"payload\":\"").append(payloadB64);
        json.append("\",\"protected\":\"").append(protectedB64);
        json.append("\",\"header\":{\"x5c\":[");
        for (int i = 0; i < x5c.x5c().size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(x5c.x5c().get(i)).append('"');
        }
        json.append(']');
        timestamp.ifPresent(t -> json.append(",\"")
                .append(NotaryTimestamp.HEADER)
                .append("\":\"")
                .append(t)
                .append('"'));
        json.append("},\"signature\":\"").append(signatureB64).append("\"}");
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static JwsEnvelope parse(byte[] json) throws FormatException {
        if (json.length > MAX_BYTES) {
            throw new FormatException("a Notary JWS envelope is at most " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = NotaryPayload.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new FormatException("the JWS envelope is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new FormatException("the JWS envelope is not a JSON object");
        }
        requireOnly(root, MEMBERS, "the JWS envelope");
        JsonNode header = root.get("header");
        if (header == null || !header.isObject()) {
            throw new FormatException("the JWS envelope has no unprotected header object");
        }
        requireOnly(header, UNPROTECTED, "the unprotected header");
        for (String optional : List.of("io.cncf.notary.timestampSignature", "io.cncf.notary.signingAgent")) {
            if (header.has(optional) && !header.get(optional).isTextual()) {
                throw new FormatException(optional + " must be a string");
            }
        }
        return new JwsEnvelope(
                string(root, "protected"),
                string(root, "payload"),
                chain(header.get("x5c")),
                string(root, "signature"),
                Optional.ofNullable(header.get(NotaryTimestamp.HEADER)).map(JsonNode::textValue));
    }

    private static NotaryChain chain(JsonNode x5c) throws FormatException {
        if (x5c == null || !x5c.isArray() || x5c.isEmpty() || x5c.size() > NotaryChain.MAX_CHAIN) {
            throw new FormatException("x5c must be an array of 1 to " + NotaryChain.MAX_CHAIN + " certificates");
        }
        List<String> entries = new ArrayList<>(x5c.size());
        for (JsonNode c : x5c) {
            if (!c.isTextual()) {
                throw new FormatException("x5c entries must be base64 strings");
            }
            entries.add(c.textValue());
        }
        return NotaryChain.parse(entries);
    }

    private static void requireOnly(JsonNode node, Set<String> allowed, String what) throws FormatException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new FormatException(what + " has an unknown member " + OciDescriptor.shorten(name));
            }
        }
    }

    private static String string(JsonNode root, String name) throws FormatException {
        JsonNode v = root.get(name);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw new FormatException("the JWS envelope's " + name + " must be a non-empty string");
        }
        return v.textValue();
    }
}
