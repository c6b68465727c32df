package dev.signet.server.store.signer;

import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.profile.CertificateState;
import dev.signet.server.service.revocation.TrustRecords;
import dev.signet.server.store.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link TrustRecords} on the relational {@link Database}; portable SQL only. Revoked jobs are read
 * through the partial index {@code signing_job_revoked} (V7). Spared signatures are one join of the
 * (few) profile revocations with their versions' jobs; no index covers a job's profile version, so
 * the database may scan {@code signing_job} for it (known limitation: an index on {@code
 * (job_owner, profile_name, profile_version)} would need a new migration).
 */
public final class JdbiTrustRecords implements TrustRecords {
    private final Database database;

    public JdbiTrustRecords(Database database) {
        this.database = database;
    }

    @Override
    public List<RevokedJob> revokedJobs() {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT job_owner, job_id, signature_id, revoked_at FROM signing_job"
                                        + " WHERE revoked_at IS NOT NULL")
                        .map((rs, ctx) -> new RevokedJob(
                                rs.getString("job_owner"),
                                rs.getString("job_id"),
                                Optional.ofNullable(rs.getString("signature_id")),
                                Instant.ofEpochMilli(rs.getLong("revoked_at"))))
                        .list());
    }

    @Override
    public List<SparedSignature> sparedSignatures(Set<String> platformIds) {
        if (platformIds.isEmpty()) {
            return List.of();
        }
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT j.job_owner, j.profile_name, j.profile_version,"
                                + " j.signature_id, j.completed_at FROM signing_profile_revocation r"
                                + " JOIN signing_job j ON j.job_owner = r.owner_account"
                                + " AND j.profile_name = r.profile_name AND j.profile_version = r.profile_version"
                                + " WHERE j.status = :succeeded AND j.signature_id IS NOT NULL"
                                + " AND j.completed_at IS NOT NULL AND j.completed_at < r.effective_from"
                                + " AND j.platform_id IN (<platforms>)")
                        .bind("succeeded", JobStatus.Succeeded.name())
                        .bindList("platforms", new ArrayList<>(new TreeSet<>(platformIds)))
                        .map((rs, ctx) -> new SparedSignature(
                                rs.getString("job_owner"),
                                rs.getString("profile_name"),
                                rs.getString("profile_version"),
                                rs.getString("signature_id"),
                                Instant.ofEpochMilli(rs.getLong("completed_at"))))
                        .list());
    }

    /**
     * Five aggregate queries in one transaction. Revoking is irreversible and the only change to a
     * profile revocation is its effective time moving earlier, and an installed external certificate
     * is never uninstalled, so counts and sums cannot return to an earlier value. Revoked jobs are counted through the partial index {@code
     * signing_job_revoked}.
     */
    @Override
    public ChangeMarker changeMarker() {
        return database.jdbi().inTransaction(handle -> {
            long[] jobs = handle.createQuery("SELECT COUNT(*), COALESCE(MAX(revoked_at), 0) FROM signing_job"
                            + " WHERE revoked_at IS NOT NULL")
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .one();
            long[] versions = handle.createQuery(
                            "SELECT COUNT(*), COALESCE(SUM(effective_from), 0)" + " FROM signing_profile_revocation")
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .one();
            long imported = handle.createQuery("SELECT COUNT(*) FROM imported_certificate")
                    .mapTo(Long.class)
                    .one();
            long uses = handle.createQuery(
                            "SELECT COUNT(*) FROM signing_profile_version WHERE certificate_arn IS NOT NULL")
                    .mapTo(Long.class)
                    .one();
            long external = handle.createQuery(
                            "SELECT COUNT(*) FROM signing_profile_version WHERE certificate_state = :external")
                    .bind("external", CertificateState.External.name())
                    .mapTo(Long.class)
                    .one();
            return new ChangeMarker(jobs[0], jobs[1], versions[0], versions[1], imported, uses, external);
        });
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
                .withHandle(handle -> handle.createQuery(
                                "SELECT owner_account, certificate_arn, profile_name, profile_version"
                                        + " FROM signing_profile_version WHERE certificate_arn IS NOT NULL")
                        .map((rs, ctx) -> new CertificateUse(
                                rs.getString("owner_account"),
                                rs.getString("certificate_arn"),
                                rs.getString("profile_name"),
                                rs.getString("profile_version")))
                        .list());
    }

    @Override
    public List<ExternalChain> externalChains() {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT owner_account, profile_name, profile_version, certificate_chain_pem"
                                        + " FROM signing_profile_version WHERE certificate_state = :external")
                        .bind("external", CertificateState.External.name())
                        .map((rs, ctx) -> new ExternalChain(
                                rs.getString("owner_account"),
                                rs.getString("profile_name"),
                                rs.getString("profile_version"),
                                rs.getString("certificate_chain_pem")))
                        .list());
    }
}
