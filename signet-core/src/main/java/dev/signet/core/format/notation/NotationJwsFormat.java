package dev.signet.core.format.notation;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.tsa.TimestampException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
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

    @Override
    public SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        Subject.Payload subject = payloadOf(request.subject());
        NotaryPayload.parse(subject.bytes());
        KeyAlgorithm key = request.key().handle().algorithm();
        Alg alg = Alg.forKey(key)
                .orElseThrow(() ->
                        new FormatException("notation-jws signs with ECDSA P-256 or " + "P-384 keys, not " + key));
        Instant signingTime = request.metadata().signingTime();
        Instant expiry = request.metadata().expiresAt();
        if (!Instant.parse(NotaryHeaders.rfc3339(expiry)).isAfter(Instant.parse(NotaryHeaders.rfc3339(signingTime)))) {
            throw new FormatException("the signature would expire within the second it is made");
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
        byte[] signatureValue = EcdsaJose.derToJose(der, alg.fieldBytes);
        Optional<String> timestamp = Optional.empty();
        if (request.timestamper().isPresent()) {
            try {
                timestamp =
                        Optional.of(NotaryTimestamp.create(request.timestamper().get(), alg.hash, signatureValue));
            } catch (TimestampException e) {
                throw new FormatException("cannot time-stamp the Notary signature: " + e.getMessage(), e);
            }
        }
        JwsEnvelope envelope = new JwsEnvelope(
                protectedB64, payloadB64, request.key().chain(), Base64Url.encode(signatureValue), timestamp);
        byte[] json = envelope.toJson();
        SignatureEvidence check = verify(subject, json);
        if (!check.intact()) {
            throw new FormatException(
                    "the new Notary envelope failed its own verification: " + check.integrityDetail());
        }
        try {
            out.write(json);
            return check;
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
                .withCanonicalSignatureValue(
                        Base64Url.decode(parsed.envelope().signatureB64(), "signature"),
                        SignatureValues.EcdsaEncoding.JOSE);
        return parsed.headers().expiry().map(evidence::withExpiresAt).orElse(evidence);
    }

    /** The evidence of a parsed envelope; the caller names its signature value and expiry. */
    private static SignatureEvidence check(NotaryPayload expected, Parsed parsed) throws FormatException {
        List<X509Certificate> chain = parsed.envelope().x5c();
        Optional<Instant> time = Optional.of(parsed.headers().signingTime());
        Optional<String> disorder = disorder(chain);
        if (disorder.isPresent()) {
            return new SignatureEvidence(ID, false, disorder.get(), chain, time);
        }
        Optional<Alg> keyAlg = Alg.forPublicKey(chain.get(0).getPublicKey());
        if (keyAlg.isEmpty() || !keyAlg.get().name().equals(parsed.headers().alg())) {
            return new SignatureEvidence(
                    ID,
                    false,
                    "alg " + OciDescriptor.shorten(parsed.headers().alg())
                            + " does not match the signing certificate's key",
                    chain,
                    time);
        }
        if (!keyAlg.get().verify(chain.get(0).getPublicKey(), parsed.envelope())) {
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
            byte[] signatureValue = Base64Url.decode(parsed.envelope().signatureB64(), "signature");
            return evidence.withTimestamp(
                    NotaryTimestamp.verify(parsed.envelope().timestamp().get(), signatureValue));
        } catch (TimestampException e) {
            return new SignatureEvidence(ID, false, e.getMessage(), chain, time);
        }
    }

    /**
     * Why {@code x5c} is not the ordered chain the specification requires ("the signing certificate,
     * followed by the intermediate and root certificates in the correct order"; "Valid certificate
     * chain MUST contain a root certificate"), judged by names: each certificate's issuer is the next
     * one's subject and the last is self-issued. That the signatures link them is the Verifier's
     * path check.
     */
    private static Optional<String> disorder(List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!chain.get(i).getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) {
                return Optional.of("x5c is not an ordered chain: certificate " + (i + 2)
                        + " is not the issuer of certificate " + (i + 1));
            }
        }
        X509Certificate last = chain.get(chain.size() - 1);
        if (!last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
            return Optional.of("x5c does not end with a root certificate");
        }
        return Optional.empty();
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
                p.envelope().x5c());
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

    private record Parsed(JwsEnvelope envelope, NotaryHeaders headers, NotaryPayload payload) {}

    private static Parsed parseEnvelope(byte[] envelope) throws FormatException {
        Objects.requireNonNull(envelope, "envelope");
        if (envelope.length == 0) {
            throw new FormatException("the Notary envelope is empty");
        }
        JwsEnvelope jws = JwsEnvelope.parse(envelope);
        NotaryHeaders headers = NotaryHeaders.parse(Base64Url.decode(jws.protectedB64(), "protected"));
        NotaryPayload payload = NotaryPayload.parse(Base64Url.decode(jws.payloadB64(), "payload"));
        Base64Url.decode(jws.signatureB64(), "signature");
        return new Parsed(jws, headers, payload);
    }

    private static Subject.Payload payloadOf(Subject subject) throws FormatException {
        if (subject instanceof Subject.Payload p && NotaryPayload.MEDIA_TYPE.equals(p.mediaType())) {
            return p;
        }
        throw new FormatException(
                "notation-jws signs a " + NotaryPayload.MEDIA_TYPE + " payload, not a file or digest");
    }

    /** The JWS algorithms Signet signs and verifies. */
    private enum Alg {
        ES256(HashAlgorithm.SHA256, 32, "SHA256withECDSA"),
        ES384(HashAlgorithm.SHA384, 48, "SHA384withECDSA");

        final HashAlgorithm hash;
        final int fieldBytes;
        final String jca;

        Alg(HashAlgorithm hash, int fieldBytes, String jca) {
            this.hash = hash;
            this.fieldBytes = fieldBytes;
            this.jca = jca;
        }

        static Optional<Alg> forKey(KeyAlgorithm key) {
            return switch (key) {
                case ECDSA_P256 -> Optional.of(ES256);
                case ECDSA_P384 -> Optional.of(ES384);
                default -> Optional.empty();
            };
        }

        static Optional<Alg> forPublicKey(PublicKey key) {
            if (key instanceof ECPublicKey ec) {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                return bits == 256 ? Optional.of(ES256) : bits == 384 ? Optional.of(ES384) : Optional.empty();
            }
            return Optional.empty();
        }

        boolean verify(PublicKey key, JwsEnvelope envelope) throws FormatException {
            byte[] der = EcdsaJose.joseToDer(Base64Url.decode(envelope.signatureB64(), "signature"), fieldBytes);
            if (der.length == 0) {
                return false;
            }
            try {
                Signature s = Signature.getInstance(jca);
                s.initVerify(key);
                s.update(envelope.signingInput());
                return s.verify(der);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
