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
import java.util.TreeSet;

/**
 * The protected header of a Notary Project JWS envelope, as Signet emits and accepts it. Emitted in
 * this order: {@code alg}, {@code cty}, {@code crit}, {@code io.cncf.notary.signingScheme} (always
 * {@code notary.x509.signingAuthority}), {@code io.cncf.notary.authenticSigningTime}, {@code
 * io.cncf.notary.expiry}, {@code io.cncf.notary.verificationPlugin} (when the AWS Signer plugin is
 * named), {@code com.amazonaws.signer.signingProfileVersion} and {@code
 * com.amazonaws.signer.signingJob}; {@code crit} lists the scheme, the times, the plugin and, when
 * {@link #criticalArns}, the two ARNs, in that order. Times are RFC 3339 UTC without fractional
 * seconds.
 *
 * <p>{@link #parse} accepts the three shapes Signet has issued (docs/formats.md, notation-jws): the
 * first one (ARNs critical, no plugin), the plugin one (ARNs and plugin critical) and the portable
 * one (ARNs absent or not critical, no plugin). It refuses: a non-object, duplicate or unknown
 * headers ({@code io.cncf.notary.verificationPluginMinVersion} included), {@code cty} other than
 * the Notary payload type, {@code crit} missing, empty, repeated, naming a registered, absent or
 * non-understood header, or leaving out the scheme, a time, the expiry or the plugin; one ARN
 * critical and the other not; a plugin other than {@value #AWS_SIGNER_PLUGIN} (Signet cannot do
 * another plugin's checks), or that plugin without both ARNs critical or under another scheme; a
 * scheme other than {@code notary.x509} (needs {@code signingTime}, forbids {@code
 * authenticSigningTime}) or {@code notary.x509.signingAuthority} (the reverse); unparseable times;
 * an expiry not after the signing time.
 */
