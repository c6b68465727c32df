package dev.signet.server.keys;

import dev.signet.core.ca.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A CA that plays the public CA in the tests (root -> intermediate -> code-signing leaf), made with
 * BouncyCastle in memory: it issues leaves from CSRs and, for refusal cases, leaves with the wrong
 * usages, dates or keys.
 */
final class TestPublicCa {
    /** What a leaf carries; {@link #codeSigning} is what a public CA issues for code signing. */
    record Leaf(KeyPurposeId eku, int keyUsage, Instant notBefore, Instant notAfter) {
        static Leaf codeSigning(Instant now) {
            return new Leaf(
                    KeyPurposeId.id_kp_codeSigning,
                    KeyUsage.digitalSignature,
                    now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(30)));
        }
    }

    private final AtomicLong serial = new AtomicLong(1000);
    final KeyPair rootKey;
    final X509Certificate root;
    final KeyPair intermediateKey;
    final X509Certificate intermediate;

    TestPublicCa(String name) {
        Instant now = Instant.now();
        rootKey = ecKey();
        root = ca(new X500Name("CN=" + name + " Root,O=Test Public CA"), rootKey.getPublic(), null, rootKey, now);
        intermediateKey = ecKey();
        intermediate = ca(
                new X500Name("CN=" + name + " Code Signing CA,O=Test Public CA"),
                intermediateKey.getPublic(),
                root,
                rootKey,
                now);
    }

    /** The subject public key of a CSR whose self-signature verifies. */
    static PublicKey csrKey(String csrPem) {
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(
                    new PKCS10CertificationRequest(Pem.decode("CERTIFICATE REQUEST", csrPem)));
            if (!csr.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                    .build(csr.getPublicKey()))) {
                throw new AssertionError("the CSR's signature does not verify");
            }
            return csr.getPublicKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException | org.bouncycastle.pkcs.PKCSException e) {
            throw new AssertionError(e);
        }
    }

    /** A leaf for {@code key} issued by the intermediate. */
    X509Certificate leaf(PublicKey key, String subject, Leaf leaf) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    intermediate,
                    BigInteger.valueOf(serial.incrementAndGet()),
                    Date.from(leaf.notBefore()),
                    Date.from(leaf.notAfter()),
                    new X500Name(subject),
                    key);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(leaf.keyUsage()));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(leaf.eku()));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(intermediate.getPublicKey()));
            return sign(b, intermediateKey.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The PEM of {@code leaf} followed by the intermediate and the root: what a CA hands back. */
    String chainPem(X509Certificate leaf) {
        return Pem.encode(leaf) + Pem.encode(intermediate) + Pem.encode(root);
    }

    String rootPem() {
        return Pem.encode(root);
    }

    private X509Certificate ca(
            X500Name subject, PublicKey key, X509Certificate issuer, KeyPair issuerKey, Instant now) {
        try {
            X500Name issuerName = issuer == null
                    ? subject
                    : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuerName,
                    BigInteger.valueOf(serial.incrementAndGet()),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    subject,
                    key);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(issuer == null ? 1 : 0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key));
            return sign(b, issuerKey.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
