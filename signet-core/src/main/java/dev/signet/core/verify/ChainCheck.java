package dev.signet.core.verify;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.revocation.ImportedAnchor;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PKIX path from a carried chain (signer first) to a trusted root, validated at a given instant
 * (the signing time), revocation left to the revocation check; the signer must have EKU
 * codeSigning. The roots are of two kinds: roots trusted for every certificate, and roots imported
 * with one certificate ({@link ImportedAnchor}), which are trusted for that certificate alone (found
 * by its SHA-256 fingerprint), never for another certificate under them.
 */
final class ChainCheck {
    private final Set<TrustAnchor> anchors;
    private final Map<String, Set<TrustAnchor>> importedByFingerprint;
    /** Every root, trusted for all or imported: what a carried certificate may be signed by. */
    private final List<X509Certificate> knownRoots;

    /** Roots trusted for every certificate, and none imported. */
    ChainCheck(Set<TrustAnchor> anchors) {
        this(anchors, Map.of());
    }

    ChainCheck(Set<TrustAnchor> anchors, Map<String, Set<TrustAnchor>> importedByFingerprint) {
        this.anchors = Set.copyOf(anchors);
        this.importedByFingerprint = Map.copyOf(importedByFingerprint);
        List<X509Certificate> roots = new ArrayList<>();
        anchors.forEach(a -> roots.add(a.getTrustedCert()));
        importedByFingerprint.values().forEach(set -> set.forEach(a -> roots.add(a.getTrustedCert())));
        this.knownRoots = List.copyOf(roots);
    }

    CheckResult check(List<X509Certificate> chain, Instant at) {
        if (chain.isEmpty()) {
            return fail("the signature carries no certificates");
        }
        X509Certificate leaf = chain.get(0);
        Set<TrustAnchor> imported = importedByFingerprint.isEmpty()
                ? Set.of()
                : importedByFingerprint.getOrDefault(ProfileVersions.fingerprint(leaf), Set.of());
        Set<TrustAnchor> usable = union(anchors, imported);
        if (usable.isEmpty() && importedByFingerprint.isEmpty()) {
            return fail("no trusted roots are configured");
        }
        String broken = brokenCarriedCertificate(chain);
        if (broken != null) {
            return fail(broken);
        }
        if (!CertificateAuthority.isCodeSigning(leaf)) {
            return fail("the signer's certificate lacks the codeSigning extended key usage");
        }
        try {
            build(usable, chain, at);
            return new CheckResult(
                    Check.CHAIN,
                    true,
                    ReasonCode.OK,
                    imported.isEmpty()
                            ? "chains to a trusted root at " + at
                            : "the imported certificate chains to a root imported with it at " + at);
        } catch (GeneralSecurityException e) {
            if (imported.isEmpty() && leadsToAnotherImportedRoot(chain, at)) {
                return fail("its chain leads only to a root imported with another certificate; an imported root is"
                        + " trusted for the certificate imported with it alone");
            }
            return fail("no valid path to a trusted root at " + at + ": " + oneLine(e));
        }
    }

    /** Whether a chain that failed would have passed had every imported root been trusted for it. */
    private boolean leadsToAnotherImportedRoot(List<X509Certificate> chain, Instant at) {
        Set<TrustAnchor> all = new HashSet<>();
        importedByFingerprint.values().forEach(all::addAll);
        if (all.isEmpty()) {
            return false;
        }
        try {
            build(all, chain, at);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void build(Set<TrustAnchor> roots, List<X509Certificate> chain, Instant at)
            throws GeneralSecurityException {
        if (roots.isEmpty()) {
            throw new GeneralSecurityException("no root is trusted for this certificate");
        }
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(chain.get(0));
        PKIXBuilderParameters params = new PKIXBuilderParameters(roots, target);
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
        CertPathBuilder.getInstance("PKIX").build(params);
    }

    private static Set<TrustAnchor> union(Set<TrustAnchor> a, Set<TrustAnchor> b) {
        if (b.isEmpty()) {
            return a;
        }
        Set<TrustAnchor> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * Whether a time-stamp token's chain (TSA first) leads at {@code at} to a root trusted for every
     * certificate (never to an imported root), and its signer has the critical timeStamping EKU
     * (RFC 3161 2.3).
     */
    boolean trustedTimestamp(List<X509Certificate> chain, Instant at) {
        if (chain.isEmpty() || anchors.isEmpty() || !CertificateAuthority.isTimestamping(chain.get(0))) {
            return false;
        }
        try {
            build(anchors, chain, at);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Every carried certificate must be validly signed by a carried or trusted certificate, so a
     * damaged or stray certificate is never ignored just because PKIX did not need it.
     */
    private String brokenCarriedCertificate(List<X509Certificate> chain) {
        List<X509Certificate> candidates = new ArrayList<>(chain);
        candidates.addAll(knownRoots);
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
        } catch (GeneralSecurityException e) {
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
