package dev.signet.server.store.signer;

import dev.signet.server.service.permission.PermissionRepository;
import dev.signet.server.service.permission.ProfilePermission;
import dev.signet.server.store.Database;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * {@link PermissionRepository} on the relational {@link Database}. The revision row is moved with a
 * conditional UPDATE inside the change's transaction, so concurrent writers serialize on it.
 */
public final class JdbiPermissionRepository implements PermissionRepository {
    private final Database database;

    public JdbiPermissionRepository(Database database) {
        this.database = database;
    }

    @Override
    public Optional<String> revision(String ownerAccount, String profileName) {
        return database.jdbi().withHandle(handle -> currentRevision(handle, ownerAccount, profileName));
    }

    @Override
    public List<ProfilePermission> statements(String ownerAccount, String profileName) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT statement_id, action, principal, profile_version"
                                + " FROM signing_profile_permission WHERE owner_account = :owner"
                                + " AND profile_name = :name ORDER BY statement_id")
                        .bind("owner", ownerAccount)
                        .bind("name", profileName)
                        .map((rs, ctx) -> new ProfilePermission(
                                rs.getString("statement_id"),
                                rs.getString("action"),
                                rs.getString("principal"),
                                Optional.ofNullable(rs.getString("profile_version"))))
                        .list());
    }

    @Override
    public Change add(
            String ownerAccount,
            String profileName,
            ProfilePermission permission,
            Optional<String> expectedRevision,
            String newRevision) {
        try {
            return database.jdbi().inTransaction(handle -> {
                Change moved = moveRevision(handle, ownerAccount, profileName, expectedRevision, newRevision);
                if (moved != Change.APPLIED) {
                    return moved;
                }
                if (exists(handle, ownerAccount, profileName, permission.statementId())) {
                    handle.rollback();
                    return Change.DUPLICATE_STATEMENT;
                }
                handle.createUpdate("INSERT INTO signing_profile_permission (owner_account, profile_name,"
                                + " statement_id, action, principal, profile_version, created_at) VALUES (:owner,"
                                + " :name, :sid, :action, :principal, :version, :now)")
                        .bind("owner", ownerAccount)
                        .bind("name", profileName)
                        .bind("sid", permission.statementId())
                        .bind("action", permission.action())
                        .bind("principal", permission.principal())
                        .bind("version", permission.profileVersion().orElse(null))
                        .bind("now", System.currentTimeMillis())
                        .execute();
                return Change.APPLIED;
            });
        } catch (JdbiException e) {
            // a concurrent writer created the policy row or the statement first
            return Change.STALE_REVISION;
        }
    }

    @Override
    public Change remove(
            String ownerAccount, String profileName, String statementId, String expectedRevision, String newRevision) {
        return database.jdbi().inTransaction(handle -> {
            Change moved = moveRevision(handle, ownerAccount, profileName, Optional.of(expectedRevision), newRevision);
            if (moved != Change.APPLIED) {
                return moved;
            }
            int deleted = handle.createUpdate("DELETE FROM signing_profile_permission WHERE owner_account = :owner"
                            + " AND profile_name = :name AND statement_id = :sid")
                    .bind("owner", ownerAccount)
                    .bind("name", profileName)
                    .bind("sid", statementId)
                    .execute();
            if (deleted == 0) {
                handle.rollback();
                return Change.NO_SUCH_STATEMENT;
            }
            return Change.APPLIED;
        });
    }

    private static Change moveRevision(
            Handle handle, String owner, String name, Optional<String> expected, String newRevision) {
        Optional<String> current = currentRevision(handle, owner, name);
        if (expected.isPresent() && !expected.equals(current)) {
            return Change.STALE_REVISION;
        }
        if (current.isEmpty()) {
            handle.createUpdate("INSERT INTO signing_profile_policy (owner_account, profile_name, revision_id)"
                            + " VALUES (:owner, :name, :revision)")
                    .bind("owner", owner)
                    .bind("name", name)
                    .bind("revision", newRevision)
                    .execute();
            return Change.APPLIED;
        }
        int moved = handle.createUpdate("UPDATE signing_profile_policy SET revision_id = :revision"
                        + " WHERE owner_account = :owner AND profile_name = :name AND revision_id = :current")
                .bind("revision", newRevision)
                .bind("owner", owner)
                .bind("name", name)
                .bind("current", current.get())
                .execute();
        return moved == 1 ? Change.APPLIED : Change.STALE_REVISION;
    }

    private static Optional<String> currentRevision(Handle handle, String owner, String name) {
        return handle.createQuery("SELECT revision_id FROM signing_profile_policy WHERE owner_account = :owner"
                        + " AND profile_name = :name")
                .bind("owner", owner)
                .bind("name", name)
                .mapTo(String.class)
                .findOne();
    }

    private static boolean exists(Handle handle, String owner, String name, String statementId) {
        return handle.createQuery("SELECT COUNT(*) FROM signing_profile_permission WHERE owner_account = :owner"
                                + " AND profile_name = :name AND statement_id = :sid")
                        .bind("owner", owner)
                        .bind("name", name)
                        .bind("sid", statementId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }
}
