package dev.signet.server.service.profile;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.CertificateSignatures;
import dev.signet.server.service.ServiceException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Decides whether an outside CA's certificate chain may be installed in a profile version waiting
 * for it. Refuses, naming the first reason, unless: certificate 0 (the leaf) carries the version's
 * public key; each certificate is issued and signed by the next, and the last is a self-signed root;
 * every issuer is a CA certificate (basicConstraints, keyCertSign when key usage is present); the
 * leaf is not a CA, its key usage has digitalSignature and its extended key usage has codeSigning
 * (what Signet's own CA issues for every platform); every certificate is valid now; and the JDK's
 * PKIX validation of the path to that root, revocation aside, agrees.
 */
final class ExternalChainCheck {
    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;

    private ExternalChainCheck() {}

    /** The chain of {@code chainPem}, leaf first, once every check passed. */
    static List<X509Certificate> check(String chainPem, PublicKey versionKey, String platformId, Instant now) {
        List<X509Certificate> chain = decode(chainPem);
        X509Certificate leaf = chain.get(0);
        if (!Arrays.equals(leaf.getPublicKey().getEncoded(), versionKey.getEncoded())) {
            throw refused("the certificate's public key is not this profile version's key: the first certificate"
                    + " must be the one the CA issued for the version's CSR");
        }
        if (chain.size() < 2) {
            throw refused("the chain holds only the certificate: add its issuers up to the self-signed root, leaf"
                    + " first");
        }
        checkLinks(chain);
        checkLeafUsage(leaf, platformId, "certificate not installed");
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            if (now.isBefore(c.getNotBefore().toInstant())
                    || now.isAfter(c.getNotAfter().toInstant())) {
                throw refused("certificate " + i + " of the chain is not valid now (valid "
                        + c.getNotBefore().toInstant() + " to "
                        + c.getNotAfter().toInstant() + ")");
            }
        }
        pkix(chain, now);
        return chain;
    }

    private static List<X509Certificate> decode(String chainPem) {
        List<X509Certificate> chain;
        try {
            chain = Pem.decodeCertificates(chainPem);
        } catch (CertificateException e) {
            throw refused("certificateChain is not PEM certificate text: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw refused("certificateChain holds no certificate");
        }
        return chain;
    }

    private static void checkLinks(List<X509Certificate> chain) {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            boolean last = i == chain.size() - 1;
            X509Certificate issuer = last ? c : chain.get(i + 1);
            boolean linked = c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
            try {
                CertificateSignatures.verify(c, issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                linked = false;
            }
            if (!linked) {
                throw refused(
                        last
                                ? "the chain does not end in a self-signed root certificate: add the issuers up to"
                                        + " the root, leaf first"
                                : "certificate " + i + " of the chain is not issued and signed by certificate "
                                        + (i + 1));
            }
            if (i > 0) {
                boolean[] usage = c.getKeyUsage();
                if (c.getBasicConstraints() < 0 || (usage != null && !usage[KEY_CERT_SIGN])) {
                    throw refused("certificate " + i + " of the chain is not a CA certificate"
                            + " (basicConstraints CA, keyCertSign)");
                }
            }
        }
    }

    /**
     * Refuses ({@code refusal}: the message's prefix) a leaf that is a CA, lacks digitalSignature
     * or lacks the codeSigning extended key usage.
     */
    static void checkLeafUsage(X509Certificate leaf, String platformId, String refusal) {
        if (leaf.getBasicConstraints() >= 0) {
            throw refused(refusal, "the certificate is a CA certificate; a signing certificate must not be one");
        }
        boolean[] usage = leaf.getKeyUsage();
        if (usage == null || !usage[DIGITAL_SIGNATURE]) {
            throw refused(refusal, "the certificate's key usage lacks digitalSignature");
        }
        List<String> extended;
        try {
            extended = leaf.getExtendedKeyUsage();
        } catch (CertificateException e) {
            throw refused(refusal, "the certificate's extended key usage cannot be read: " + e.getMessage());
        }
        if (extended == null || !extended.contains(CODE_SIGNING)) {
            throw refused(
                    refusal,
                    "the certificate's extended key usage lacks codeSigning (" + CODE_SIGNING + "), which"
                            + " platform " + platformId + " requires");
        }
    }

    private static void pkix(List<X509Certificate> chain, Instant now) {
        X509Certificate root = chain.get(chain.size() - 1);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            List<X509Certificate> path = chain.size() == 1 ? chain : chain.subList(0, chain.size() - 1);
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            throw refused("the chain does not validate to its root: " + e.getMessage());
        } catch (CertificateException | InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("PKIX validation is not available", e);
        }
    }

    private static ServiceException refused(String reason) {
        return refused("certificate not installed", reason);
    }

    private static ServiceException refused(String refusal, String reason) {
        return ServiceException.validation(refusal + ": " + reason);
    }
}
