package dev.signet.server.service.revocation;

import dev.signet.core.crypto.CertificateSignatures;
import dev.signet.core.revocation.ImportedAnchor;
import dev.signet.server.service.Arns;
import dev.signet.server.service.CertificatePem;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What certificates Signet did not issue add to the trust material: imported signing certificates
 * ({@code POST /v1/certificates}) that a profile version signs with, and outside CAs' certificates
 * installed on profile versions ({@code signet profile certificate}). Each becomes an {@link
 * ImportedAnchor} binding it (by SHA-256 fingerprint) to the profile versions that sign with it,
 * with the self-signed root its chain ends in. That root is trusted for that certificate alone:
 * importing a chain or installing an outside CA's certificate never makes its root trusted for any
 * other certificate, and the certificate signs for its bound versions only, whatever it names. A
 * stored chain that cannot be read is left out (logged): its signatures then fail the chain and
 * publisher checks rather than being trusted.
 */
final class ImportedTrust {
    private static final Logger LOG = LoggerFactory.getLogger(ImportedTrust.class);

    private final Map<String, Set<String>> versions = new TreeMap<>();
    private final Map<String, List<X509Certificate>> roots = new HashMap<>();

    private ImportedTrust() {}

    /**
     * One anchor per distinct certificate used by a profile version (a certificate imported twice,
     * or used by several versions, is merged), sorted by fingerprint. A chain that does not end in
     * a self-signed root contributes no root.
     */
    static List<ImportedAnchor> anchors(
            List<TrustRecords.ImportedChain> imported,
            List<TrustRecords.CertificateUse> uses,
            List<TrustRecords.ExternalChain> external,
            Arns arns) {
        Map<String, List<X509Certificate>> chainsByArn = new HashMap<>();
        for (TrustRecords.ImportedChain chain : imported) {
            decode(chain.certificateChainPem(), "imported certificate " + chain.certificateArn())
                    .ifPresent(c -> chainsByArn.put(chain.certificateArn(), c));
        }
        ImportedTrust trust = new ImportedTrust();
        for (TrustRecords.CertificateUse use : uses) {
            List<X509Certificate> chain = chainsByArn.get(use.certificateArn());
            if (chain != null) {
                trust.bind(
                        chain,
                        arns.inAccount(use.ownerAccount())
                                .signingProfileVersion(use.profileName(), use.profileVersion()));
            }
        }
        for (TrustRecords.ExternalChain e : external) {
            String arn = arns.inAccount(e.ownerAccount()).signingProfileVersion(e.profileName(), e.profileVersion());
            decode(e.certificateChainPem(), "the external certificate of " + arn)
                    .ifPresent(chain -> trust.bind(chain, arn));
        }
        List<ImportedAnchor> anchors = new ArrayList<>();
        trust.versions.forEach((fingerprint, arnSet) ->
                anchors.add(new ImportedAnchor(fingerprint, arnSet, trust.roots.get(fingerprint))));
        return List.copyOf(anchors);
    }

    private void bind(List<X509Certificate> chain, String profileVersionArn) {
        String fingerprint = fingerprint(chain.get(0));
        versions.computeIfAbsent(fingerprint, k -> new TreeSet<>()).add(profileVersionArn);
        List<X509Certificate> known = roots.computeIfAbsent(fingerprint, k -> new ArrayList<>());
        X509Certificate last = chain.get(chain.size() - 1);
        if (selfSigned(last) && known.stream().noneMatch(r -> Arrays.equals(der(r), der(last)))) {
            known.add(last);
        }
    }

    static String fingerprint(X509Certificate certificate) {
        return ImportedAnchor.fingerprint(certificate);
    }

    static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            CertificateSignatures.verify(certificate, certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Optional<List<X509Certificate>> decode(String chainPem, String what) {
        try {
            return Optional.of(CertificatePem.decode(chainPem));
        } catch (IllegalStateException e) { // CertificatePem's report of a corrupt stored chain
            LOG.warn("{} has an unreadable stored chain; left out of the trust material", what);
            return Optional.empty();
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }
}
