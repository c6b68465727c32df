package dev.signet.core.format.lambdazip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.crypto.CertificateCache;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.Jose;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SignatureCheck;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The content of {@code META-INF/signet.sig}: a JWS (RFC 7515) in compact serialization, ES384,
 * whose protected header carries the certificate chain ({@code x5c}) and whose payload states the
 * SHA-384 digest and size of the original zip and the signature's metadata. Layout in {@code
 * docs/formats.md}. Parsing refuses unknown or missing members, other algorithms and types, more
 * than {@link #MAX_CERTIFICATES} certificates and tokens over {@link #MAX_LENGTH} bytes.
 */
final class LambdaZipToken {
    static final String TYPE = "signet-lambda-zip+jws";
    static final String FORMAT = "signet-lambda-zip-v1";
    static final int MAX_LENGTH = 256 * 1024;
    static final int MAX_CERTIFICATES = 8;
    private static final int P384_FIELD = 48;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HEADER = Set.of("alg", "typ", "x5c");
    private static final Set<String> CLAIMS = Set.of(
            "format", "digestAlgorithm", "digest", "size", "profileVersionArn", "jobArn", "signingTime", "expiresAt");

    private LambdaZipToken() {}

    /** What the token states about the original zip and the signature. */
    record Claims(
            byte[] digest,
            long size,
            String profileVersionArn,
            Optional<String> jobArn,
            Instant signingTime,
            Instant expiresAt) {
        Claims {
            digest = digest.clone();
            Objects.requireNonNull(profileVersionArn, "profileVersionArn");
            Objects.requireNonNull(jobArn, "jobArn");
            Objects.requireNonNull(signingTime, "signingTime");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }
    }

    /** A parsed token; {@link #signatureValid()} checks the ES384 signature with the leaf's key. */
    record Parsed(List<X509Certificate> chain, Claims claims, byte[] signingInput, byte[] signature) {
        boolean signatureValid() {
            if (!(chain.get(0).getPublicKey() instanceof ECPublicKey)) {
                return false;
            }
            byte[] der = toDer(signature);
            return der.length > 0
                    && SignatureCheck.of(
                                    chain.get(0), new SignatureAlgorithm(KeyAlgorithm.ECDSA_P384, HashAlgorithm.SHA384))
                            .verifies(signingInput, der);
        }
    }

    /** A token just made: its bytes and its JOSE signature value, checked with the leaf's key. */
    record Signed(byte[] block, byte[] signature) {}

    /** The base64url protected header a chain signs under, and a check with its leaf's key; per chain. */
    private record Header(String b64, SignatureCheck check) {}

    private static final int MAX_CACHED = 1024;
    private static final Map<List<X509Certificate>, Header> HEADERS = new ConcurrentHashMap<>();

    /**
     * Signs the claims with {@code key} and checks the signature value over the exact signing input
     * with the leaf certificate's key (on the provider {@link CryptoProviders} chooses).
     *
     * @throws FormatException when the chain cannot be encoded or the signature value does not verify
     */
    static Signed sign(SigningKey key, Claims claims) throws FormatException {
        Header header = header(key.chain());
        ObjectNode payload = JSON.createObjectNode();
        payload.put("format", FORMAT);
        payload.put("digestAlgorithm", "SHA-384");
        payload.put("digest", java.util.HexFormat.of().formatHex(claims.digest()));
        payload.put("size", claims.size());
        payload.put("profileVersionArn", claims.profileVersionArn());
        claims.jobArn().ifPresent(arn -> payload.put("jobArn", arn));
        payload.put("signingTime", claims.signingTime().toString());
        payload.put("expiresAt", claims.expiresAt().toString());
        String signingInput = header.b64() + "." + b64(bytes(payload));
        byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
        byte[] der = key.sign(HashAlgorithm.SHA384, input);
        if (!header.check().verifies(input, der)) {
            throw new FormatException("the signed zip failed its own verification: "
                    + "the ES384 signature does not verify with the signer certificate's key");
        }
        byte[] signature = toP1363(der);
        return new Signed((signingInput + "." + b64(signature)).getBytes(StandardCharsets.US_ASCII), signature);
    }

    private static Header header(List<X509Certificate> chain) throws FormatException {
        Header cached = HEADERS.get(chain);
        if (cached != null) {
            return cached;
        }
        ObjectNode header = JSON.createObjectNode();
        header.put("alg", "ES384");
        header.put("typ", TYPE);
        ArrayNode x5c = header.putArray("x5c");
        try {
            for (X509Certificate c : chain) {
                x5c.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            }
        } catch (CertificateException e) {
            throw new FormatException("cannot encode the signing certificate chain", e);
        }
        if (!(chain.get(0).getPublicKey() instanceof ECPublicKey)) {
            throw new FormatException("lambda-zip signs with ECDSA P-384 keys only; the certificate's key is not");
        }
        Header made = new Header(
                b64(bytes(header)),
                SignatureCheck.of(
                        chain.get(0).getPublicKey(),
                        new SignatureAlgorithm(KeyAlgorithm.ECDSA_P384, HashAlgorithm.SHA384)));
        if (HEADERS.size() >= MAX_CACHED) {
            HEADERS.clear();
        }
        HEADERS.put(List.copyOf(chain), made);
        return made;
    }

    static Parsed parse(byte[] token) throws FormatException {
        if (token.length > MAX_LENGTH) {
            throw new FormatException("the signature block is larger than " + MAX_LENGTH + " bytes");
        }
        String text = new String(token, StandardCharsets.US_ASCII);
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3) {
            throw new FormatException("the signature block is not a compact JWS (three dot-separated parts)");
        }
        JsonNode header = object(decode(parts[0], "header"), "header", HEADER);
        if (!"ES384".equals(header.path("alg").asText())
                || !TYPE.equals(header.path("typ").asText())) {
            throw new FormatException("the signature block is not an ES384 " + TYPE);
        }
        List<X509Certificate> chain = certificates(header.get("x5c"));
        JsonNode payload = object(decode(parts[1], "payload"), "payload", CLAIMS);
        if (!FORMAT.equals(text(payload, "format")) || !"SHA-384".equals(text(payload, "digestAlgorithm"))) {
            throw new FormatException("the signature block is not " + FORMAT + " over SHA-384");
        }
        byte[] digest;
        try {
            digest = java.util.HexFormat.of().parseHex(text(payload, "digest"));
        } catch (IllegalArgumentException e) {
            throw new FormatException("the stated digest is not hex");
        }
        JsonNode size = payload.get("size");
        if (digest.length != HashAlgorithm.SHA384.length()
                || size == null
                || !size.isIntegralNumber()
                || size.asLong() < 0) {
            throw new FormatException("the stated digest or size is malformed");
        }
        Optional<String> jobArn = payload.has("jobArn") ? Optional.of(text(payload, "jobArn")) : Optional.empty();
        Claims claims = new Claims(
                digest,
                size.asLong(),
                text(payload, "profileVersionArn"),
                jobArn,
                instant(payload, "signingTime"),
                instant(payload, "expiresAt"));
        byte[] signature = decode(parts[2], "signature");
        if (signature.length != 2 * P384_FIELD) {
            throw new FormatException("the ES384 signature is not " + 2 * P384_FIELD + " bytes");
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new Parsed(chain, claims, signingInput, signature);
    }

    private static JsonNode object(byte[] json, String what, Set<String> allowed) throws FormatException {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new FormatException("the signature block's " + what + " is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new FormatException("the signature block's " + what + " is not a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new FormatException("the signature block's " + what + " has an unknown member");
            }
        }
        return node;
    }

    private static List<X509Certificate> certificates(JsonNode x5c) throws FormatException {
        if (x5c == null || !x5c.isArray() || x5c.isEmpty() || x5c.size() > MAX_CERTIFICATES) {
            throw new FormatException("x5c must hold 1 to " + MAX_CERTIFICATES + " certificates");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (JsonNode c : x5c) {
                if (!c.isTextual()) {
                    throw new FormatException("x5c holds a non-string");
                }
                byte[] der = Base64.getDecoder().decode(c.asText());
                if (!java.util.Arrays.equals(
                        Base64.getEncoder().encode(der), c.asText().getBytes(StandardCharsets.US_ASCII))) {
                    throw new FormatException("x5c holds non-canonical base64");
                }
                chain.add(CertificateCache.parse(der));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new FormatException("x5c holds a malformed certificate");
        }
        return chain;
    }

    private static String text(JsonNode node, String field) throws FormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new FormatException("the signature block lacks " + field);
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field) throws FormatException {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new FormatException("the signature block's " + field + " is not an ISO-8601 instant");
        }
    }

    private static byte[] decode(String part, String what) throws FormatException {
        return Jose.decodeBase64Url(part)
                .orElseThrow(() ->
                        new FormatException("the signature block's " + what + " is not canonical unpadded base64url"));
    }

    private static String b64(byte[] bytes) {
        return Jose.base64Url(bytes);
    }

    private static byte[] bytes(JsonNode node) throws FormatException {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new FormatException("cannot encode the signature block", e);
        }
    }

    static byte[] toP1363(byte[] der) throws FormatException {
        try {
            return Jose.ecdsaDerToJose(der, P384_FIELD);
        } catch (IllegalArgumentException e) {
            throw new FormatException("the key produced a malformed ECDSA signature (is it a P-384 key?)");
        }
    }

    static byte[] toDer(byte[] p1363) {
        return Jose.ecdsaJoseToDer(p1363, P384_FIELD);
    }
}
