package dev.signet.server.store.signer;

import dev.signet.server.service.revocation.TrustRecords;
import dev.signet.server.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link TrustRecords} on the relational {@link Database}; portable SQL only. Revoked jobs are read
 * through the partial index {@code signing_job_revoked} (V7).
 */
public final class JdbiTrustRecords implements TrustRecords {
    private final Database database;

    public JdbiTrustRecords(Database database) {
        this.database = database;
    }

    @Override
    public List<RevokedJob> revokedJobs() {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT job_id, signature_id, revoked_at FROM signing_job"
                                + " WHERE revoked_at IS NOT NULL")
                        .map((rs, ctx) -> new RevokedJob(
                                rs.getString("job_id"),
                                Optional.ofNullable(rs.getString("signature_id")),
                                Instant.ofEpochMilli(rs.getLong("revoked_at"))))
                        .list());
    }

    @Override
    public List<ImportedChain> importedCertificates() {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT certificate_arn, certificate_chain_pem FROM imported_certificate")
                        .map((rs, ctx) -> new ImportedChain(
                                rs.getString("certificate_arn"), rs.getString("certificate_chain_pem")))
                        .list());
    }

    @Override
    public List<CertificateUse> certificateUses() {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT certificate_arn, profile_name, profile_version"
                                + " FROM signing_profile_version WHERE certificate_arn IS NOT NULL")
                        .map((rs, ctx) -> new CertificateUse(
                                rs.getString("certificate_arn"),
                                rs.getString("profile_name"),
                                rs.getString("profile_version")))
                        .list());
    }
}
