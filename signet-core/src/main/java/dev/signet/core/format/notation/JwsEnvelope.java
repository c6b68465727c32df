package dev.signet.core.format.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.format.FormatException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
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
 * {@code timestamp} is the {@link NotaryTimestamp#HEADER} value as received, unchecked.
 */
record JwsEnvelope(
        String protectedB64,
        String payloadB64,
        List<X509Certificate> x5c,
        String signatureB64,
        Optional<String> timestamp) {
    static final int MAX_BYTES = 1024 * 1024;
    private static final int MAX_CHAIN = 10;
    private static final Set<String> MEMBERS = Set.of("payload", "protected", "header", "signature");
    private static final Set<String> UNPROTECTED =
            Set.of("x5c", "io.cncf.notary.timestampSignature", "io.cncf.notary.signingAgent");

    JwsEnvelope {
        Objects.requireNonNull(protectedB64, "protectedB64");
        Objects.requireNonNull(payloadB64, "payloadB64");
        x5c = List.copyOf(x5c);
        Objects.requireNonNull(signatureB64, "signatureB64");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The JWS Signing Input: {@code ASCII(protected '.' payload)}. */
    byte[] signingInput() {
        return (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
    }

    byte[] toJson() {
        ObjectNode root = NotaryPayload.JSON.createObjectNode();
        root.put("payload", payloadB64);
        root.put("protected", protectedB64);
        ObjectNode header = root.putObject("header");
        ArrayNode chain = header.putArray("x5c");
        for (X509Certificate c : x5c) {
            try {
                chain.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("a certificate cannot be encoded", e);
            }
        }
        timestamp.ifPresent(t -> header.put(NotaryTimestamp.HEADER, t));
        root.put("signature", signatureB64);
        return root.toString().getBytes(StandardCharsets.UTF_8);
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

    private static List<X509Certificate> chain(JsonNode x5c) throws FormatException {
        if (x5c == null || !x5c.isArray() || x5c.isEmpty() || x5c.size() > MAX_CHAIN) {
            throw new FormatException("x5c must be an array of 1 to " + MAX_CHAIN + " certificates");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (JsonNode c : x5c) {
                if (!c.isTextual()) {
                    throw new FormatException("x5c entries must be base64 strings");
                }
                byte[] der = Base64.getDecoder().decode(c.textValue());
                if (!Base64.getEncoder().encodeToString(der).equals(c.textValue())) {
                    throw new FormatException("x5c entries must be canonical padded base64");
                }
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (IllegalArgumentException | CertificateException e) {
            throw new FormatException("x5c holds a certificate that does not parse");
        }
        return chain;
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
