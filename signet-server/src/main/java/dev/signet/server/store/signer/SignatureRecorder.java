package dev.signet.server.store.signer;

import dev.signet.server.service.job.PayloadReceipt;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.store.Database;
import dev.signet.server.store.GroupCommit;
import dev.signet.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import javax.sql.DataSource;

/**
 * Records SignPayload's jobs durably through a {@link GroupCommit}: concurrent jobs share one
 * transaction (one fsync), written with plain JDBC. Each row is inserted by one conditional statement
 * ({@link JobRows#insertIfActiveSql}) that stores it only if its profile is, inside that
 * transaction, Active at the job's version (on PostgreSQL holding the profile row share-locked
 * until the commit, so a cancel commits before the read or after the batch); a refused row stores
 * nothing and fails only its own caller, while the rest of the batch commits. The statement is prepared once per physical connection
 * and reused. A job with a client token (rare) is inserted on its own in the same transaction, only
 * if its requester has not used the token yet, followed by its receipt; a batch without one runs
 * exactly as before. Thread-safe.
 */
final class SignatureRecorder {
    /** A job to record, with the receipt a token-carrying job keeps. */
    private record Row(SigningJob job, Optional<PayloadReceipt> receipt) {}

    private final DataSource dataSource;
    private final String insertIfActive;
    private final String insertIfActiveAndTokenUnused;
    private final GroupCommit<Row, Boolean> commits;
    /** Guarded by this; at most one entry per physical connection of the pool. */
    private final Map<Connection, PreparedStatement> prepared = new HashMap<>();

    /** @param batches told the number of rows of each group-commit transaction (for metrics) */
    SignatureRecorder(DataSource dataSource, Database.Dialect dialect, IntConsumer batches) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.insertIfActive = JobRows.insertIfActiveSql(dialect);
        this.insertIfActiveAndTokenUnused = JobRows.insertIfActiveAndTokenUnusedSql(dialect);
        this.commits = new GroupCommit<>(
                this::recordAll, row -> recordAll(List.of(row)).get(0), batches);
    }

    /** Stores {@code job} durably and returns true, or stores nothing and returns false if its profile version is not current and Active. */
    boolean record(SigningJob job) {
        return commits.write(new Row(job, Optional.empty()));
    }

    /**
     * Stores a token-carrying {@code job} and its receipt durably and returns true, or stores nothing
     * and returns false if its profile version is not current and Active or its token is taken.
     */
    boolean record(SigningJob job, PayloadReceipt receipt) {
        if (job.clientRequestToken().isEmpty()) {
            throw new IllegalArgumentException("a receipt is kept only for a job with a client token");
        }
        return commits.write(new Row(job, Optional.of(receipt)));
    }

    /** One transaction: whether each job was stored, in order; throws (committing nothing) on a database error. */
    private List<Boolean> recordAll(List<Row> rows) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Boolean> stored = insert(connection, rows);
                connection.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record " + rows.size() + " signing job(s)", e);
        }
    }

    /** The rows without a receipt in one batch, then each row with one on its own; results in order. */
    private List<Boolean> insert(Connection connection, List<Row> rows) throws SQLException {
        List<SigningJob> plain = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.receipt().isEmpty()) {
                plain.add(row.job());
            }
        }
        if (plain.size() == rows.size()) {
            return insertPlain(connection, plain);
        }
        List<Boolean> plainStored = plain.isEmpty() ? List.of() : insertPlain(connection, plain);
        List<Boolean> stored = new ArrayList<>(rows.size());
        int next = 0;
        for (Row row : rows) {
            stored.add(
                    row.receipt().isEmpty()
                            ? plainStored.get(next++)
                            : insertWithReceipt(
                                    connection, row.job(), row.receipt().get()));
        }
        return stored;
    }

    private boolean insertWithReceipt(Connection connection, SigningJob job, PayloadReceipt receipt)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insertIfActiveAndTokenUnused)) {
            JobRows.bindIfActiveAndTokenUnused(statement, job);
            if (!stored(statement.executeUpdate())) {
                return false;
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(JobRows.INSERT_RECEIPT_SQL)) {
            JobRows.bindReceipt(statement, job.jobId(), receipt);
            statement.executeUpdate();
        }
        return true;
    }

    private List<Boolean> insertPlain(Connection connection, List<SigningJob> jobs) throws SQLException {
        PreparedStatement statement = statement(connection);
        boolean clean = false;
        try {
            List<Boolean> stored = insert(statement, jobs);
            statement.clearParameters();
            clean = true;
            return stored;
        } finally {
            if (!clean) {
                // a failed statement is not reused: the next batch prepares a fresh one
                forget(statement);
            }
        }
    }

    /**
     * The conditional insert, prepared once per physical connection (preparing it costs about as much
     * as running it). Prepared on the pool's underlying connection, so the pool does not close it when
     * the connection is returned; it dies with that connection, whose entry is dropped at the next
     * preparation.
     */
    private synchronized PreparedStatement statement(Connection pooled) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        PreparedStatement statement = prepared.get(physical);
        if (statement != null && !statement.isClosed()) {
            return statement;
        }
        for (var i = prepared.entrySet().iterator(); i.hasNext(); ) {
            var entry = i.next();
            if (entry.getKey().isClosed() || entry.getValue().isClosed()) {
                i.remove();
            }
        }
        statement = physical.prepareStatement(insertIfActive);
        prepared.put(physical, statement);
        return statement;
    }

    private synchronized void forget(PreparedStatement statement) {
        prepared.values().remove(statement);
        closeQuietly(statement);
    }

    private static List<Boolean> insert(PreparedStatement statement, List<SigningJob> jobs) throws SQLException {
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

    /** 1: inserted; 0: refused by the profile condition; anything else (no count) is not trusted. */
    private static boolean stored(int count) throws SQLException {
        if (count != 0 && count != 1) {
            throw new SQLException("unexpected update count " + count + " for a one-row insert");
        }
        return count == 1;
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // already failed; the exception being thrown says why
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
