package dev.signet.server.store.signer;

import dev.signet.server.metrics.JobCounts;
import dev.signet.server.objects.CommitCondition;
import dev.signet.server.service.job.ApprovalGate;
import dev.signet.server.service.job.JobCursor;
import dev.signet.server.service.job.JobFilter;
import dev.signet.server.service.job.JobLease;
import dev.signet.server.service.job.JobOutcome;
import dev.signet.server.service.job.JobRepository;
import dev.signet.server.service.job.JobRevocation;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.PayloadReceipt;
import dev.signet.server.service.job.S3Destination;
import dev.signet.server.service.job.S3Source;
import dev.signet.server.service.job.SignedObject;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.store.Database;
import dev.signet.server.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link JobRepository} on the relational {@link Database}; portable SQL only. */
public final class JdbiJobRepository implements JobRepository {
    /**
     * A Succeeded record, under a current fence and an Active profile (Active with the job's version
     * as its current version, read by the same statement that records the job, and on PostgreSQL
     * share-locked until the output's commit: {@link JobRows#lockingRead}): run with the output's
     * commit.
     */
    private static String succeededSql(Database.Dialect dialect) {
        return "UPDATE signing_job SET status = ?, status_reason = ?,"
                + " signed_bucket = ?, signed_key = ?, signature_id = ?, artifact_digest = ?, completed_at = ?,"
                + " lease_owner = NULL, lease_until = NULL"
                + " WHERE job_id = ? AND status = 'InProgress' AND lease_fence = ?"
                + " AND EXISTS (SELECT 1 FROM signing_profile p"
                + " WHERE p.owner_account = signing_job.job_owner AND p.profile_name = signing_job.profile_name"
                + " AND p.current_version = signing_job.profile_version AND p.status = '"
                + ProfileStatus.Active.name() + "'" + JobRows.lockingRead(dialect) + ")";
    }

    private final Database database;
    private final String succeededSql;

    private final SignatureRecorder signatures;

    public JdbiJobRepository(Database database) {
        this(database, rows -> {});
    }

    /** @param commitBatches told the number of SignPayload jobs each group-commit transaction writes */
    public JdbiJobRepository(Database database, IntConsumer commitBatches) {
        this.database = database;
        this.signatures = new SignatureRecorder(database.dataSource(), database.dialect(), commitBatches);
        this.succeededSql = succeededSql(database.dialect());
    }

