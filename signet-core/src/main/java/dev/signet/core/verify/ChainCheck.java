package dev.signet.core.verify;

import dev.signet.core.ca.CertificateAuthority;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * PKIX path from a carried chain (signer first) to one of the trusted roots, validated at a given
 * instant (the signing time), revocation left to the revocation check; the signer must have EKU
 * codeSigning.
 */
final class ChainCheck {
    private final Set<TrustAnchor> anchors;

    ChainCheck(Set<TrustAnchor> anchors) {
        this.anchors = anchors;
    }

    CheckResult check(List<X509Certificate> chain, Instant at) {
        if (chain.isEmpty()) {
            return fail("the signature carries no certificates");
        }
        if (anchors.isEmpty()) {
            return fail("no trusted roots are configured");
        }
        X509Certificate leaf = chain.get(0);
        String broken = brokenCarriedCertificate(chain);
        if (broken != null) {
            return fail(broken);
        }
        if (!CertificateAuthority.isCodeSigning(leaf)) {
            return fail("the signer's certificate lacks the codeSigning extended key usage");
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(params);
            return new CheckResult(Check.CHAIN, true, ReasonCode.OK, "chains to a trusted root at " + at);
        } catch (GeneralSecurityException | RuntimeException e) {
            return fail("no valid path to a trusted root at " + at + ": " + oneLine(e));
        }
    }

    /**
     * Whether a time-stamp token's chain (TSA first) leads to a trusted root at {@code at}, and its
     * signer has the critical timeStamping EKU (RFC 3161 2.3).
     */
    boolean trustedTimestamp(List<X509Certificate> chain, Instant at) {
        if (chain.isEmpty() || anchors.isEmpty() || !CertificateAuthority.isTimestamping(chain.get(0))) {
            return false;
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(chain.get(0));
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(params);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Every carried certificate must be validly signed by a carried or trusted certificate, so a
     * damaged or stray certificate is never ignored just because PKIX did not need it.
     */
    private String brokenCarriedCertificate(List<X509Certificate> chain) {
        List<X509Certificate> candidates = new java.util.ArrayList<>(chain);
        anchors.forEach(a -> candidates.add(a.getTrustedCert()));
        for (X509Certificate cert : chain) {
            boolean verified = false;
            for (X509Certificate issuer : candidates) {
                if (!verified && issuer.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                    verified = signedBy(cert, issuer);
                }
            }
            if (!verified) {
                return "the carried certificate "
                        + cert.getSubjectX500Principal().getName()
                        + " is not validly signed by any carried or trusted certificate";
            }
        }
        return null;
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static CheckResult fail(String message) {
        return new CheckResult(Check.CHAIN, false, ReasonCode.UNTRUSTED_CHAIN, message);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("[\\r\\n]+", " ");
        return m.length() > 160 ? m.substring(0, 160) + "..." : m;
    }
}
