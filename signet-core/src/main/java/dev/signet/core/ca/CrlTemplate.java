package dev.signet.core.ca;

import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.KeyHandle;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Builds and signs the issuing CA's X.509 v2 CRL (RFC 5280 section 5): issuer the issuing CA,
 * {@code thisUpdate} and {@code nextUpdate}, the non-critical authorityKeyIdentifier and cRLNumber
 * extensions, and per entry the serial number, the revocation date and a non-critical
 * invalidityDate; no reasonCode (RFC 5280 5.3.1: "unspecified" is expressed by leaving it out). No
 * critical extension, so every verifier may process it.
 */
final class CrlTemplate {
    private CrlTemplate() {}

    static byte[] sign(
            KeyBackend keys,
            KeyHandle issuingKey,
            X509Certificate issuing,
            List<RevokedCertificate> entries,
            Instant thisUpdate,
            Instant nextUpdate,
            BigInteger number) {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(issuing.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        try {
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuing.getPublicKey()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            for (RevokedCertificate entry : entries) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(
                        Extension.invalidityDate,
                        false,
                        new ASN1GeneralizedTime(Date.from(entry.invalidFrom().truncatedTo(ChronoUnit.SECONDS))));
                builder.addCRLEntry(
                        entry.serialNumber(),
                        Date.from(entry.revokedAt().truncatedTo(ChronoUnit.SECONDS)),
                        extensions.generate());
            }
            return builder.build(new KeyBackendContentSigner(keys, issuingKey, CertificateAuthority.caHash()))
                    .getEncoded();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new CertificateAuthorityException("cannot build the certificate revocation list", e);
        }
    }
}
