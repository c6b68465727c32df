package dev.signet.core.ca;

import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.KeyHandle;
import java.math.BigInteger;
import java.net.URI;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Builds the kinds of certificate the CA issues (root, cross, issuing, code-signing, time-stamping); signs
 * through the key backend.
 */
final class CertificateTemplates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String organization;
    private final JcaX509ExtensionUtils extensions;

    CertificateTemplates(String organization) {
        this.organization = organization;
        try {
            this.extensions = new JcaX509ExtensionUtils();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CertificateAuthorityException("SHA-1 (for key identifiers) is unavailable", e);
        }
    }

    X509Certificate root(KeyBackend keys, KeyHandle rootKey, String commonName, Instant from, Instant to) {
        X500Name name = name(commonName);
        PublicKey publicKey = keys.publicKey(rootKey);
        X509v3CertificateBuilder b = builder(name, name, publicKey, from, to);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
        } catch (CertIOException e) {
            throw new CertificateAuthorityException("cannot build the root certificate", e);
        }
        return sign(b, keys, rootKey);
    }

    /**
     * A cross certificate: {@code newRoot}'s subject and key, issued by {@code oldRoot} with its key,
     * a CA without a path length limit as the new root is.
     */
    X509Certificate cross(
            KeyBackend keys,
            KeyHandle oldRootKey,
            X509Certificate oldRoot,
            X509Certificate newRoot,
            Instant from,
            Instant to) {
        PublicKey publicKey = newRoot.getPublicKey();
        X509v3CertificateBuilder b = builder(
                X500Name.getInstance(oldRoot.getSubjectX500Principal().getEncoded()),
                X500Name.getInstance(newRoot.getSubjectX500Principal().getEncoded()),
                publicKey,
                from,
                to);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(oldRoot.getPublicKey()));
        } catch (CertIOException e) {
            throw new CertificateAuthorityException("cannot build the cross certificate", e);
        }
        return sign(b, keys, oldRootKey);
    }

    X509Certificate issuing(
            KeyBackend keys,
            KeyHandle rootKey,
            X509Certificate root,
            PublicKey issuingKey,
            String commonName,
            Instant from,
            Instant to) {
        X509v3CertificateBuilder b = builder(
                X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                name(commonName),
                issuingKey,
                from,
                to);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(issuingKey));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(root.getPublicKey()));
        } catch (CertIOException e) {
            throw new CertificateAuthorityException("cannot build the issuing certificate", e);
        }
        return sign(b, keys, rootKey);
    }

    X509Certificate codeSigning(
            KeyBackend keys,
            KeyHandle issuingKey,
            X509Certificate issuing,
            PublicKey subjectKey,
            String commonName,
            String profileVersionArn,
            Optional<URI> crlDistributionPoint,
            Instant from,
            Instant to) {
        X509v3CertificateBuilder b = builder(
                X500Name.getInstance(issuing.getSubjectX500Principal().getEncoded()),
                name(commonName),
                subjectKey,
                from,
                to);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (crlDistributionPoint.isPresent()) {
                GeneralNames where = new GeneralNames(new GeneralName(
                        GeneralName.uniformResourceIdentifier,
                        crlDistributionPoint.get().toString()));
                b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(where), null, null)
                }));
            }
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            b.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, profileVersionArn)));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(issuing.getPublicKey()));
        } catch (CertIOException e) {
            throw new CertificateAuthorityException("cannot build the code-signing certificate", e);
        }
        return sign(b, keys, issuingKey);
    }

    X509Certificate timestamping(
            KeyBackend keys,
            KeyHandle issuingKey,
            X509Certificate issuing,
            PublicKey subjectKey,
            String commonName,
            Instant from,
            Instant to) {
        X509v3CertificateBuilder b = builder(
                X500Name.getInstance(issuing.getSubjectX500Principal().getEncoded()),
                name(commonName),
                subjectKey,
                from,
                to);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(issuing.getPublicKey()));
        } catch (CertIOException e) {
            throw new CertificateAuthorityException("cannot build the time-stamping certificate", e);
        }
        return sign(b, keys, issuingKey);
    }

    private X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .addRDN(BCStyle.O, organization)
                .build();
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, PublicKey key, Instant from, Instant to) {
        return new X509v3CertificateBuilder(
                issuer,
                serial(),
                Date.from(from),
                Date.from(to),
                subject,
                SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    /** 16 random bytes, positive (RFC 5280 4.1.2.2: at most 20 octets, positive). */
    private static BigInteger serial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        BigInteger serial = new BigInteger(1, bytes);
        return serial.signum() == 0 ? BigInteger.ONE : serial;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyBackend keys, KeyHandle key) {
        X509CertificateHolder holder =
                builder.build(new KeyBackendContentSigner(keys, key, CertificateAuthority.caHash()));
        try {
            return Pem.certificate(holder.getEncoded());
        } catch (CertificateException | java.io.IOException e) {
            throw new CertificateAuthorityException("the CA produced an unreadable certificate", e);
        }
    }
}
