package dev.signet.core.format.notation;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.tsa.TimestampException;
import dev.signet.core.tsa.VerifiedToken;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Notary Project JWS signature envelopes (flattened JSON serialization) for the platform
 * Notation-OCI-SHA384-ECDSA, signing scheme {@code notary.x509.signingAuthority}. The subject is a
 * {@link Subject.Payload} of type {@value NotaryPayload#MEDIA_TYPE}: the Notary payload naming the
 * target artifact's OCI descriptor. The layout is specified in {@code docs/formats.md}. The
 * profile's signing parameter {@value EnvelopeStyle#PARAMETER} picks the {@link EnvelopeStyle}: by
 * default the envelope names the AWS Signer Notation plugin as AWS Signer's do (when the metadata has
 * a job ARN, which the plugin's revocation check needs; without one the envelope is portable); {@code
 * portable} carries no non-standard critical header.
 *
 * <p>Signs with ECDSA P-256 (ES256) or P-384 (ES384) keys; refuses RSA (the Notary Project requires
 * RSASSA-PSS, which the key backends do not offer) and Ed25519. Verification checks the envelope's
 * structure and header rules ({@link JwsEnvelope}, {@link NotaryHeaders}: envelopes of every style
 * Signet has issued, with or without the plugin header), that {@code alg} matches
 * the leaf certificate's key, the signature over the signing input, and that the signed descriptor
 * equals the subject's (media type, digest, size), and, when the envelope carries {@link
 * NotaryTimestamp#HEADER}, that its RFC 3161 token is valid and covers the signature value (reported
 * as {@link SignatureEvidence#timestamp()}; a request with a timestamper gets one); an expiry in the past is the Verifier's to judge
 * (and the CLI's). Stateless, thread-safe.
 */
public final class NotationJwsFormat implements SignatureFormat {
    public static final String ID = "notation-jws";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> platformIds() {
        return Set.of("Notation-OCI-SHA384-ECDSA");
    }

    @Override
    public Optional<String> payloadFormat() {
        return Optional.of(NotaryPayload.MEDIA_TYPE);
    }

    /** Takes {@value EnvelopeStyle#PARAMETER} ({@link EnvelopeStyle}) and no other {@code signet:} key. */
    @Override
    public void checkSigningParameters(Map<String, String> parameters) throws FormatException {
        EnvelopeStyle.of(parameters);
    }

    /**
     * True for {@link EnvelopeStyle#PORTABLE} profiles: their verifiers run no plugin and check
     * revocation with the certificate's CRL; plugin-style envelopes are checked through
     * GetRevocationStatus by the AWS Signer plugin instead.
     */
    @Override
    public boolean namesCrlDistributionPoint(Map<String, String> parameters) throws FormatException {
        return EnvelopeStyle.of(parameters) == EnvelopeStyle.PORTABLE;
    }

    @Override
    public boolean detect(byte[] head) {
        String s = new String(head, 0, Math.min(head.length, 256), StandardCharsets.UTF_8).stripLeading();
        return s.startsWith("{") && (s.contains("\"payload\"") || s.contains("\"protected\""));
    }

    /**
     * Signs, time-stamps when the request has a timestamper, and checks the signature value over the
     * exact signing input with the leaf certificate's key (the token comes back checked from {@link
     * dev.signet.core.tsa.Timestamper#timestampVerified}) instead of parsing the envelope back; the
     * evidence is what {@link #verify} reports for the output.
     */
    @Override
    public SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        Subject.Payload subject = payloadOf(request.subject());
        NotaryPayload.parse(subject.bytes());
        KeyAlgorithm key = request.key().handle().algorithm();
        JwsAlgorithm alg = JwsAlgorithm.forKey(key)
                .orElseThrow(
                        () -> new FormatException("notation-jws signs with ECDSA P-256 or P-384 keys, not " + key));
        Instant signingTime = request.metadata().signingTime().truncatedTo(ChronoUnit.SECONDS);
        Instant expiry = request.metadata().expiresAt().truncatedTo(ChronoUnit.SECONDS);
        if (!expiry.isAfter(signingTime)) {
            throw new FormatException("the signature would expire within the second it is made");
        }
        NotaryChain chain = NotaryChain.of(request.key().chain());
        if (chain.disorder().isPresent()) {
            throw new FormatException("the new Notary envelope failed its own verification: "
                    + chain.disorder().get());
        }
        if (chain.algorithm().orElse(null) != alg) {
            throw new FormatException("the new Notary envelope failed its own verification: alg " + alg
                    + " does not match the signing certificate's key");
        }
        EnvelopeStyle chosen = EnvelopeStyle.of(request.metadata().signingParameters());
        // the plugin's revocation check needs the job ARN: without a job (offline signing) nothing
        // could answer it, so such an envelope does not name the plugin
        EnvelopeStyle style = request.metadata().jobArn().isPresent() ? chosen : EnvelopeStyle.PORTABLE;
        NotaryHeaders headers = NotaryHeaders.of(
                style,
                alg.name(),
                signingTime,
                expiry,
                request.metadata().profileVersionArn(),
                request.metadata().jobArn());
        String protectedB64 = Base64Url.encode(headers.toJson());
        String payloadB64 = Base64Url.encode(subject.bytes());
        byte[] input = (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
        byte[] der = request.key().sign(alg.hash, input);
        if (!chain.check().orElseThrow().verifies(input, der)) {
            throw new FormatException(
                    "the new Notary envelope failed its own verification: " + "the JWS signature does not verify");
        }
        byte[] signatureValue = EcdsaJose.derToJose(der, alg.fieldBytes);
        Optional<VerifiedToken> token = Optional.empty();
        if (request.timestamper().isPresent()) {
            try {
                token = Optional.of(request.timestamper().get().timestampVerified(alg.hash, signatureValue));
            } catch (TimestampException e) {
                throw new FormatException("cannot time-stamp the Notary signature: " + e.getMessage(), e);
            }
        }
        JwsEnvelope envelope = new JwsEnvelope(
                protectedB64,
                payloadB64,
                chain,
                Base64Url.encode(signatureValue),
                token.map(t -> Base64.getEncoder().encodeToString(t.der())));
        SignatureEvidence evidence =
                new SignatureEvidence(ID, true, "", chain.certificates(), Optional.of(signingTime));
        if (token.isPresent()) {
            evidence = evidence.withTimestamp(token.get().evidence());
        }
        evidence = evidence.withCanonicalSignatureValue(signatureValue, SignatureValues.EcdsaEncoding.JOSE)
                .withExpiresAt(expiry);
        try {
            out.write(envelope.toJson());
            return evidence;
        } catch (IOException e) {
            throw new FormatException("cannot write the Notary envelope: " + e.getMessage(), e);
        }
    }

    @Override
    public SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(signature, "signature");
        NotaryPayload expected = NotaryPayload.parse(payloadOf(subject).bytes());
        Parsed parsed = parseEnvelope(signature);
        SignatureEvidence evidence = check(expected, parsed)
                .withCanonicalSignatureValue(parsed.signatureValue(), SignatureValues.EcdsaEncoding.JOSE);
        return parsed.headers().expiry().map(evidence::withExpiresAt).orElse(evidence);
    }

    /** The evidence of a parsed envelope; the caller names its signature value and expiry. */
    private static SignatureEvidence check(NotaryPayload expected, Parsed parsed) throws FormatException {
        NotaryChain x5c = parsed.envelope().x5c();
        List<X509Certificate> chain = x5c.certificates();
        Optional<Instant> time = Optional.of(parsed.headers().signingTime());
        if (x5c.disorder().isPresent()) {
            return new SignatureEvidence(ID, false, x5c.disorder().get(), chain, time);
        }
        if (x5c.algorithm().isEmpty()
                || !x5c.algorithm().get().name().equals(parsed.headers().alg())) {
            return new SignatureEvidence(
                    ID,
                    false,
                    "alg " + OciDescriptor.shorten(parsed.headers().alg())
                            + " does not match the signing certificate's key",
                    chain,
                    time);
        }
        byte[] der =
                EcdsaJose.joseToDer(parsed.signatureValue(), x5c.algorithm().get().fieldBytes);
        if (der.length == 0
                || !x5c.check().orElseThrow().verifies(parsed.envelope().signingInput(), der)) {
            return new SignatureEvidence(ID, false, "the JWS signature does not verify", chain, time);
        }
        if (!parsed.payload().target().equals(expected.target())) {
            return new SignatureEvidence(
                    ID,
                    false,
                    "the envelope signs " + parsed.payload().target().digest()
                            + " (" + parsed.payload().target().mediaType() + ", "
                            + parsed.payload().target().size()
                            + " bytes), not the given artifact",
                    chain,
                    time);
        }
        SignatureEvidence evidence = new SignatureEvidence(ID, true, "", chain, time);
        if (parsed.envelope().timestamp().isEmpty()) {
            return evidence;
        }
        try {
            return evidence.withTimestamp(
                    NotaryTimestamp.verify(parsed.envelope().timestamp().get(), parsed.signatureValue()));
        } catch (TimestampException e) {
            return new SignatureEvidence(ID, false, e.getMessage(), chain, time);
        }
    }

    /**
     * Parses an envelope without checking its signature: what {@code signet verify --image} reads
     * to learn the signed descriptor and expiry. Integrity is {@link #verify}'s.
     */
    public static EnvelopeInfo describe(byte[] envelope) throws FormatException {
        Parsed p = parseEnvelope(envelope);
        return new EnvelopeInfo(
                p.payload().target(),
                p.headers().signingScheme(),
                p.headers().signingTime(),
                p.headers().expiry(),
                p.headers().profileVersionArn(),
                p.headers().jobArn(),
                p.headers().verificationPlugin(),
                p.envelope().x5c().certificates());
    }

    /**
     * What a structurally valid envelope claims; not verified. {@code verificationPlugin} is the
     * plugin its {@code io.cncf.notary.verificationPlugin} header names (only ever the AWS Signer
     * plugin: {@link #describe} refuses others).
     */
    public record EnvelopeInfo(
            OciDescriptor target,
            String signingScheme,
            Instant signingTime,
            Optional<Instant> expiry,
            Optional<String> profileVersionArn,
            Optional<String> jobArn,
            Optional<String> verificationPlugin,
            List<X509Certificate> chain) {
        public EnvelopeInfo {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(signingScheme, "signingScheme");
            Objects.requireNonNull(signingTime, "signingTime");
            Objects.requireNonNull(expiry, "expiry");
            Objects.requireNonNull(profileVersionArn, "profileVersionArn");
            Objects.requireNonNull(jobArn, "jobArn");
            Objects.requireNonNull(verificationPlugin, "verificationPlugin");
            chain = List.copyOf(chain);
        }
    }

    private record Parsed(JwsEnvelope envelope, NotaryHeaders headers, NotaryPayload payload, byte[] signatureValue) {}

    private static Parsed parseEnvelope(byte[] envelope) throws FormatException {
        Objects.requireNonNull(envelope, "envelope");
        if (envelope.length == 0) {
            throw new FormatException("the Notary envelope is empty");
        }
        JwsEnvelope jws = JwsEnvelope.parse(envelope);
        NotaryHeaders headers = NotaryHeaders.parse(Base64Url.decode(jws.protectedB64(), "protected"));
        NotaryPayload payload = NotaryPayload.parse(Base64Url.decode(jws.payloadB64(), "payload"));
        return new Parsed(jws, headers, payload, Base64Url.decode(jws.signatureB64(), "signature"));
    }

    /**
     * The signed target's digest as the payload states it ({@code sha256:HEX}, OCI's own notation);
     * empty for a digest of another form than {@code LABEL:HEX} in lower case.
     */
    @Override
    public Optional<String> statedArtifactDigest(Subject subject) {
        try {
            String digest =
                    NotaryPayload.parse(payloadOf(subject).bytes()).target().digest();
            return digest.matches("[a-z0-9-]{1,32}:[0-9a-f]{40,128}") ? Optional.of(digest) : Optional.empty();
        } catch (FormatException e) {
            return Optional.empty();
        }
    }

    private static Subject.Payload payloadOf(Subject subject) throws FormatException {
        if (subject instanceof Subject.Payload p && NotaryPayload.MEDIA_TYPE.equals(p.mediaType())) {
            return p;
        }
        throw new FormatException(
                "notation-jws signs a " + NotaryPayload.MEDIA_TYPE + " payload, not a file or digest");
    }
}
