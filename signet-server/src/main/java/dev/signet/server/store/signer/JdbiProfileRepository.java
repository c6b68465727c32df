package dev.signet.server.store.signer;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.server.service.profile.CertificateState;
import dev.signet.server.service.profile.ProfileFilter;
import dev.signet.server.service.profile.ProfileRepository;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.ValidityPeriod;
import dev.signet.server.service.profile.ValidityType;
import dev.signet.server.store.Database;
import dev.signet.server.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ProfileRepository} on the relational {@link Database}; portable SQL only. */
public final class JdbiProfileRepository implements ProfileRepository {
    private static final int MAX_TAG_ATTEMPTS = 10;

    private static final String SELECT = "SELECT p.owner_account, p.profile_name, p.status, p.status_reason,"
            + " p.tags_json, p.created_at AS profile_created_at, v.profile_version, v.platform_id,"
            + " v.platform_display_name, v.certificate_arn, v.key_backend, v.key_id, v.key_algorithm,"
            + " v.certificate_chain_pem, v.certificate_state, v.validity_value, v.validity_type, v.overrides_json,"
            + " v.signing_parameters_json"
            + " FROM signing_profile p JOIN signing_profile_version v"
            + " ON v.owner_account = p.owner_account AND v.profile_name = p.profile_name";

    private final Database database;

    public JdbiProfileRepository(Database database) {
        this.database = database;
    }

