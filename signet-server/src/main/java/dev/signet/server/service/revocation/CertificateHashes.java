package dev.signet.server.service.revocation;

import dev.signet.server.service.CertificatePem;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The certificate identifiers {@code GetRevocationStatus} takes, as AWS documents them: hex of
 * SHA-384 over the certificate's TBSCertificate followed by hex of SHA-384 over its issuer's
 * TBSCertificate (a root is its own issuer). Lower-case hex.
 */
final class CertificateHashes {
    private CertificateHashes() {}

    /**
     * The identifier of a PEM chain's leaf (the profile version's own certificate); the CA
     * certificates are shared by every profile and are not revoked with one.
     */
    static Set<String> of(String chainPem) {
        List<X509Certificate> chain = CertificatePem.decode(chainPem);
        X509Certificate issuer = chain.size() > 1 ? chain.get(1) : chain.get(0);
        return Set.of(tbsHash(chain.get(0)) + tbsHash(issuer));
    }

    static String tbsHash(X509Certificate certificate) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-384").digest(certificate.getTBSCertificate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash a stored certificate", e);
        }
    }
}
