package dev.signet.core.revocation;

import dev.signet.core.crypto.SigningKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an offline verifier needs, as one tamper-evident file (docs/formats.md, "Trust
 * bundle"): the trusted roots, the time-stamp authority's chain, the signed revocation list, and
 * the bindings of imported signing certificates to the profile versions that use them.
 *
 * @param roots trusted root certificates (the Signet CA root first, then roots of imported chains)
 * @param timestampChain the TSA certificate followed by its issuers
 * @param revocationList the revocation list, already verified
 * @param signedRevocationList its signed wire form, as carried
 * @param certificateBindings hex SHA-256 fingerprint of an imported signing certificate to the
 *     profile version ARNs that sign with it (Signet-issued certificates name their profile version
 *     themselves and are not listed)
 * @param createdAt when the bundle was made
 */
public record TrustBundle(
        List<X509Certificate> roots,
        List<X509Certificate> timestampChain,
        RevocationList revocationList,
        byte[] signedRevocationList,
        Map<String, Set<String>> certificateBindings,
        Instant createdAt) {
    public TrustBundle {
        roots = List.copyOf(roots);
        timestampChain = List.copyOf(timestampChain);
        Objects.requireNonNull(revocationList, "revocationList");
        signedRevocationList = signedRevocationList.clone();
        certificateBindings = Map.copyOf(certificateBindings);
        Objects.requireNonNull(createdAt, "createdAt");
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("a trust bundle needs at least one root");
        }
    }

    @Override
    public byte[] signedRevocationList() {
        return signedRevocationList.clone();
    }

    /** Encodes the bundle and signs it with {@code caKey} (the CA's issuing key and chain). */
    public byte[] encode(SigningKey caKey) {
        throw new UnsupportedOperationException("TODO revocation");
    }

    /**
     * Parses and checks a bundle file: its own signature (any changed byte fails it), a signer chain
     * leading to the first of its roots, and the revocation list's signature. Staleness of the list
     * is not judged here.
     *
     * @throws RevocationDataException when the file cannot be trusted, with a one-line reason
     */
    public static TrustBundle parse(byte[] file) throws RevocationDataException {
        throw new UnsupportedOperationException("TODO revocation");
    }
}
