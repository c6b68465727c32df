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
 * What imported signing certificates add to the trust material: for each imported certificate that
 * a profile version signs with, an {@link ImportedAnchor} binding it (by SHA-256 fingerprint) to
 * those profile versions, with the self-signed root its imported chain ends in. That root is
 * trusted for that certificate alone: importing a chain never makes its root trusted for any other
 * certificate. A stored chain that cannot be read is left out (logged): its signatures then fail
 * the chain and publisher checks rather than being trusted.
 */
final class ImportedTrust {
    private static final Logger LOG = LoggerFactory.getLogger(ImportedTrust.class);

    private ImportedTrust() {}

    /**
     * One anchor per distinct imported certificate used by a profile version (certificates imported
     * twice are merged), sorted by fingerprint. An imported chain that does not end in a
     * self-signed root contributes no root.
     */
    static List<ImportedAnchor> anchors(
            List<TrustRecords.ImportedChain> imported, List<TrustRecords.CertificateUse> uses, Arns arns) {
        Map<String, List<X509Certificate>> chainsByArn = new HashMap<>();
        for (TrustRecords.ImportedChain chain : imported) {
            decode(chain).ifPresent(c -> chainsByArn.put(chain.certificateArn(), c));
        }
        Map<String, Set<String>> versions = new TreeMap<>();
        Map<String, List<X509Certificate>> roots = new HashMap<>();
        for (TrustRecords.CertificateUse use : uses) {
            List<X509Certificate> chain = chainsByArn.get(use.certificateArn());
            if (chain == null) {
                continue;
            }
            String fingerprint = fingerprint(chain.get(0));
            versions.computeIfAbsent(fingerprint, k -> new TreeSet<>())
                    .add(arns.inAccount(use.ownerAccount())
                            .signingProfileVersion(use.profileName(), use.profileVersion()));
            List<X509Certificate> known = roots.computeIfAbsent(fingerprint, k -> new ArrayList<>());
            X509Certificate last = chain.get(chain.size() - 1);
            if (selfSigned(last) && known.stream().noneMatch(r -> Arrays.equals(der(r), der(last)))) {
                known.add(last);
            }
        }
        List<ImportedAnchor> anchors = new ArrayList<>();
        versions.forEach(
                (fingerprint, arnSet) -> anchors.add(new ImportedAnchor(fingerprint, arnSet, roots.get(fingerprint))));
        return List.copyOf(anchors);
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

    private static Optional<List<X509Certificate>> decode(TrustRecords.ImportedChain chain) {
        try {
            return Optional.of(CertificatePem.decode(chain.certificateChainPem()));
        } catch (IllegalStateException e) { // CertificatePem's report of a corrupt stored chain
            LOG.warn(
                    "imported certificate {} has an unreadable stored chain; left out of the trust material",
                    chain.certificateArn());
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
