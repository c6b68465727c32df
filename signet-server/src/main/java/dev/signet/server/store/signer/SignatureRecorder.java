package dev.signet.server.store.signer;

import dev.signet.server.service.job.SigningJob;
import dev.signet.server.store.GroupCommit;
import dev.signet.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Records SignPayload's jobs durably through a {@link GroupCommit}: concurrent jobs share one
 * transaction (one fsync), written with plain JDBC. Each row is inserted by one conditional statement
 * ({@link JobRows#INSERT_IF_ACTIVE_SQL}) that stores it only if its profile is, inside that
 * transaction, Active at the job's version; a refused row stores nothing and fails only its own
 * caller, while the rest of the batch commits. Thread-safe.
 */
final class SignatureRecorder {
    private final DataSource dataSource;
    private final GroupCommit<SigningJob, Boolean> commits;

    SignatureRecorder(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.commits = new GroupCommit<>(
                this::recordAll, job -> recordAll(List.of(job)).get(0));
    }

    /** Stores {@code job} durably and returns true, or stores nothing and returns false if its profile version is not current and Active. */
    boolean record(SigningJob job) {
        return commits.write(job);
    }

    /** One transaction: whether each job was stored, in order; throws (committing nothing) on a database error. */
    private List<Boolean> recordAll(List<SigningJob> jobs) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Boolean> stored = insert(connection, jobs);
                connection.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record " + jobs.size() + " signing job(s)", e);
        }
    }

    private static List<Boolean> insert(Connection connection, List<SigningJob> jobs) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(JobRows.INSERT_IF_ACTIVE_SQL)) {
            if (jobs.size() == 1) {
                JobRows.bindIfActive(statement, jobs.get(0));
                return List.of(stored(statement.executeUpdate()));
            }
            for (SigningJob job : jobs) {
                JobRows.bindIfActive(statement, job);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            if (counts.length != jobs.size()) {
                throw new SQLException("the driver reported " + counts.length + " counts for " + jobs.size() + " rows");
            }
            List<Boolean> stored = new ArrayList<>(counts.length);
            for (int count : counts) {
                stored.add(stored(count));
            }
            return stored;
        }
    }

    /** 1: inserted; 0: refused by the profile condition; anything else (no count) is not trusted. */
    private static boolean stored(int count) throws SQLException {
        if (count != 0 && count != 1) {
            throw new SQLException("unexpected update count " + count + " for a one-row insert");
        }
        return count == 1;
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
