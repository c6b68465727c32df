package dev.signet.server.store.certificate;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.server.service.certificate.CertificateRepository;
import dev.signet.server.service.certificate.ImportedCertificate;
import dev.signet.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** {@link CertificateRepository} on the relational {@link Database}; portable SQL only. */
public final class JdbiCertificateRepository implements CertificateRepository {
    private final Database database;

    public JdbiCertificateRepository(Database database) {
        this.database = database;
    }

    @Override
    public void insert(ImportedCertificate c) {
        database.jdbi()
                .useHandle(handle -> handle.createUpdate(
                                "INSERT INTO imported_certificate (owner_account,"
                                        + " certificate_id, certificate_arn, key_backend, key_id, key_algorithm,"
                                        + " certificate_chain_pem, subject, not_before, not_after, created_at) VALUES (:owner, :id,"
                                        + " :arn, :backend, :keyId, :keyAlg, :chain, :subject, :notBefore, :notAfter, :created)")
                        .bind("owner", c.ownerAccount())
                        .bind("id", c.certificateId())
                        .bind("arn", c.certificateArn())
                        .bind("backend", c.key().backend())
                        .bind("keyId", c.key().keyId())
                        .bind("keyAlg", c.key().algorithm().name())
                        .bind("chain", c.certificateChainPem())
                        .bind("subject", c.subject())
                        .bind("notBefore", c.notBefore().toEpochMilli())
                        .bind("notAfter", c.notAfter().toEpochMilli())
                        .bind("created", c.createdAt().toEpochMilli())
                        .execute());
    }

    @Override
    public Optional<ImportedCertificate> find(String ownerAccount, String certificateArn) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT * FROM imported_certificate"
                                + " WHERE owner_account = :owner AND certificate_arn = :arn")
                        .bind("owner", ownerAccount)
                        .bind("arn", certificateArn)
                        .map((rs, ctx) -> row(rs))
                        .findOne());
    }

    private static ImportedCertificate row(ResultSet rs) throws SQLException {
        return new ImportedCertificate(
                rs.getString("owner_account"),
                rs.getString("certificate_id"),
                rs.getString("certificate_arn"),
                new KeyHandle(
                        rs.getString("key_backend"),
                        rs.getString("key_id"),
                        KeyAlgorithm.valueOf(rs.getString("key_algorithm"))),
                rs.getString("certificate_chain_pem"),
                rs.getString("subject"),
                Instant.ofEpochMilli(rs.getLong("not_before")),
                Instant.ofEpochMilli(rs.getLong("not_after")),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
