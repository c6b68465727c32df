package dev.signet.server.store.signer;

import dev.signet.server.service.job.JobRevocation;
import dev.signet.server.service.job.PayloadReceipt;
import dev.signet.server.service.job.S3Destination;
import dev.signet.server.service.job.S3Source;
import dev.signet.server.service.job.SignedObject;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The columns a new {@code signing_job} row is inserted with, their SQL and their binding by
 * position with plain JDBC (typed: strings as VARCHAR, times as BIGINT epoch milliseconds, NULL for
 * an absent value). The lease columns are left to their defaults. Portable SQL, but for the row lock
 * PostgreSQL needs ({@link #lockingRead}).
 */
final class JobRows {
    /** The inserted columns, in binding order. */
    static final List<String> COLUMNS = List.of(
            "job_id",
            "job_owner",
            "job_invoker",
            "requested_by",
            "client_request_token",
            "profile_name",
            "profile_version",
            "platform_id",
            "platform_display_name",
            "certificate_arn",
            "source_bucket",
            "source_key",
            "source_version",
            "destination_bucket",
            "destination_prefix",
            "signed_bucket",
            "signed_key",
            "overrides_json",
            "signing_parameters_json",
            "status",
            "status_reason",
            "created_at",
            "completed_at",
            "signature_expires_at",
            "revoked_at",
            "revoked_by",
            "revocation_reason",
            "signature_id",
            "artifact_digest");

    private static final String PARAMETERS =
            String.join(", ", COLUMNS.stream().map(c -> "?").toList());
    private static final String INSERT = "INSERT INTO signing_job (" + String.join(", ", COLUMNS) + ")";

    /** Inserts one row unconditionally; bind with {@link #bind}. */
    static final String INSERT_SQL = INSERT + " VALUES (" + PARAMETERS + ")";

    /**
     * Inserts one row only if, when the statement runs, the job's profile is Active with the job's
     * version as its current version; otherwise inserts nothing (update count 0). On PostgreSQL the
     * profile row it read stays share-locked until the transaction ends ({@link #lockingRead}). Bind
     * with {@link #bindIfActive}.
     */
    static String insertIfActiveSql(Database.Dialect dialect) {
        return INSERT_IF_ACTIVE + lockingRead(dialect);
    }

    /**
     * As {@link #insertIfActiveSql}, and only if the job's requester has not used its client token
     * yet (a row of the same transaction counts). Bind with {@link #bindIfActiveAndTokenUnused}.
     */
    static String insertIfActiveAndTokenUnusedSql(Database.Dialect dialect) {
        return INSERT_IF_ACTIVE
                + " AND NOT EXISTS (SELECT 1 FROM signing_job WHERE requested_by = ? AND client_request_token = ?)"
                + lockingRead(dialect);
    }

    /**
     * What ends a SELECT that reads a profile's status to record a signature. On PostgreSQL, {@code
     * FOR SHARE}: the profile row stays locked until the recording transaction ends, so a cancel or
     * revocation (an UPDATE of that row) commits either before the read, which then sees it and
     * records nothing, or after the recording commits. Without the lock, READ COMMITTED lets the
     * read see Active, the cancel commit, and the signature commit (and be handed out) after the
     * cancel. SQLite's single writer orders them already (and has no {@code FOR SHARE}).
     */
    static String lockingRead(Database.Dialect dialect) {
        return dialect == Database.Dialect.POSTGRESQL ? " FOR SHARE" : "";
    }

    private static final String INSERT_IF_ACTIVE = INSERT + " SELECT " + PARAMETERS
            + " FROM signing_profile WHERE owner_account = ? AND profile_name = ? AND current_version = ?"
            + " AND status = '" + ProfileStatus.Active.name() + "'";

    /** A token-carrying SignPayload job's receipt; bind with {@link #bindReceipt}. */
    static final String INSERT_RECEIPT_SQL =
            "INSERT INTO signpayload_receipt (job_id, payload_sha256, signature) VALUES (?, ?, ?)";

    private JobRows() {}

    /** Binds {@code job} to parameters 1..{@code COLUMNS.size()} of {@link #INSERT_SQL}. */
    static void bind(PreparedStatement statement, SigningJob job) throws SQLException {
        int i = 0;
        text(statement, ++i, job.jobId());
        text(statement, ++i, job.jobOwner());
        text(statement, ++i, job.jobInvoker());
        text(statement, ++i, job.requestedBy());
        text(statement, ++i, job.clientRequestToken().orElse(null));
        text(statement, ++i, job.profileName());
        text(statement, ++i, job.profileVersion());
        text(statement, ++i, job.platformId());
        text(statement, ++i, job.platformDisplayName());
        text(statement, ++i, job.certificateArn().orElse(null));
        Optional<S3Source> source = job.source();
        text(statement, ++i, source.map(S3Source::bucketName).orElse(null));
        text(statement, ++i, source.map(S3Source::key).orElse(null));
        text(statement, ++i, source.map(S3Source::version).orElse(null));
        Optional<S3Destination> destination = job.destination();
        text(statement, ++i, destination.map(S3Destination::bucketName).orElse(null));
        text(statement, ++i, destination.map(S3Destination::prefix).orElse(null));
        Optional<SignedObject> signed = job.signedObject();
        text(statement, ++i, signed.map(SignedObject::bucketName).orElse(null));
        text(statement, ++i, signed.map(SignedObject::key).orElse(null));
        text(statement, ++i, JsonColumns.overrides(job.overrides()));
        text(statement, ++i, JsonColumns.map(job.signingParameters()));
        text(statement, ++i, job.status().name());
        text(statement, ++i, job.statusReason().orElse(null));
        time(statement, ++i, Optional.of(job.createdAt()));
        time(statement, ++i, job.completedAt());
        time(statement, ++i, Optional.of(job.signatureExpiresAt()));
        Optional<JobRevocation> revocation = job.revocation();
        time(statement, ++i, revocation.map(JobRevocation::revokedAt));
        text(statement, ++i, revocation.map(JobRevocation::revokedBy).orElse(null));
        text(statement, ++i, revocation.map(JobRevocation::reason).orElse(null));
        text(statement, ++i, job.signatureId().orElse(null));
        text(statement, ++i, job.artifactDigest().orElse(null));
    }

    /** Binds {@code job} and its profile version's key to every parameter of {@link #insertIfActiveSql}. */
    static void bindIfActive(PreparedStatement statement, SigningJob job) throws SQLException {
        bind(statement, job);
        int i = COLUMNS.size();
        text(statement, ++i, job.jobOwner());
        text(statement, ++i, job.profileName());
        text(statement, ++i, job.profileVersion());
    }

    /** Binds every parameter of {@link #insertIfActiveAndTokenUnusedSql}; the job must carry a token. */
    static void bindIfActiveAndTokenUnused(PreparedStatement statement, SigningJob job) throws SQLException {
        String token = job.clientRequestToken()
                .orElseThrow(() -> new IllegalArgumentException("the job carries no client token"));
        bindIfActive(statement, job);
        int i = COLUMNS.size() + 3;
        text(statement, ++i, job.requestedBy());
        text(statement, ++i, token);
    }

    /** Binds the parameters of {@link #INSERT_RECEIPT_SQL}. */
    static void bindReceipt(PreparedStatement statement, String jobId, PayloadReceipt receipt) throws SQLException {
        text(statement, 1, jobId);
        text(statement, 2, receipt.payloadSha256());
        text(statement, 3, Base64.getEncoder().encodeToString(receipt.signature()));
    }

    private static void text(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static void time(PreparedStatement statement, int index, Optional<Instant> value) throws SQLException {
        if (value.isEmpty()) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value.get().toEpochMilli());
        }
    }
}
