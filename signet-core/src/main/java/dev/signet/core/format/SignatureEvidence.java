package dev.signet.core.format;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.tsa.TimestampEvidence;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a format found in a signature, for the verification engine to judge.
 *
 * @param formatId the {@link SignatureFormat#id()} that parsed it
 * @param intact whether the signature is cryptographically valid over the subject with the key of
 *     {@code chain.get(0)}
 * @param integrityDetail why not, when not intact (one line, safe to show); empty when intact
 * @param chain certificates carried by the signature, signer first; empty if none could be read
 * @param signingTime the signing time the signature claims (signed attribute), if any
 * @param timestamp a verified RFC 3161 time-stamp token over the signature value, if it carries one
 * @param signatureValue the signer's signature value in canonical form ({@link
 *     SignatureValues#canonical}: ECDSA as low-s minimal DER, RSA padded to the modulus length;
 *     OpenPGP: the signature packet without unhashed subpackets), so that nobody can change it
 *     without the key; what {@link #signatureId()} names. Empty only when the signature could not
 *     be parsed far enough to find it.
 * @param expiresAt the expiry the signature carries as a signed attribute ({@code
 *     signatureExpiresAt}), if the format binds one
 */
public record SignatureEvidence(
        String formatId,
        boolean intact,
        String integrityDetail,
        List<X509Certificate> chain,
        Optional<Instant> signingTime,
        Optional<TimestampEvidence> timestamp,
        byte[] signatureValue,
        Optional<Instant> expiresAt) {
    public SignatureEvidence {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(formatId, "formatId");
        Objects.requireNonNull(integrityDetail, "integrityDetail");
        chain = List.copyOf(chain);
        Objects.requireNonNull(signingTime, "signingTime");
        signatureValue = signatureValue.clone();
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Evidence without signature value or carried expiry (add them with the withers). */
    public SignatureEvidence(
            String formatId,
            boolean intact,
            String integrityDetail,
            List<X509Certificate> chain,
            Optional<Instant> signingTime,
            Optional<TimestampEvidence> timestamp) {
        this(formatId, intact, integrityDetail, chain, signingTime, timestamp, new byte[0], Optional.empty());
    }

    /** Evidence of a signature that carries no time-stamp token. */
    public SignatureEvidence(
            String formatId,
            boolean intact,
            String integrityDetail,
            List<X509Certificate> chain,
            Optional<Instant> signingTime) {
        this(formatId, intact, integrityDetail, chain, signingTime, Optional.empty());
    }

    @Override
    public byte[] signatureValue() {
        return signatureValue.clone();
    }

    /**
     * The signature's identity across Signet: lower-case hex SHA-256 of {@link #signatureValue()}.
     * Signet records it for every signature it makes, and the revocation list names revoked
     * signatures by it. Empty when the signature value is unknown.
     */
    public Optional<String> signatureId() {
        return signatureValue.length == 0
                ? Optional.empty()
                : Optional.of(HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, signatureValue)));
    }

    /** The same evidence with {@code timestamp} attached. */
    public SignatureEvidence withTimestamp(TimestampEvidence timestamp) {
        return new SignatureEvidence(
                formatId,
                intact,
                integrityDetail,
                chain,
                signingTime,
                Optional.of(timestamp),
                signatureValue,
                expiresAt);
    }

    /** The same evidence naming the signature value. */
    public SignatureEvidence withSignatureValue(byte[] value) {
        return new SignatureEvidence(
                formatId, intact, integrityDetail, chain, signingTime, timestamp, value, expiresAt);
    }

    /**
     * The same evidence naming the canonical form of the signature value {@code carried} ({@link
     * SignatureValues#canonical}, with the key of {@code chain.get(0)}; as carried when there is no
     * certificate), so that re-encoding a signature without the key does not change its id.
     */
    public SignatureEvidence withCanonicalSignatureValue(byte[] carried, SignatureValues.EcdsaEncoding encoding) {
        Objects.requireNonNull(encoding, "encoding");
        byte[] value = chain.isEmpty()
                ? carried
                : SignatureValues.canonical(carried, chain.get(0).getPublicKey(), encoding);
        return withSignatureValue(value);
    }

    /** The same evidence with the expiry the signature carries. */
    public SignatureEvidence withExpiresAt(Instant expiry) {
        return new SignatureEvidence(
                formatId, intact, integrityDetail, chain, signingTime, timestamp, signatureValue, Optional.of(expiry));
    }
}
