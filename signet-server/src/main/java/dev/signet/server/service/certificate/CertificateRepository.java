package dev.signet.server.service.certificate;

import java.util.Optional;

/** Stores imported certificates; one row per import, never updated. */
public interface CertificateRepository {

    void insert(ImportedCertificate certificate);

    /** The certificate with this ARN owned by {@code ownerAccount}, if any. */
    Optional<ImportedCertificate> find(String ownerAccount, String certificateArn);
}
