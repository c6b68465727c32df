package dev.signet.server.store.signer;

import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.revocation.ProfileRevocation;
import dev.signet.server.service.revocation.ProfileRevocationRepository;
import dev.signet.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ProfileRevocationRepository} on the relational {@link Database}; portable SQL only. */
public final class JdbiProfileRevocationRepository implements ProfileRevocationRepository {
    private final Database database;

    public JdbiProfileRevocationRepository(Database database) {
        this.database = database;
    }

    @Override
    public boolean revoke(ProfileRevocation r) {
        try {
            return database.jdbi().inTransaction(handle -> {
                boolean exists = handle.createQuery("SELECT COUNT(*) FROM signing_profile_revocation"
                                        + " WHERE owner_account = :owner AND profile_name = :name"
                                        + " AND profile_version = :version")
                                .bind("owner", r.ownerAccount())
                                .bind("name", r.profileName())
                                .bind("version", r.profileVersion())
                                .mapTo(Integer.class)
                                .one()
                        > 0;
                if (exists) {
                    return false;
                }
                handle.createUpdate("INSERT INTO signing_profile_revocation (owner_account, profile_name,"
                                + " profile_version, effective_from, revoked_at, revoked_by, reason) VALUES (:owner,"
                                + " :name, :version, :effective, :at, :by, :reason)")
                        .bind("owner", r.ownerAccount())
                        .bind("name", r.profileName())
                        .bind("version", r.profileVersion())
                        .bind("effective", r.effectiveFrom().toEpochMilli())
                        .bind("at", r.revokedAt().toEpochMilli())
                        .bind("by", r.revokedBy())
                        .bind("reason", r.reason())
                        .execute();
                handle.createUpdate("UPDATE signing_profile SET status = :status, status_reason = :reason,"
                                + " updated_at = :at WHERE owner_account = :owner AND profile_name = :name"
                                + " AND current_version = :version")
                        .bind("status", ProfileStatus.Revoked.name())
                        .bind("reason", "Profile revoked: " + r.reason())
                        .bind("at", r.revokedAt().toEpochMilli())
                        .bind("owner", r.ownerAccount())
                        .bind("name", r.profileName())
                        .bind("version", r.profileVersion())
                        .execute();
                return true;
            });
        } catch (JdbiException e) {
            // a concurrent revocation of the same version won the primary key
            if (find(r.ownerAccount(), r.profileName(), r.profileVersion()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean moveEffectiveTimeEarlier(
            String ownerAccount, String profileName, String profileVersion, Instant effectiveFrom) {
        return database.jdbi()
                        .withHandle(handle -> handle.createUpdate("UPDATE signing_profile_revocation"
                                        + " SET effective_from = :effective WHERE owner_account = :owner"
                                        + " AND profile_name = :name AND profile_version = :version"
                                        + " AND effective_from > :effective")
                                .bind("effective", effectiveFrom.toEpochMilli())
                                .bind("owner", ownerAccount)
                                .bind("name", profileName)
                                .bind("version", profileVersion)
                                .execute())
                == 1;
    }

    @Override
    public List<ProfileRevocation> all() {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT * FROM signing_profile_revocation")
                        .map(JdbiProfileRevocationRepository::row)
                        .list());
    }

    @Override
    public Optional<ProfileRevocation> find(String ownerAccount, String profileName, String profileVersion) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT * FROM signing_profile_revocation"
                                + " WHERE owner_account = :owner AND profile_name = :name"
                                + " AND profile_version = :version")
                        .bind("owner", ownerAccount)
                        .bind("name", profileName)
                        .bind("version", profileVersion)
                        .map(JdbiProfileRevocationRepository::row)
                        .findOne());
    }

    private static ProfileRevocation row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ProfileRevocation(
                rs.getString("owner_account"),
                rs.getString("profile_name"),
                rs.getString("profile_version"),
                Instant.ofEpochMilli(rs.getLong("effective_from")),
                Instant.ofEpochMilli(rs.getLong("revoked_at")),
                rs.getString("revoked_by"),
                rs.getString("reason"));
    }
}
