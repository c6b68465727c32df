package dev.signet.core.revocation;

import dev.signet.core.crypto.SigningKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything an offline verifier needs, as one tamper-evident file (docs/formats.md, "Trust
 * bundle"): the roots trusted for every certificate, the time-stamp authority's chain, the signed
 * revocation list, and the imported signing certificates, each with the roots imported with it
 * (trusted for that certificate alone) and the profile versions that sign with it.
 *
 * @param roots root certificates trusted for every certificate: the Signet CA root first (never the
 *     roots of imported chains)
 * @param timestampChain the TSA certificate followed by its issuers
 * @param revocationList the revocation list, already verified
 * @param signedRevocationList its signed wire form, as carried
 * @param importedCertificates imported signing certificates, at most one per fingerprint
 *     (Signet-issued certificates name their profile version themselves and are not listed)
 * @param createdAt when the bundle was made
 */
public record TrustBundle(
        List<X509Certificate> roots,
        List<X509Certificate> timestampChain,
        RevocationList revocationList,
        byte[] signedRevocationList,
        List<ImportedAnchor> importedCertificates,
        Instant createdAt) {
    public TrustBundle {
        roots = List.copyOf(roots);
        timestampChain = List.copyOf(timestampChain);
        Objects.requireNonNull(revocationList, "revocationList");
        signedRevocationList = signedRevocationList.clone();
        importedCertificates = List.copyOf(importedCertificates);
        Objects.requireNonNull(createdAt, "createdAt");
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("a trust bundle needs at least one root");
        }
        if (importedCertificates.stream()
                        .map(ImportedAnchor::certificateSha256)
                        .distinct()
                        .count()
                != importedCertificates.size()) {
            throw new IllegalArgumentException("a trust bundle lists each imported certificate once");
        }
    }

    @Override
    public byte[] signedRevocationList() {
        return signedRevocationList.clone();
    }

    /** The media type of the signed bundle as served ({@code GET /v1/trust-bundle}). */
    public static final String MEDIA_TYPE = "application/vnd.signet.trust-bundle+jose";
    /** The {@code typ} of the bundle's JWS header. */
    public static final String TYPE = "application/vnd.signet.trust-bundle+json";

    public static final int MAX_BYTES = 16 << 20;
    private static final String WHAT = "the trust bundle";

    /**
     * Encodes the bundle (payload version 2) and signs it with {@code caKey} (the CA's issuing key
     * and chain). Times are kept to the millisecond; imported certificates and roots are written
     * sorted.
     *
     * @throws IllegalArgumentException when the key is not ECDSA P-384 or the bundle would exceed
     *     {@link #MAX_BYTES}
     */
    public byte[] encode(SigningKey caKey) {
        Objects.requireNonNull(caKey, "caKey");
        byte[] payload = TrustBundleJson.encode(new TrustBundleJson.Payload(
                createdAt, roots, timestampChain, signedRevocationList, importedCertificates));
        byte[] signed = SignedDocument.sign(TYPE, payload, caKey);
        if (signed.length > MAX_BYTES) {
            throw new IllegalArgumentException("the trust bundle would exceed " + MAX_BYTES + " bytes");
        }
        return signed;
    }

    /**
     * Parses and checks a bundle file (payload version 2, or version 1 as Signet wrote it before):
     * its own signature (any changed byte fails it), a signer that is a CA certificate with cRLSign
     * whose chain leads to the first of its roots at its createdAt, and the revocation list's
     * signature against the bundle's roots (never an imported root). Staleness of the list is not
     * judged here. In a version 1 bundle, every root after the first was an imported chain's root:
     * it is read as trusted only for the bundle's bound certificates. The bundle vouches for itself: a caller that must know it comes from one
     * particular Signet compares {@code roots().get(0)} with the root it expects.
     *
     * @throws RevocationDataException when the file cannot be trusted, with a one-line reason
     */
    public static TrustBundle parse(byte[] file) throws RevocationDataException {
        SignedDocument.Opened opened = SignedDocument.open(file, TYPE, MAX_BYTES, WHAT);
        TrustBundleJson.Payload p = TrustBundleJson.decode(opened.payload());
        SignedDocument.requireTrusted(opened.chain(), List.of(p.roots().get(0)), p.createdAt(), WHAT);
        RevocationList list;
        try {
            list = SignedRevocationList.verify(p.signedRevocationList(), p.roots());
        } catch (RevocationDataException e) {
            throw new RevocationDataException("the trust bundle's revocation list: " + e.getMessage(), e);
        }
        return new TrustBundle(
                p.roots(), p.timestampChain(), list, p.signedRevocationList(), p.imported(), p.createdAt());
    }
}
