package dev.signet.server.objects;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A statement that must succeed in the same database transaction as an object write for the write
 * to be kept ({@link ObjectStore#putIf}): the object index lives in the database, so a store runs
 * the condition on the connection of the transaction that would commit the new version, and rolls
 * both back when it does not hold. A signing job records its result this way, so its output exists
 * exactly when the job is recorded Succeeded under a lease that is still current.
 */
@FunctionalInterface
public interface CommitCondition {
    /**
     * Runs the condition's statements on {@code connection} (inside the write's transaction; neither
     * commit nor roll back here).
     *
     * @return true to commit the write with what the condition changed, false to roll both back
     */
    boolean holds(Connection connection) throws SQLException;
}
