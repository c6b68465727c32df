package dev.signet.core.format.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.format.FormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The protected header of a Notary Project JWS envelope, as Signet emits and accepts it. Emitted in
 * this order: {@code alg}, {@code cty}, {@code crit}, {@code io.cncf.notary.signingScheme} (always
 * {@code notary.x509.signingAuthority}), {@code io.cncf.notary.authenticSigningTime}, {@code
 * io.cncf.notary.expiry}, {@code com.amazonaws.signer.signingProfileVersion} and {@code
 * com.amazonaws.signer.signingJob}; all but alg/cty/crit are critical. Times are RFC 3339 UTC
 * without fractional seconds.
 *
 * <p>{@link #parse} refuses: a non-object, duplicate or unknown headers, {@code cty} other than the
 * Notary payload type, {@code crit} missing, empty, repeated, naming a registered or absent header,
 * or not naming exactly the critical headers present; a scheme other than {@code notary.x509}
 * (needs {@code signingTime}, forbids {@code authenticSigningTime}) or {@code
 * notary.x509.signingAuthority} (the reverse); unparseable times; an expiry not after the signing
 * time.
 */
record NotaryHeaders(
        String alg,
        String signingScheme,
        Instant signingTime,
        Optional<Instant> expiry,
        Optional<String> profileVersionArn,
        Optional<String> jobArn) {
    static final String SCHEME_AUTHORITY = "notary.x509.signingAuthority";
    static final String SCHEME_X509 = "notary.x509";
    static final String SCHEME = "io.cncf.notary.signingScheme";
    static final String SIGNING_TIME = "io.cncf.notary.signingTime";
    static final String AUTHENTIC_TIME = "io.cncf.notary.authenticSigningTime";
    static final String EXPIRY = "io.cncf.notary.expiry";
    static final String PROFILE_VERSION = "com.amazonaws.signer.signingProfileVersion";
    static final String JOB = "com.amazonaws.signer.signingJob";
    private static final Set<String> REGISTERED = Set.of("alg", "cty", "crit");
    private static final Set<String> CRITICAL = Set.of(SCHEME, AUTHENTIC_TIME, EXPIRY, PROFILE_VERSION, JOB);
    private static final Set<String> KNOWN = Set.of(SCHEME, SIGNING_TIME, AUTHENTIC_TIME, EXPIRY, PROFILE_VERSION, JOB);

    NotaryHeaders {
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(signingScheme, "signingScheme");
        Objects.requireNonNull(signingTime, "signingTime");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(profileVersionArn, "profileVersionArn");
        Objects.requireNonNull(jobArn, "jobArn");
    }

    /** The UTF-8 JSON of the protected header (signing scheme notary.x509.signingAuthority). */
    byte[] toJson() {
        ObjectNode h = NotaryPayload.JSON.createObjectNode();
        h.put("alg", alg);
        h.put("cty", NotaryPayload.MEDIA_TYPE);
        ArrayNode crit = h.putArray("crit");
        crit.add(SCHEME);
        crit.add(AUTHENTIC_TIME);
        expiry.ifPresent(e -> crit.add(EXPIRY));
        profileVersionArn.ifPresent(p -> crit.add(PROFILE_VERSION));
        jobArn.ifPresent(j -> crit.add(JOB));
        h.put(SCHEME, signingScheme);
        h.put(AUTHENTIC_TIME, rfc3339(signingTime));
        expiry.ifPresent(e -> h.put(EXPIRY, rfc3339(e)));
        profileVersionArn.ifPresent(p -> h.put(PROFILE_VERSION, p));
        jobArn.ifPresent(j -> h.put(JOB, j));
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String rfc3339(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static NotaryHeaders parse(byte[] json) throws FormatException {
        JsonNode h;
        try {
            h = NotaryPayload.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new FormatException("the protected header is not JSON");
        }
        if (h == null || !h.isObject()) {
            throw new FormatException("the protected header is not a JSON object");
        }
        Set<String> present = new HashSet<>();
        for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!REGISTERED.contains(name) && !KNOWN.contains(name)) {
                throw new FormatException("unknown protected header " + OciDescriptor.shorten(name));
            }
            present.add(name);
        }
        String alg = text(h, "alg");
        if (!NotaryPayload.MEDIA_TYPE.equals(text(h, "cty"))) {
            throw new FormatException("cty must be " + NotaryPayload.MEDIA_TYPE);
        }
        Set<String> crit = crit(h.get("crit"));
        Set<String> criticalPresent = new HashSet<>(present);
        criticalPresent.retainAll(CRITICAL);
        if (!crit.equals(criticalPresent)) {
            throw new FormatException(
                    "crit must list exactly the critical headers present " + criticalPresent + ", got " + crit);
        }
        String scheme = text(h, SCHEME);
        Instant signingTime;
        if (SCHEME_AUTHORITY.equals(scheme)) {
            if (present.contains(SIGNING_TIME)) {
                throw new FormatException(SCHEME_AUTHORITY + " forbids " + SIGNING_TIME);
            }
            signingTime = time(h, AUTHENTIC_TIME);
        } else if (SCHEME_X509.equals(scheme)) {
            if (present.contains(AUTHENTIC_TIME)) {
                throw new FormatException(SCHEME_X509 + " forbids " + AUTHENTIC_TIME);
            }
            signingTime = time(h, SIGNING_TIME);
        } else {
            throw new FormatException("unsupported signing scheme " + OciDescriptor.shorten(scheme));
        }
        Optional<Instant> expiry = present.contains(EXPIRY) ? Optional.of(time(h, EXPIRY)) : Optional.empty();
        if (expiry.isPresent() && !expiry.get().isAfter(signingTime)) {
            throw new FormatException("the expiry is not after the signing time");
        }
        Optional<String> profile =
                present.contains(PROFILE_VERSION) ? Optional.of(text(h, PROFILE_VERSION)) : Optional.empty();
        Optional<String> job = present.contains(JOB) ? Optional.of(text(h, JOB)) : Optional.empty();
        return new NotaryHeaders(alg, scheme, signingTime, expiry, profile, job);
    }

    private static Set<String> crit(JsonNode node) throws FormatException {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new FormatException("crit must be a non-empty array");
        }
        Set<String> crit = new LinkedHashSet<>();
        List<String> all = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new FormatException("crit must list header names");
            }
            all.add(n.textValue());
            crit.add(n.textValue());
        }
        if (crit.size() != all.size()) {
            throw new FormatException("crit lists a header twice");
        }
        for (String name : crit) {
            if (!CRITICAL.contains(name)) {
                throw new FormatException(
                        "crit names a header Signet does not understand as critical: " + OciDescriptor.shorten(name));
            }
        }
        return crit;
    }

    private static String text(JsonNode h, String name) throws FormatException {
        JsonNode v = h.get(name);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw new FormatException("protected header " + name + " must be a non-empty string");
        }
        return v.textValue();
    }

    private static Instant time(JsonNode h, String name) throws FormatException {
        String value = text(h, name);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new FormatException(name + " is not an RFC 3339 time");
        }
    }
}