    @Override
    public SigningJob insertIdempotent(SigningJob job, Optional<ApprovalGate> gate) {
        if (job.clientRequestToken().isPresent()) {
            Optional<SigningJob> earlier =
                    findByToken(job.requestedBy(), job.clientRequestToken().get());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        try {
            database.jdbi().useTransaction(handle -> {
                insert(handle, job);
                gate.ifPresent(g -> JdbiApprovalRepository.gate(handle, job.jobId(), g));
            });
            return job;
        } catch (JdbiException | StoreException e) {
            // a concurrent request with the same token won the unique index
            if (job.clientRequestToken().isPresent()) {
                Optional<SigningJob> winner =
                        findByToken(job.requestedBy(), job.clientRequestToken().get());
                if (winner.isPresent()) {
                    return winner.get();
                }
            }
            throw e;
        }
    }

    @Override
    public boolean recordSignature(SigningJob job) {
        return signatures.record(job);
    }

    @Override
    public boolean recordSignature(SigningJob job, PayloadReceipt receipt) {
        return signatures.record(job, receipt);
    }

    @Override
    public Optional<SigningJob> findByClientToken(String requestedBy, String clientRequestToken) {
        return findByToken(requestedBy, clientRequestToken);
    }

    @Override
    public Optional<PayloadReceipt> payloadReceipt(String jobId) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT payload_sha256, signature FROM signpayload_receipt WHERE job_id = :id")
                        .bind("id", jobId)
                        .map((rs, ctx) -> new PayloadReceipt(
                                rs.getString("payload_sha256"),
                                Base64.getDecoder().decode(rs.getString("signature"))))
                        .findOne());
    }

    /** Inserts {@code job} on the handle's connection. */
    private static void insert(Handle handle, SigningJob job) {
        try (PreparedStatement statement = handle.getConnection().prepareStatement(JobRows.INSERT_SQL)) {
            JobRows.bind(statement, job);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot insert a signing job", e);
        }
    }

    private Optional<SigningJob> findByToken(String requestedBy, String token) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT * FROM signing_job WHERE requested_by = :by AND client_request_token = :token")
                        .bind("by", requestedBy)
                        .bind("token", token)
                        .map(JdbiJobRepository::row)
                        .findOne());
    }

    @Override
    public Optional<SigningJob> find(String jobId) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT * FROM signing_job WHERE job_id = :id")
                        .bind("id", jobId)
                        .map(JdbiJobRepository::row)
                        .findOne());
    }

    @Override
    public List<SigningJob> list(JobFilter filter, Optional<JobCursor> cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM signing_job WHERE job_owner = :owner");
        Map<String, Object> binds = new LinkedHashMap<>();
        binds.put("owner", filter.jobOwner());
        filter.status().ifPresent(s -> {
            sql.append(" AND status = :status");
            binds.put("status", s.name());
        });
        filter.platformId().ifPresent(p -> {
            sql.append(" AND platform_id = :platform");
            binds.put("platform", p);
        });
        filter.requestedBy().ifPresent(r -> {
            sql.append(" AND requested_by = :requestedBy");
            binds.put("requestedBy", r);
        });
        filter.revoked().ifPresent(r -> sql.append(r ? " AND revoked_at IS NOT NULL" : " AND revoked_at IS NULL"));
        filter.signatureExpiresBefore().ifPresent(t -> {
            sql.append(" AND signature_expires_at < :before");
            binds.put("before", t.toEpochMilli());
        });
        filter.signatureExpiresAfter().ifPresent(t -> {
            sql.append(" AND signature_expires_at > :after");
            binds.put("after", t.toEpochMilli());
        });
        filter.jobInvoker().ifPresent(i -> {
            sql.append(" AND job_invoker = :invoker");
            binds.put("invoker", i);
        });
        cursor.ifPresent(c -> {
            sql.append(" AND (created_at < :cursorTime OR (created_at = :cursorTime AND job_id < :cursorId))");
            binds.put("cursorTime", c.createdAt().toEpochMilli());
            binds.put("cursorId", c.jobId());
        });
        sql.append(" ORDER BY created_at DESC, job_id DESC LIMIT :limit");
        binds.put("limit", limit);
        return database.jdbi().withHandle(handle -> {
            var query = handle.createQuery(sql.toString());
            binds.forEach(query::bind);
            return query.map(JdbiJobRepository::row).list();
        });
    }

    @Override
    public List<String> claimable(Instant now, int limit) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT job_id FROM signing_job"
                                + " WHERE status = 'InProgress' AND awaiting_approval = 0"
                                + " AND (lease_until IS NULL OR lease_until < :now)"
                                + " ORDER BY created_at, job_id LIMIT :limit")
                        .bind("now", now.toEpochMilli())
                        .bind("limit", limit)
                        .mapTo(String.class)
                        .list());
    }

    @Override
    public Optional<JobLease> claim(String jobId, String worker, Instant now, Instant until) {
        return database.jdbi().inTransaction(handle -> take(handle, jobId, worker, now, until));
    }

    @Override
    public List<JobLease> claimNext(String worker, Instant now, Instant until, int limit) {
        // PostgreSQL: lock the chosen rows, skipping rows another node is claiming right now; SQLite
        // has one writer, so its transaction alone keeps two claims apart
        String lock = database.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        return database.jdbi().inTransaction(handle -> {
            List<String> ids = handle.createQuery("SELECT job_id FROM signing_job"
                            + " WHERE status = 'InProgress' AND awaiting_approval = 0"
                            + " AND (lease_until IS NULL OR lease_until < :now)"
                            + " ORDER BY created_at, job_id LIMIT :limit" + lock)
                    .bind("now", now.toEpochMilli())
                    .bind("limit", limit)
                    .mapTo(String.class)
                    .list();
            List<JobLease> leases = new ArrayList<>();
            for (String id : ids) {
                take(handle, id, worker, now, until).ifPresent(leases::add);
            }
            return leases;
        });
    }

    /** One claim, in the caller's transaction: the lease, the attempt and a new fencing token. */
    private static Optional<JobLease> take(Handle handle, String jobId, String worker, Instant now, Instant until) {
        int updated = handle.createUpdate("UPDATE signing_job SET lease_owner = :worker, lease_until = :until,"
                        + " attempts = attempts + 1, lease_fence = lease_fence + 1"
                        + " WHERE job_id = :id AND status = 'InProgress' AND awaiting_approval = 0"
                        + " AND (lease_until IS NULL OR lease_until < :now)")
                .bind("worker", worker)
                .bind("until", until.toEpochMilli())
                .bind("id", jobId)
                .bind("now", now.toEpochMilli())
                .execute();
        if (updated != 1) {
            return Optional.empty();
        }
        return Optional.of(handle.createQuery("SELECT attempts, lease_fence FROM signing_job WHERE job_id = :id")
                .bind("id", jobId)
                .map((rs, ctx) -> new JobLease(jobId, worker, rs.getLong("lease_fence"), rs.getInt("attempts"), until))
                .one());
    }

    @Override
    public boolean extend(JobLease lease, Instant until) {
        return database.jdbi()
                        .withHandle(handle -> handle.createUpdate("UPDATE signing_job SET lease_until = :until"
                                        + " WHERE job_id = :id AND status = 'InProgress' AND lease_fence = :fence")
                                .bind("until", until.toEpochMilli())
                                .bind("id", lease.jobId())
                                .bind("fence", lease.fence())
                                .execute())
                == 1;
    }

    @Override
    public boolean release(JobLease lease) {
        return database.jdbi()
                        .withHandle(handle -> handle.createUpdate("UPDATE signing_job SET lease_owner = NULL,"
                                        + " lease_until = NULL, attempts = attempts - 1"
                                        + " WHERE job_id = :id AND status = 'InProgress' AND lease_fence = :fence")
                                .bind("id", lease.jobId())
                                .bind("fence", lease.fence())
                                .execute())
                == 1;
    }

    @Override
    public JobCounts inProgress(Instant now) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN"
                                + " awaiting_approval = 0 AND (lease_until IS NULL OR lease_until < :now) THEN 1 ELSE 0 END), 0)"
                                + " AS waiting"
                                + " FROM signing_job WHERE status = 'InProgress'")
                        .bind("now", now.toEpochMilli())
                        .map((rs, ctx) -> new JobCounts(rs.getLong("total"), rs.getLong("waiting")))
                        .one());
    }

    @Override
    public int releaseAllLeases() {
        return database.jdbi()
                .withHandle(handle -> handle.createUpdate(
                                "UPDATE signing_job SET lease_owner = NULL, lease_until = NULL WHERE status = 'InProgress'")
                        .execute());
    }

    @Override
    public boolean fail(JobLease lease, String statusReason, Instant completedAt) {
        return database.jdbi()
                        .withHandle(handle -> handle.createUpdate("UPDATE signing_job SET status = :status,"
                                        + " status_reason = :reason, completed_at = :completed,"
                                        + " lease_owner = NULL, lease_until = NULL"
                                        + " WHERE job_id = :id AND status = 'InProgress' AND lease_fence = :fence")
                                .bind("status", JobStatus.Failed.name())
                                .bind("reason", statusReason)
                                .bind("completed", completedAt.toEpochMilli())
                                .bind("id", lease.jobId())
                                .bind("fence", lease.fence())
                                .execute())
                == 1;
    }

    @Override
    public CommitCondition succeededIf(
            JobLease lease,
            SignedObject signedObject,
            Optional<String> signatureId,
            String artifactDigest,
            Instant completedAt) {
        // the record's own check, before anything is committed with it
        SigningJob.requireArtifactDigest(artifactDigest);
        return connection -> {
            try (PreparedStatement statement = connection.prepareStatement(succeededSql)) {
                statement.setString(1, JobStatus.Succeeded.name());
                statement.setString(2, JobOutcome.SUCCEEDED);
                statement.setString(3, signedObject.bucketName());
                statement.setString(4, signedObject.key());
                statement.setString(5, signatureId.orElse(null));
                statement.setString(6, artifactDigest);
                statement.setLong(7, completedAt.toEpochMilli());
                statement.setString(8, lease.jobId());
                statement.setLong(9, lease.fence());
                return statement.executeUpdate() == 1;
            }
        };
    }

    /**
     * The record {@link #succeededIf} makes, in a transaction of its own and without an output: for
     * the tests of this package, which check the record alone.
     */
    boolean succeed(
            JobLease lease,
            SignedObject signedObject,
            Optional<String> signatureId,
            String artifactDigest,
            Instant completedAt) {
        return database.jdbi().inTransaction(handle -> {
            try {
                return succeededIf(lease, signedObject, signatureId, artifactDigest, completedAt)
                        .holds(handle.getConnection());
            } catch (SQLException e) {
                throw new StoreException("cannot record a job", e);
            }
        });
    }

    @Override
    public boolean revoke(String jobId, JobRevocation revocation) {
        return database.jdbi()
                        .withHandle(handle -> handle.createUpdate("UPDATE signing_job SET revoked_at = :at,"
                                        + " revoked_by = :by, revocation_reason = :reason"
                                        + " WHERE job_id = :id AND revoked_at IS NULL")
                                .bind("at", revocation.revokedAt().toEpochMilli())
                                .bind("by", revocation.revokedBy())
                                .bind("reason", revocation.reason())
                                .bind("id", jobId)
                                .execute())
                == 1;
    }

    private static SigningJob row(ResultSet rs, StatementContext ctx) throws SQLException {
        Optional<S3Source> source = Optional.ofNullable(rs.getString("source_bucket"))
                .map(b -> new S3Source(b, text(rs, "source_key"), text(rs, "source_version")));
        Optional<S3Destination> destination = Optional.ofNullable(rs.getString("destination_bucket"))
                .map(b -> new S3Destination(b, text(rs, "destination_prefix")));
        Optional<SignedObject> signed = Optional.ofNullable(rs.getString("signed_bucket"))
                .map(b -> new SignedObject(b, text(rs, "signed_key")));
        long revokedAt = rs.getLong("revoked_at");
        Optional<JobRevocation> revocation = rs.wasNull()
                ? Optional.empty()
                : Optional.of(new JobRevocation(
                        rs.getString("revocation_reason"),
                        Instant.ofEpochMilli(revokedAt),
                        rs.getString("revoked_by")));
        long completedAt = rs.getLong("completed_at");
        Optional<Instant> completed = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(completedAt));
        return new SigningJob(
                rs.getString("job_id"),
                rs.getString("job_owner"),
                rs.getString("job_invoker"),
                rs.getString("requested_by"),
                Optional.ofNullable(rs.getString("client_request_token")),
                rs.getString("profile_name"),
                rs.getString("profile_version"),
                rs.getString("platform_id"),
                rs.getString("platform_display_name"),
                Optional.ofNullable(rs.getString("certificate_arn")),
                source,
                destination,
                signed,
                JsonColumns.overrides(rs.getString("overrides_json")),
                JsonColumns.map(rs.getString("signing_parameters_json")),
                JobStatus.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("status_reason")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                completed,
                Instant.ofEpochMilli(rs.getLong("signature_expires_at")),
                revocation,
                Optional.ofNullable(rs.getString("signature_id")),
                Optional.ofNullable(rs.getString("artifact_digest")));
    }

    private static String text(ResultSet rs, String column) {
        try {
            String value = rs.getString(column);
            return value == null ? "" : value;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + column, e);
        }
    }
}
