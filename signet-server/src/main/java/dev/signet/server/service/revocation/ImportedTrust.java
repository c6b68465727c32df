package dev.signet.server.service.revocation;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.server.service.Arns;
import dev.signet.server.service.profile.CertificatePem;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * What imported signing certificates add to the trust material: the self-signed roots their chains
 * end in, and the binding of each certificate (by SHA-256 fingerprint) to the profile versions that
 * sign with it. A stored chain that cannot be read is left out (logged): its signatures then fail
 * the chain and publisher checks rather than being trusted.
 */
final class ImportedTrust {
    private static final Logger LOG = LoggerFactory.getLogger(ImportedTrust.class);

    private ImportedTrust() {}

    /** {@code caRoot}, then each distinct self-signed root that ends an imported chain. */
    static List<X509Certificate> roots(X509Certificate caRoot, List<TrustRecords.ImportedChain> imported) {
        List<X509Certificate> roots = new ArrayList<>(List.of(caRoot));
        List<byte[]> seen = new ArrayList<>(List.of(der(caRoot)));
        for (TrustRecords.ImportedChain chain : imported) {
            Optional<X509Certificate> last =
                    decode(chain).map(c -> c.get(c.size() - 1)).filter(ImportedTrust::selfSigned);
            if (last.isPresent() && seen.stream().noneMatch(d -> Arrays.equals(d, der(last.get())))) {
                roots.add(last.get());
                seen.add(der(last.get()));
            }
        }
        return roots;
    }

    /** Lower-case hex SHA-256 of each imported leaf to the ARNs of the profile versions using it. */
    static Map<String, Set<String>> bindings(
            List<TrustRecords.ImportedChain> imported, List<TrustRecords.CertificateUse> uses, Arns arns) {
        Map<String, String> fingerprintByArn = new HashMap<>();
        for (TrustRecords.ImportedChain chain : imported) {
            decode(chain).ifPresent(c -> fingerprintByArn.put(chain.certificateArn(), fingerprint(c.get(0))));
        }
        Map<String, Set<String>> bindings = new TreeMap<>();
        for (TrustRecords.CertificateUse use : uses) {
            String fingerprint = fingerprintByArn.get(use.certificateArn());
            if (fingerprint != null) {
                bindings.computeIfAbsent(fingerprint, k -> new TreeSet<>())
                        .add(arns.signingProfileVersion(use.profileName(), use.profileVersion()));
            }
        }
        bindings.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        return bindings;
    }

    static String fingerprint(X509Certificate certificate) {
        return java.util.HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, der(certificate)));
    }

    static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<List<X509Certificate>> decode(TrustRecords.ImportedChain chain) {
        try {
            return Optional.of(CertificatePem.decode(chain.certificateChainPem()));
        } catch (RuntimeException e) {
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
