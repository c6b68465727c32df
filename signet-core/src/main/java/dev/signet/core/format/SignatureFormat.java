package dev.signet.core.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One signature format: signs and verifies. Implementations are found with {@link
 * java.util.ServiceLoader} (see {@link SignatureFormats}), are stateless and thread-safe, and verify
 * their own output before {@link #sign} returns.
 *
 * <p>{@link #verify} checks only what the format itself can: that the signature parses and is
 * cryptographically intact over the subject. Chain trust, expiry, publisher and revocation are the
 * verification engine's, from the {@link SignatureEvidence} returned here.
 */
public interface SignatureFormat {

    /** Stable identifier, e.g. {@code cms-detached}. */
    String id();

    /** The AWS/Signet platform ids whose output is this format. */
    Set<String> platformIds();

    /**
     * The SignPayload payload format this format signs verbatim as a {@link Subject.Payload} (e.g.
     * {@code application/vnd.cncf.notary.payload.v1+json}); empty for formats whose SignPayload
     * payload is a digest.
     */
    default Optional<String> payloadFormat() {
        return Optional.empty();
    }

    /**
     * The largest {@link #payloadFormat} payload SignPayload takes for this format: AWS's 4096 bytes
     * by default. A format whose payload grows with the artifact (a jar's signature file lists
     * every entry) may take more, up to {@link Subject.Payload#MAX_BYTES}.
     */
    default int maxPayloadBytes() {
        return 4096;
    }

    /**
     * The artifact's digest a SignPayload subject states, as {@code LABEL:HEX} (lower-case hex), for the
     * job Signet records: for a {@link Subject.Digest} the hash's name and the digest ({@code
     * sha256:...}), which is the default; a format with a {@link #payloadFormat} whose payload states
     * the artifact's digest names it (a Lambda zip's {@code sha384:...}, a PE's {@code
     * authenticode-sha256:...}); empty when the subject states none (a payload that carries a partial
     * hash state or a signature file) or cannot be read (the format refuses it when it signs).
     */
    default Optional<String> statedArtifactDigest(Subject subject) {
        if (subject instanceof Subject.Digest digest) {
            return Optional.of(digest.algorithm().awsName().toLowerCase(java.util.Locale.ROOT) + ":"
                    + java.util.HexFormat.of().formatHex(digest.value()));
        }
        return Optional.empty();
    }

    /**
     * Whether this format signs a client-computed digest ({@link Subject.Digest}), so that
     * SignPayload can take the artifact's digest as its payload. False by default: a format that
     * signs whole files only (an embedded signature, a signed document) is refused by SignPayload at
     * once, before anything about the payload is checked.
     */
    default boolean signsDigests() {
        return false;
    }

    /**
     * Whether every signature this format writes proves its signing time, with or without a
     * time-stamper: it carries the time as a signed attribute (CMS signingTime, an OpenPGP creation
     * time, a Notation signing time). True by default. Formats that record no time (the FreeRTOS /
     * IoT JSON documents) or only a time-stamp token when a time-stamper is given (Authenticode)
     * return false; for their signatures without a token the verifier relies on what Signet
     * recorded (a revoked profile version's {@code spared} signature ids).
     */
    default boolean provesSigningTime() {
        return true;
    }

    /** The prefix of the signing-parameter keys Signet interprets; other keys are the caller's own. */
    String SIGNET_PARAMETER_PREFIX = "signet:";

    /**
     * Checks a profile's {@code signingParameters} before the profile is created. Keys outside the
     * {@value #SIGNET_PARAMETER_PREFIX} namespace are the caller's (AWS lets them hold anything) and
     * are accepted. The default accepts no {@code signet:} key: a format that reads one overrides
     * this and refuses the rest.
     *
     * @throws FormatException naming the first {@code signet:} key or value this format does not take
     */
    default void checkSigningParameters(Map<String, String> parameters) throws FormatException {
        for (String key : parameters.keySet()) {
            if (key.startsWith(SIGNET_PARAMETER_PREFIX)) {
                String shown = key.replaceAll("\\p{Cntrl}", "?");
                throw new FormatException("signing parameter "
                        + (shown.length() <= 80 ? shown : shown.substring(0, 80) + "...")
                        + " is not one that format " + id() + " takes");
            }
        }
    }

    /**
     * Whether the certificate of a new profile with these (checked) signing parameters should name
     * the CA's CRL distribution point: true when this format's verifiers learn revocation from X.509
     * CRLs and from nothing Signet-specific. False by default.
     *
     * @throws FormatException as {@link #checkSigningParameters} for parameters it would refuse
     */
    default boolean namesCrlDistributionPoint(Map<String, String> parameters) throws FormatException {
        checkSigningParameters(parameters);
        return false;
    }

    /** Whether the leading bytes of a signature (or signed artifact) look like this format's output. */
    boolean detect(byte[] head);

    /**
     * Signs the request's subject and writes the format's output (signature or signed artifact).
     *
     * @return the evidence of the format's own verification of what it wrote (intact, the request's
     *     chain, its {@link SignatureEvidence#signatureId()}), so callers record the signature
     *     without verifying it a second time
     */
    SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException;

    /**
     * Parses {@code signature} and checks it over {@code subject}.
     *
     * @param signature the detached signature; empty for formats that embed it in the subject
     * @throws FormatException when the signature cannot be parsed at all
     */
    SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException;

    /**
     * Whether {@code artifact} carries a signature of this format embedded in it (a signed zip, a
     * signed JSON image). Formats whose signatures are always detached return false. Reads only what
     * it needs, bounded; never throws for a malformed or unreadable file (that is simply not a signed
     * artifact of this format). Used to verify embedded signatures and to refuse signing an artifact
     * that is already signed.
     */
    default boolean detectEmbedded(Path artifact) {
        return false;
    }

    /**
     * What the signed output's object key ends with after {@code prefix + jobId}, e.g. {@code .zip}
     * for a signed Lambda zip; empty (the default) for formats whose output has no conventional
     * extension.
     */
    default String outputSuffix() {
        return "";
    }
    /**
     * Whether {@code artifact} already is, or already carries, this format's signature, so that
     * signing it again would sign a signature. StartSigningJob refuses such sources. The default
     * is {@link #detectEmbedded}: detached formats override it to recognise a signature file given
     * as the artifact.
     *
     * @throws IOException when the artifact cannot be read
     */
    default boolean isSigned(Path artifact) throws IOException {
        return detectEmbedded(artifact);
    }
}