record NotaryHeaders(
        String alg,
        String signingScheme,
        Instant signingTime,
        Optional<Instant> expiry,
        Optional<String> profileVersionArn,
        Optional<String> jobArn,
        Optional<String> verificationPlugin,
        boolean criticalArns) {
    static final String SCHEME_AUTHORITY = "notary.x509.signingAuthority";
    static final String SCHEME_X509 = "notary.x509";
    static final String SCHEME = "io.cncf.notary.signingScheme";
    static final String SIGNING_TIME = "io.cncf.notary.signingTime";
    static final String AUTHENTIC_TIME = "io.cncf.notary.authenticSigningTime";
    static final String EXPIRY = "io.cncf.notary.expiry";
    static final String VERIFICATION_PLUGIN = "io.cncf.notary.verificationPlugin";
    static final String VERIFICATION_PLUGIN_MIN_VERSION = "io.cncf.notary.verificationPluginMinVersion";
    static final String PROFILE_VERSION = "com.amazonaws.signer.signingProfileVersion";
    static final String JOB = "com.amazonaws.signer.signingJob";
    /** The name of the AWS Signer Notation plugin ({@code aws/aws-signer-notation-plugin}). */
    static final String AWS_SIGNER_PLUGIN = "com.amazonaws.signer.notation.plugin";

    private static final Set<String> REGISTERED = Set.of("alg", "cty", "crit");
    /** Critical whenever present. */
    private static final Set<String> ALWAYS_CRITICAL = Set.of(SCHEME, AUTHENTIC_TIME, EXPIRY, VERIFICATION_PLUGIN);

    private static final Set<String> ARNS = Set.of(PROFILE_VERSION, JOB);
    private static final Set<String> KNOWN =
            Set.of(SCHEME, SIGNING_TIME, AUTHENTIC_TIME, EXPIRY, VERIFICATION_PLUGIN, PROFILE_VERSION, JOB);

    NotaryHeaders {
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(signingScheme, "signingScheme");
        Objects.requireNonNull(signingTime, "signingTime");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(profileVersionArn, "profileVersionArn");
        Objects.requireNonNull(jobArn, "jobArn");
        Objects.requireNonNull(verificationPlugin, "verificationPlugin");
    }

    /** The headers of a new envelope in {@code style}. */
    static NotaryHeaders of(
            EnvelopeStyle style,
            String alg,
            Instant signingTime,
            Instant expiry,
            String profileVersionArn,
            Optional<String> jobArn) {
        boolean plugin = style == EnvelopeStyle.PLUGIN;
        return new NotaryHeaders(
                alg,
                SCHEME_AUTHORITY,
                signingTime,
                Optional.of(expiry),
                Optional.of(profileVersionArn),
                jobArn,
                plugin ? Optional.of(AWS_SIGNER_PLUGIN) : Optional.empty(),
                plugin);
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
        verificationPlugin.ifPresent(p -> crit.add(VERIFICATION_PLUGIN));
        if (criticalArns) {
            profileVersionArn.ifPresent(p -> crit.add(PROFILE_VERSION));
            jobArn.ifPresent(j -> crit.add(JOB));
        }
        h.put(SCHEME, signingScheme);
        h.put(AUTHENTIC_TIME, rfc3339(signingTime));
        expiry.ifPresent(e -> h.put(EXPIRY, rfc3339(e)));
        verificationPlugin.ifPresent(p -> h.put(VERIFICATION_PLUGIN, p));
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
            if (name.equals(VERIFICATION_PLUGIN_MIN_VERSION)) {
                throw new FormatException(VERIFICATION_PLUGIN_MIN_VERSION + " is not supported");
            }
            if (!REGISTERED.contains(name) && !KNOWN.contains(name)) {
                throw new FormatException("unknown protected header " + OciDescriptor.shorten(name));
            }
            present.add(name);
        }
        String alg = text(h, "alg");
        if (!NotaryPayload.MEDIA_TYPE.equals(text(h, "cty"))) {
            throw new FormatException("cty must be " + NotaryPayload.MEDIA_TYPE);
        }
        Set<String> crit = crit(h.get("crit"), present);
        Set<String> required = new TreeSet<>(present);
        required.retainAll(ALWAYS_CRITICAL);
        if (!crit.containsAll(required)) {
            required.removeAll(crit);
            throw new FormatException("crit must list the critical headers present; it leaves out " + required);
        }
        Set<String> arns = new TreeSet<>(present);
        arns.retainAll(ARNS);
        boolean criticalArns = !arns.isEmpty() && crit.containsAll(arns);
        if (!criticalArns && arns.stream().anyMatch(crit::contains)) {
            throw new FormatException("crit must list both ARN headers or neither");
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
        Optional<String> plugin = present.contains(VERIFICATION_PLUGIN)
                ? Optional.of(plugin(text(h, VERIFICATION_PLUGIN), scheme, arns.size() == 2 && criticalArns))
                : Optional.empty();
        return new NotaryHeaders(alg, scheme, signingTime, expiry, profile, job, plugin, criticalArns);
    }

    /**
     * The named verification plugin, when Signet can perform its checks itself (the specification's
     * rule for verifiers that run no plugins): only the AWS Signer plugin, whose checks need both ARNs
     * and the signing-authority scheme.
     */
    private static String plugin(String name, String scheme, boolean bothArnsCritical) throws FormatException {
        if (!AWS_SIGNER_PLUGIN.equals(name)) {
            throw new FormatException("the envelope requires verification plugin " + OciDescriptor.shorten(name)
                    + ", whose checks Signet cannot perform");
        }
        if (!SCHEME_AUTHORITY.equals(scheme)) {
            throw new FormatException(AWS_SIGNER_PLUGIN + " verifies only the " + SCHEME_AUTHORITY + " scheme");
        }
        if (!bothArnsCritical) {
            throw new FormatException(
                    AWS_SIGNER_PLUGIN + " needs critical " + PROFILE_VERSION + " and " + JOB + " headers");
        }
        return name;
    }

    private static Set<String> crit(JsonNode node, Set<String> present) throws FormatException {
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
            if (!ALWAYS_CRITICAL.contains(name) && !ARNS.contains(name)) {
                throw new FormatException(
                        "crit names a header Signet does not understand as critical: " + OciDescriptor.shorten(name));
            }
            if (!present.contains(name)) {
                throw new FormatException("crit names " + name + ", which is not present");
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
