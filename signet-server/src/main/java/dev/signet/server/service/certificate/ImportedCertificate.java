package dev.signet.server.service.certificate;

import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.revocation.ImportedAnchor;
import dev.signet.server.service.CertificatePem;
import java.time.Instant;
import java.util.Objects;

/**
 * Imported signing material: a customer's certificate chain (leaf first) and the handle of its
 * private key in the key backend. Carries no secret.
 *
 * @param certificateArn {@code arn:aws:acm:REGION:ACCOUNT:certificate/UUID}, what a profile's
 *     {@code signingMaterial.certificateArn} names
 */
public record ImportedCertificate(
        String ownerAccount,
        String certificateId,
        String certificateArn,
        KeyHandle key,
        String certificateChainPem,
        String subject,
        Instant notBefore,
        Instant notAfter,
        Instant createdAt) {
    public ImportedCertificate {
        Objects.requireNonNull(ownerAccount, "ownerAccount");
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * The lower-case hex SHA-256 of the certificate's DER: how verifiers and the trust bundle
     * ({@code importedCertificates[].certificateSha256}) name it.
     */
    public String certificateSha256() {
        return ImportedAnchor.fingerprint(
                CertificatePem.decode(certificateChainPem).get(0));
    }
}
