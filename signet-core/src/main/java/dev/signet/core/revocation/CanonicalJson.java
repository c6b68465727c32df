package dev.signet.core.revocation;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JSON of revocation data: written by Jackson with members in a fixed order, no whitespace,
 * UTF-8, times as RFC 3339 UTC with milliseconds ({@code 2026-11-27T07:00:00.000Z}); read strictly
 * (duplicate and unknown members, trailing data and wrong types refused). Readers also compare the
 * document with its re-encoding, so each accepted document has exactly one byte form.
 */
final class CanonicalJson {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern TIME_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    static final int MAX_TEXT = 2048;

    private CanonicalJson() {}

    /** Writes one JSON document with {@code body} and returns its UTF-8 bytes. */
    static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static String time(Instant t) {
        return TIME.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    static String base64(X509Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("a certificate cannot be encoded", e);
        }
    }

    static JsonNode parse(byte[] json, String what) throws RevocationDataException {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new RevocationDataException(what + " is not strict JSON: " + oneLine(e), e);
        }
    }

    /** Checks {@code node} is an object with exactly {@code members}. */
    static JsonNode object(JsonNode node, String what, String... members) throws RevocationDataException {
        if (node == null || !node.isObject()) {
            throw new RevocationDataException(what + " is not a JSON object");
        }
        List<String> expected = Arrays.asList(members);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.contains(name)) {
                throw new RevocationDataException(what + " has an unknown member " + quote(name));
            }
        }
        for (String m : members) {
            if (!node.has(m)) {
                throw new RevocationDataException(what + " lacks the member \"" + m + "\"");
            }
        }
        return node;
    }

    static String text(JsonNode object, String member, String what) throws RevocationDataException {
        JsonNode v = object.get(member);
        if (v == null
                || !v.isTextual()
                || v.textValue().isEmpty()
                || v.textValue().length() > MAX_TEXT) {
            throw new RevocationDataException(
                    what + "." + member + " is not a string of 1 to " + MAX_TEXT + " characters");
        }
        return v.textValue();
    }

    static Instant instant(JsonNode object, String member, String what) throws RevocationDataException {
        String text = text(object, member, what);
        try {
            if (TIME_TEXT.matcher(text).matches()) {
                return Instant.parse(text);
            }
        } catch (DateTimeParseException e) {
            // the right shape but no such time (month 13): refused below
        }
        throw new RevocationDataException(what + "." + member + " is not an RFC 3339 UTC time with milliseconds");
    }

    static int integer(JsonNode object, String member, String what) throws RevocationDataException {
        JsonNode v = object.get(member);
        if (v == null || !v.isInt()) {
            throw new RevocationDataException(what + "." + member + " is not an integer");
        }
        return v.intValue();
    }

    static List<JsonNode> array(JsonNode object, String member, String what, int max) throws RevocationDataException {
        JsonNode v = object.get(member);
        if (v == null || !v.isArray()) {
            throw new RevocationDataException(what + "." + member + " is not an array");
        }
        if (v.size() > max) {
            throw new RevocationDataException(what + "." + member + " has more than " + max + " entries");
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    /** Certificates as an array of base64 (standard alphabet, padded) DER strings. */
    static List<X509Certificate> certificates(List<JsonNode> values, String what) throws RevocationDataException {
        List<X509Certificate> out = new ArrayList<>();
        for (JsonNode v : values) {
            if (!v.isTextual()) {
                throw new RevocationDataException(what + " holds a non-string certificate");
            }
            out.add(certificate(v.textValue(), what));
        }
        return List.copyOf(out);
    }

    private static X509Certificate certificate(String text, String what) throws RevocationDataException {
        try {
            byte[] der = Base64.getDecoder().decode(text);
            if (!Base64.getEncoder().encodeToString(der).equals(text)) {
                throw new RevocationDataException(what + " holds a certificate that is not canonical base64");
            }
            X509Certificate c = dev.signet.core.ca.Pem.certificate(der);
            if (!Arrays.equals(c.getEncoded(), der)) {
                throw new RevocationDataException(what + " holds a certificate that is not plain DER");
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new RevocationDataException(what + " holds a certificate that is not base64");
        } catch (CertificateException e) {
            throw new RevocationDataException(what + " holds a malformed certificate: " + oneLine(e));
        }
    }

    /** Refuses a document that is not byte for byte its own canonical encoding. */
    static void requireCanonical(byte[] actual, byte[] canonical, String what) throws RevocationDataException {
        if (!Arrays.equals(actual, canonical)) {
            throw new RevocationDataException(
                    what + " is not in canonical form (member order, spacing, escaping or time format differ)");
        }
    }

    static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return "\"" + shown.replaceAll("[\\p{Cntrl}]", "?") + "\"";
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("[\\r\\n]+", " ");
        return m.length() > 160 ? m.substring(0, 160) + "..." : m;
    }
}