    @Override
    public boolean create(SigningProfile profile) {
        try {
            return insertIfAbsent(profile);
        } catch (JdbiException e) {
            // a concurrent create of the same name won the primary key; report it like a duplicate
            if (find(profile.ownerAccount(), profile.name()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    private boolean insertIfAbsent(SigningProfile profile) {
        return database.jdbi().inTransaction(handle -> {
            boolean exists = handle.createQuery(
                                    "SELECT COUNT(*) FROM signing_profile WHERE owner_account = :owner AND profile_name = :name")
                            .bind("owner", profile.ownerAccount())
                            .bind("name", profile.name())
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            if (exists) {
                return false;
            }
            insertProfile(handle, profile);
            insertVersion(handle, profile, profile.createdAt());
            return true;
        });
    }

    @Override
    public boolean addVersion(SigningProfile version, String replacedVersion, Instant createdAt) {
        return database.jdbi().inTransaction(handle -> {
            // the conditional update first: on PostgreSQL it locks the profile row, so a concurrent
            // rotation, cancel or revocation either commits before it (and this changes nothing) or waits
            int moved = handle.createUpdate("UPDATE signing_profile SET current_version = :version, updated_at = :now"
                            + " WHERE owner_account = :owner AND profile_name = :name AND current_version = :replaced"
                            + " AND status = :active")
                    .bind("version", version.version())
                    .bind("now", createdAt.toEpochMilli())
                    .bind("owner", version.ownerAccount())
                    .bind("name", version.name())
                    .bind("replaced", replacedVersion)
                    .bind("active", ProfileStatus.Active.name())
                    .execute();
            if (moved != 1) {
                return false;
            }
            insertVersion(handle, version, createdAt);
            return true;
        });
    }

    private static void insertProfile(Handle handle, SigningProfile profile) {
        handle.createUpdate("INSERT INTO signing_profile (owner_account, profile_name, current_version, platform_id,"
                        + " status, status_reason, tags_json, created_at, updated_at) VALUES (:owner, :name,"
                        + " :version, :platform, :status, :reason, :tags, :created, :created)")
                .bind("owner", profile.ownerAccount())
                .bind("name", profile.name())
                .bind("version", profile.version())
                .bind("platform", profile.platformId())
                .bind("status", profile.status().name())
                .bind("reason", profile.statusReason().orElse(null))
                .bind("tags", JsonColumns.map(profile.tags()))
                .bind("created", profile.createdAt().toEpochMilli())
                .execute();
    }

    private static void insertVersion(Handle handle, SigningProfile profile, Instant createdAt) {
        handle.createUpdate("INSERT INTO signing_profile_version (owner_account, profile_name, profile_version,"
                        + " platform_id, platform_display_name, certificate_arn, key_backend, key_id, key_algorithm,"
                        + " certificate_chain_pem, certificate_state, validity_value, validity_type, overrides_json,"
                        + " signing_parameters_json, created_at) VALUES (:owner, :name, :version, :platform,"
                        + " :display, :certArn, :backend, :keyId, :keyAlg, :chain, :state, :validityValue,"
                        + " :validityType, :overrides, :params, :created)")
                .bind("owner", profile.ownerAccount())
                .bind("name", profile.name())
                .bind("version", profile.version())
                .bind("platform", profile.platformId())
                .bind("display", profile.platformDisplayName())
                .bind("certArn", profile.certificateArn().orElse(null))
                .bind("backend", profile.key().backend())
                .bind("keyId", profile.key().keyId())
                .bind("keyAlg", profile.key().algorithm().name())
                .bind("chain", profile.certificateChainPem())
                .bind("state", profile.certificateState().name())
                .bind("validityValue", profile.validity().value())
                .bind("validityType", profile.validity().type().name())
                .bind("overrides", JsonColumns.overrides(profile.overrides()))
                .bind("params", JsonColumns.map(profile.signingParameters()))
                .bind("created", createdAt.toEpochMilli())
                .execute();
    }

    @Override
    public List<SigningProfile> activeProfiles() {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery(SELECT
                                + " AND v.profile_version = p.current_version WHERE p.status = :active"
                                + " ORDER BY p.owner_account, p.profile_name")
                        .bind("active", ProfileStatus.Active.name())
                        .map(JdbiProfileRepository::row)
                        .list());
    }

    @Override
    public Optional<SigningProfile> find(String ownerAccount, String name) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery(SELECT
                                + " AND v.profile_version = p.current_version"
                                + " WHERE p.owner_account = :owner AND p.profile_name = :name")
                        .bind("owner", ownerAccount)
                        .bind("name", name)
                        .map(JdbiProfileRepository::row)
                        .findOne());
    }

    @Override
    public Optional<SigningProfile> findVersion(String ownerAccount, String name, String version) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery(
                                SELECT + " WHERE p.owner_account = :owner AND p.profile_name = :name"
                                        + " AND v.profile_version = :version")
                        .bind("owner", ownerAccount)
                        .bind("name", name)
                        .bind("version", version)
                        .map(JdbiProfileRepository::row)
                        .findOne());
    }

    @Override
    public boolean updateStatus(
            String ownerAccount, String name, ProfileStatus expected, ProfileStatus status, Optional<String> reason) {
        return database.jdbi()
                        .withHandle(handle -> handle.createUpdate("UPDATE signing_profile SET status = :status,"
                                        + " status_reason = :reason, updated_at = :now WHERE owner_account = :owner"
                                        + " AND profile_name = :name AND status = :expected")
                                .bind("status", status.name())
                                .bind("reason", reason.orElse(null))
                                .bind("now", System.currentTimeMillis())
                                .bind("owner", ownerAccount)
                                .bind("name", name)
                                .bind("expected", expected.name())
                                .execute())
                == 1;
    }

    @Override
    public boolean installExternalChain(String ownerAccount, String name, String version, String chainPem) {
        try {
            return database.jdbi().inTransaction(handle -> {
                // the profile row first: on PostgreSQL it locks the row, so a concurrent install,
                // rotation, cancel or revocation either commits before this one or waits for it
                int moved = handle.createUpdate("UPDATE signing_profile SET current_version = :version,"
                                + " status_reason = NULL, updated_at = :now WHERE owner_account = :owner"
                                + " AND profile_name = :name AND status = :active")
                        .bind("version", version)
                        .bind("now", System.currentTimeMillis())
                        .bind("owner", ownerAccount)
                        .bind("name", name)
                        .bind("active", ProfileStatus.Active.name())
                        .execute();
                if (moved != 1) {
                    return false;
                }
                int installed = handle.createUpdate("UPDATE signing_profile_version SET certificate_chain_pem = :chain,"
                                + " certificate_state = :external WHERE owner_account = :owner AND profile_name = :name"
                                + " AND profile_version = :version AND certificate_state = :pending")
                        .bind("chain", chainPem)
                        .bind("external", CertificateState.External.name())
                        .bind("owner", ownerAccount)
                        .bind("name", name)
                        .bind("version", version)
                        .bind("pending", CertificateState.PendingCertificate.name())
                        .execute();
                if (installed != 1) {
                    throw new NothingChanged(); // rolls the moved current version back
                }
                return true;
            });
        } catch (NothingChanged e) {
            return false;
        }
    }

    @Override
    public boolean addPendingVersion(SigningProfile version, String currentVersion, Instant createdAt) {
        return database.jdbi().inTransaction(handle -> {
            // locks the profile row (PostgreSQL), so two rotations cannot both find no pending version
            int locked = handle.createUpdate("UPDATE signing_profile SET updated_at = :now"
                            + " WHERE owner_account = :owner AND profile_name = :name AND current_version = :current"
                            + " AND status = :active")
                    .bind("now", createdAt.toEpochMilli())
                    .bind("owner", version.ownerAccount())
                    .bind("name", version.name())
                    .bind("current", currentVersion)
                    .bind("active", ProfileStatus.Active.name())
                    .execute();
            if (locked != 1
                    || pendingVersion(handle, version.ownerAccount(), version.name())
                            .isPresent()) {
                return false;
            }
            insertVersion(handle, version, createdAt);
            return true;
        });
    }

    @Override
    public Optional<SigningProfile> findPendingVersion(String ownerAccount, String name) {
        return database.jdbi().withHandle(handle -> pendingVersion(handle, ownerAccount, name));
    }

    private static Optional<SigningProfile> pendingVersion(Handle handle, String ownerAccount, String name) {
        return handle.createQuery(
                        SELECT + " AND v.profile_version <> p.current_version"
                                + " WHERE p.owner_account = :owner AND p.profile_name = :name AND v.certificate_state = :pending")
                .bind("owner", ownerAccount)
                .bind("name", name)
                .bind("pending", CertificateState.PendingCertificate.name())
                .map(JdbiProfileRepository::row)
                .findFirst();
    }

    /** Thrown inside a transaction to roll it back when a later step finds nothing to change. */
    private static final class NothingChanged extends RuntimeException {
        NothingChanged() {
            super(null, null, false, false);
        }
    }

    @Override
    public List<SigningProfile> list(ProfileFilter filter, Optional<String> afterName, int limit) {
        List<String> statuses =
                filter.statuses().stream().map(Enum::name).sorted().toList();
        StringBuilder sql = new StringBuilder(SELECT)
                .append(" AND v.profile_version = p.current_version WHERE p.owner_account = :owner")
                .append(" AND p.status IN (<statuses>)");
        filter.platformId().ifPresent(p -> sql.append(" AND p.platform_id = :platform"));
        afterName.ifPresent(a -> sql.append(" AND p.profile_name > :after"));
        sql.append(" ORDER BY p.profile_name LIMIT :limit");
        return database.jdbi().withHandle(handle -> {
            Query query = handle.createQuery(sql.toString())
                    .bind("owner", filter.ownerAccount())
                    .bindList("statuses", statuses)
                    .bind("limit", limit);
            filter.platformId().ifPresent(p -> query.bind("platform", p));
            afterName.ifPresent(a -> query.bind("after", a));
            return query.map(JdbiProfileRepository::row).list();
        });
    }

    @Override
    public Optional<Map<String, String>> changeTags(
            String ownerAccount, String name, UnaryOperator<Map<String, String>> change) {
        for (int attempt = 0; attempt < MAX_TAG_ATTEMPTS; attempt++) {
            Optional<String> current = database.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT tags_json FROM signing_profile"
                                    + " WHERE owner_account = :owner AND profile_name = :name")
                            .bind("owner", ownerAccount)
                            .bind("name", name)
                            .mapTo(String.class)
                            .findOne());
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> changed = Map.copyOf(change.apply(new TreeMap<>(JsonColumns.map(current.get()))));
            // compare-and-set on the JSON text read above: a concurrent change makes this miss and retry
            int updated = database.jdbi()
                    .withHandle(handle -> handle.createUpdate("UPDATE signing_profile SET tags_json = :tags,"
                                    + " updated_at = :now WHERE owner_account = :owner AND profile_name = :name"
                                    + " AND tags_json = :old")
                            .bind("tags", JsonColumns.map(changed))
                            .bind("now", System.currentTimeMillis())
                            .bind("owner", ownerAccount)
                            .bind("name", name)
                            .bind("old", current.get())
                            .execute());
            if (updated == 1) {
                return Optional.of(changed);
            }
        }
        throw new StoreException("tags of " + name + " changed concurrently " + MAX_TAG_ATTEMPTS + " times; retry");
    }

    private static SigningProfile row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SigningProfile(
                rs.getString("owner_account"),
                rs.getString("profile_name"),
                rs.getString("profile_version"),
                rs.getString("platform_id"),
                rs.getString("platform_display_name"),
                Optional.ofNullable(rs.getString("certificate_arn")),
                new KeyHandle(
                        rs.getString("key_backend"),
                        rs.getString("key_id"),
                        KeyAlgorithm.valueOf(rs.getString("key_algorithm"))),
                rs.getString("certificate_chain_pem"),
                CertificateState.valueOf(rs.getString("certificate_state")),
                new ValidityPeriod(rs.getInt("validity_value"), ValidityType.valueOf(rs.getString("validity_type"))),
                JsonColumns.overrides(rs.getString("overrides_json")),
                JsonColumns.map(rs.getString("signing_parameters_json")),
                JsonColumns.map(rs.getString("tags_json")),
                ProfileStatus.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("status_reason")),
                Instant.ofEpochMilli(rs.getLong("profile_created_at")));
    }
}
