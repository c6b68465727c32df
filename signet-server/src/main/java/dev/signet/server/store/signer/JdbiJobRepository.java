package dev.signet.server.store.signer;

import dev.signet.server.service.job.JobCursor;
import dev.signet.server.service.job.JobFilter;
import dev.signet.server.service.job.JobRepository;
import dev.signet.server.service.job.JobRevocation;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.S3Destination;
import dev.signet.server.service.job.S3Source;
import dev.signet.server.service.job.SignedObject;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.store.Database;
import dev.signet.server.store.GroupCommit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link JobRepository} on the relational {@link Database}; portable SQL only. */
public final class JdbiJobRepository implements JobRepository {
    private final Database database;

    private final GroupCommit<SigningJob> newJobs;

    public JdbiJobRepository(Database database) {
        this.database = database;
        this.newJobs = new GroupCommit<>(this::recordAll, this::recordOne);
    }

    @Override
    public SigningJob insertIdempotent(SigningJob job) {
        if (job.clientRequestToken().isPresent()) {
            Optional<SigningJob> earlier =
                    findByToken(job.requestedBy(), job.clientRequestToken().get());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        try {
            database.jdbi().useHandle(handle -> insert(handle, List.of(job)));
            return job;
        } catch (JdbiException e) {
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
        try {
            newJobs.write(job);
            return true;
        } catch (ProfileNotActive e) {
            return false;
        }
    }

    /** Records {@code jobs} in one transaction, all or none; refused whole if one's profile is not Active. */
    private void recordAll(List<SigningJob> jobs) {
        database.jdbi().useTransaction(handle -> {
            Map<List<String>, Boolean> checked = new HashMap<>();
            for (SigningJob job : jobs) {
                List<String> version = List.of(job.jobOwner(), job.profileName(), job.profileVersion());
                if (!checked.computeIfAbsent(version, v -> activeVersion(handle, job))) {
                    throw new ProfileNotActive();
                }
            }
            insert(handle, jobs);
        });
    }

    /** The fallback after a refused batch: one job in a transaction of its own. */
    private void recordOne(SigningJob job) {
        database.jdbi().useTransaction(handle -> {
            if (!activeVersion(handle, job)) {
                throw new ProfileNotActive();
            }
            insert(handle, List.of(job));
        });
    }

    /** Whether the job's profile version is the current version of an Active profile. */
    private static boolean activeVersion(Handle handle, SigningJob job) {
        return handle.createQuery("SELECT COUNT(*) FROM signing_profile WHERE owner_account = :owner"
                                + " AND profile_name = :name AND current_version = :version AND status = :active")
                        .bind("owner", job.jobOwner())
                        .bind("name", job.profileName())
                        .bind("version", job.profileVersion())
                        .bind("active", ProfileStatus.Active.name())
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** Inserts {@code jobs} with one prepared statement, in the handle's transaction if it has one. */
    private static void insert(Handle handle, List<SigningJob> jobs) {
        PreparedBatch batch = null;
        for (SigningJob job : jobs) {
            Map<String, Object> values = values(job);
            if (batch == null) {
                batch = handle.prepareBatch(insertSql(values.keySet()));
            }
            values.forEach(batch::bind);
            batch.add();
        }
        if (batch != null) {
            batch.execute();
        }
    }

    /** The INSERT of every column {@link #values} names (always the same ones, in the same order). */
    private static String insertSql(Set<String> columns) {
        return "INSERT INTO signing_job (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> ":" + c).toList()) + ")";
    }

    private static Map<String, Object> values(SigningJob job) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("job_id", job.jobId());
        values.put("job_owner", job.jobOwner());
        values.put("job_invoker", job.jobInvoker());
        values.put("requested_by", job.requestedBy());
        values.put("client_request_token", job.clientRequestToken().orElse(null));
        values.put("profile_name", job.profileName());
        values.put("profile_version", job.profileVersion());
        values.put("platform_id", job.platformId());
        values.put("platform_display_name", job.platformDisplayName());
        values.put("certificate_arn", job.certificateArn().orElse(null));
        values.put("source_bucket", job.source().map(S3Source::bucketName).orElse(null));
        values.put("source_key", job.source().map(S3Source::key).orElse(null));
        values.put("source_version", job.source().map(S3Source::version).orElse(null));
        values.put(
                "destination_bucket",
                job.destination().map(S3Destination::bucketName).orElse(null));
        values.put(
                "destination_prefix",
                job.destination().map(S3Destination::prefix).orElse(null));
        values.put(
                "signed_bucket",
                job.signedObject().map(SignedObject::bucketName).orElse(null));
        values.put("signed_key", job.signedObject().map(SignedObject::key).orElse(null));
        values.put("overrides_json", JsonColumns.overrides(job.overrides()));
        values.put("signing_parameters_json", JsonColumns.map(job.signingParameters()));
        values.put("status", job.status().name());
        values.put("status_reason", job.statusReason().orElse(null));
        values.put("created_at", job.createdAt().toEpochMilli());
        values.put("completed_at", job.completedAt().map(Instant::toEpochMilli).orElse(null));
        values.put("signature_expires_at", job.signatureExpiresAt().toEpochMilli());
        values.put(
                "revoked_at",
                job.revocation().map(r -> r.revokedAt().toEpochMilli()).orElse(null));
        values.put("revoked_by", job.revocation().map(JobRevocation::revokedBy).orElse(null));
        values.put(
                "revocation_reason", job.revocation().map(JobRevocation::reason).orElse(null));
        values.put("signature_id", job.signatureId().orElse(null));
        return values;
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
                                + " WHERE status = 'InProgress' AND (lease_until IS NULL OR lease_until < :now)"
                                + " ORDER BY created_at, job_id LIMIT :limit")
                        .bind("now", now.toEpochMilli())
                        .bind("limit", limit)
                        .mapTo(String.class)
                        .list());
    }

    @Override
    public Optional<Integer> claim(String jobId, String worker, Instant now, Instant until) {
        return database.jdbi().inTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE signing_job SET lease_owner = :worker, lease_until = :until,"
                            + " attempts = attempts + 1 WHERE job_id = :id AND status = 'InProgress'"
                            + " AND (lease_until IS NULL OR lease_until < :now)")
                    .bind("worker", worker)
                    .bind("until", until.toEpochMilli())
                    .bind("id", jobId)
                    .bind("now", now.toEpochMilli())
                    .execute();
            if (updated != 1) {
                return Optional.empty();
            }
            return Optional.of(handle.createQuery("SELECT attempts FROM signing_job WHERE job_id = :id")
                    .bind("id", jobId)
                    .mapTo(Integer.class)
                    .one());
        });
    }

    @Override
    public int releaseAllLeases() {
        return database.jdbi()
                .withHandle(handle -> handle.createUpdate(
                                "UPDATE signing_job SET lease_owner = NULL, lease_until = NULL WHERE status = 'InProgress'")
                        .execute());
    }

    @Override
    public boolean complete(
            String jobId,
            String worker,
            JobStatus status,
            String statusReason,
            Optional<SignedObject> signedObject,
            Optional<String> signatureId,
            Instant completedAt) {
        if (status == JobStatus.InProgress) {
            throw new IllegalArgumentException("completing a job means Succeeded or Failed");
        }
        return database.jdbi()
                        .withHandle(handle -> handle.createUpdate("UPDATE signing_job SET status = :status,"
                                        + " status_reason = :reason, signed_bucket = :bucket, signed_key = :key,"
                                        + " signature_id = :signatureId,"
                                        + " completed_at = :completed, lease_owner = NULL, lease_until = NULL"
                                        + " WHERE job_id = :id AND status = 'InProgress' AND lease_owner = :worker")
                                .bind("status", status.name())
                                .bind("reason", statusReason)
                                .bind(
                                        "bucket",
                                        signedObject
                                                .map(SignedObject::bucketName)
                                                .orElse(null))
                                .bind("key", signedObject.map(SignedObject::key).orElse(null))
                                .bind("signatureId", signatureId.orElse(null))
                                .bind("completed", completedAt.toEpochMilli())
                                .bind("id", jobId)
                                .bind("worker", worker)
                                .execute())
                == 1;
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
                Optional.ofNullable(rs.getString("signature_id")));
    }

    private static String text(ResultSet rs, String column) {
        try {
            String value = rs.getString(column);
            return value == null ? "" : value;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + column, e);
        }
    }

    /** A batch or a job refused because its profile version is no longer current and Active. */
    private static final class ProfileNotActive extends RuntimeException {
        ProfileNotActive() {
            super("the signing profile version is not the current version of an Active profile", null, false, false);
        }
    }
}
