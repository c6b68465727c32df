package dev.signet.server.store.signer;

import dev.signet.server.service.approval.ApprovalPolicy;
import dev.signet.server.service.approval.ApprovalRepository;
import dev.signet.server.service.approval.JobApproval;
import dev.signet.server.service.approval.JobGate;
import dev.signet.server.service.job.ApprovalGate;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@link ApprovalRepository} on the relational {@link Database}; portable SQL only. A decision's
 * transaction starts by updating the job's row (a write that changes nothing), which takes the
 * row's lock on PostgreSQL and the database's write lock on SQLite: decisions on one job run one
 * after the other, and each counts the approvals the one before committed.
 */
public final class JdbiApprovalRepository implements ApprovalRepository {
    private final Database database;

    public JdbiApprovalRepository(Database database) {
        this.database = database;
    }

    /** Marks a job just inserted on {@code handle} as waiting behind {@code gate} (same transaction). */
    static void gate(Handle handle, String jobId, ApprovalGate gate) {
        handle.createUpdate("UPDATE signing_job SET awaiting_approval = 1, approvals_required = :quorum,"
                        + " approvers_json = :approvers, approval_deadline = :deadline WHERE job_id = :id")
                .bind("quorum", gate.quorum())
                .bind("approvers", JsonColumns.list(gate.approvers()))
                .bind("deadline", gate.deadline().toEpochMilli())
                .bind("id", jobId)
                .execute();
    }

    @Override
    public void putPolicy(
            String ownerAccount, String profileName, ApprovalPolicy policy, String updatedBy, Instant at) {
        database.jdbi().useTransaction(handle -> {
            handle.createUpdate("DELETE FROM signing_profile_approval_policy"
                            + " WHERE owner_account = :owner AND profile_name = :name")
                    .bind("owner", ownerAccount)
                    .bind("name", profileName)
                    .execute();
            handle.createUpdate("INSERT INTO signing_profile_approval_policy (owner_account, profile_name, quorum,"
                            + " approvers_json, window_seconds, updated_by, updated_at)"
                            + " VALUES (:owner, :name, :quorum, :approvers, :window, :by, :at)")
                    .bind("owner", ownerAccount)
                    .bind("name", profileName)
                    .bind("quorum", policy.quorum())
                    .bind("approvers", JsonColumns.list(policy.approvers()))
                    .bind("window", policy.window().toSeconds())
                    .bind("by", updatedBy)
                    .bind("at", at.toEpochMilli())
                    .execute();
        });
    }

    @Override
    public Optional<ApprovalPolicy> policy(String ownerAccount, String profileName) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT quorum, approvers_json, window_seconds"
                                + " FROM signing_profile_approval_policy"
                                + " WHERE owner_account = :owner AND profile_name = :name")
                        .bind("owner", ownerAccount)
                        .bind("name", profileName)
                        .map((rs, ctx) -> new ApprovalPolicy(
                                rs.getInt("quorum"),
                                JsonColumns.list(rs.getString("approvers_json")),
                                Duration.ofSeconds(rs.getLong("window_seconds"))))
                        .findOne());
    }

    @Override
    public boolean deletePolicy(String ownerAccount, String profileName) {
        return database.jdbi()
                        .withHandle(handle -> handle.createUpdate("DELETE FROM signing_profile_approval_policy"
                                        + " WHERE owner_account = :owner AND profile_name = :name")
                                .bind("owner", ownerAccount)
                                .bind("name", profileName)
                                .execute())
                > 0;
    }

    @Override
    public Optional<JobGate> gate(String jobId) {
        return database.jdbi().withHandle(handle -> gate(handle, jobId));
    }

    private static Optional<JobGate> gate(Handle handle, String jobId) {
        return handle.createQuery("SELECT status, awaiting_approval, approvals_required, approvers_json,"
                        + " approval_deadline FROM signing_job WHERE job_id = :id AND approvals_required > 0")
                .bind("id", jobId)
                .map((rs, ctx) -> new JobGate(
                        new ApprovalGate(
                                rs.getInt("approvals_required"),
                                JsonColumns.list(rs.getString("approvers_json")),
                                Instant.ofEpochMilli(rs.getLong("approval_deadline"))),
                        rs.getInt("awaiting_approval") == 1
                                && JobStatus.InProgress.name().equals(rs.getString("status"))))
                .findOne();
    }

    @Override
    public List<JobApproval> decisions(String jobId) {
        return database.jdbi().withHandle(handle -> decisions(handle, jobId));
    }

    private static List<JobApproval> decisions(Handle handle, String jobId) {
        return handle.createQuery("SELECT approver_arn, decision, reason, decided_at FROM signing_job_approval"
                        + " WHERE job_id = :id ORDER BY decided_at, approver_arn")
                .bind("id", jobId)
                .map(JdbiApprovalRepository::decision)
                .list();
    }

    @Override
    public Outcome decide(String jobId, JobApproval decision, Reasons reasons) {
        return database.jdbi().inTransaction(handle -> {
            // the lock: later decisions on this job wait here until this transaction ends
            int waiting = handle.createUpdate("UPDATE signing_job SET awaiting_approval = awaiting_approval"
                            + " WHERE job_id = :id AND status = 'InProgress' AND awaiting_approval = 1")
                    .bind("id", jobId)
                    .execute();
            if (waiting != 1) {
                return Outcome.NOT_WAITING;
            }
            boolean decided = handle.createQuery("SELECT COUNT(*) FROM signing_job_approval"
                                    + " WHERE job_id = :id AND approver_arn = :by")
                            .bind("id", jobId)
                            .bind("by", decision.approverArn())
                            .mapTo(Long.class)
                            .one()
                    > 0;
            if (decided) {
                return Outcome.DUPLICATE;
            }
            handle.createUpdate("INSERT INTO signing_job_approval (job_id, approver_arn, decision, reason,"
                            + " decided_at) VALUES (:id, :by, :decision, :reason, :at)")
                    .bind("id", jobId)
                    .bind("by", decision.approverArn())
                    .bind("decision", decision.decision().name())
                    .bind("reason", decision.reason().orElse(null))
                    .bind("at", decision.decidedAt().toEpochMilli())
                    .execute();
            if (decision.decision() == JobApproval.Decision.REJECTED) {
                fail(handle, jobId, reasons.rejected(decision), decision.decidedAt());
                return Outcome.REJECTED;
            }
            int quorum = handle.createQuery("SELECT approvals_required FROM signing_job WHERE job_id = :id")
                    .bind("id", jobId)
                    .mapTo(Integer.class)
                    .one();
            List<JobApproval> all = decisions(handle, jobId);
            long approvals = all.stream()
                    .filter(d -> d.decision() == JobApproval.Decision.APPROVED)
                    .count();
            boolean released = approvals >= quorum;
            handle.createUpdate("UPDATE signing_job SET status_reason = :reason, awaiting_approval = :awaiting"
                            + " WHERE job_id = :id")
                    .bind("reason", released ? reasons.approved(all, quorum) : reasons.waiting(all, quorum))
                    .bind("awaiting", released ? 0 : 1)
                    .bind("id", jobId)
                    .execute();
            return released ? Outcome.RELEASED : Outcome.COUNTED;
        });
    }

    @Override
    public boolean failWaiting(String jobId, String reason, Instant completedAt) {
        return database.jdbi().withHandle(handle -> fail(handle, jobId, reason, completedAt));
    }

    private static boolean fail(Handle handle, String jobId, String reason, Instant completedAt) {
        return handle.createUpdate("UPDATE signing_job SET status = :failed, status_reason = :reason,"
                                + " completed_at = :at, awaiting_approval = 0"
                                + " WHERE job_id = :id AND status = 'InProgress' AND awaiting_approval = 1")
                        .bind("failed", JobStatus.Failed.name())
                        .bind("reason", reason)
                        .bind("at", completedAt.toEpochMilli())
                        .bind("id", jobId)
                        .execute()
                == 1;
    }

    @Override
    public List<String> unsettled(Instant now, int limit) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT job_id FROM signing_job j"
                                + " WHERE j.awaiting_approval = 1 AND j.status = 'InProgress'"
                                + " AND (j.approval_deadline <= :now OR NOT EXISTS (SELECT 1 FROM signing_profile p"
                                + " WHERE p.owner_account = j.job_owner AND p.profile_name = j.profile_name"
                                + " AND p.current_version = j.profile_version AND p.status = '"
                                + ProfileStatus.Active.name() + "'))"
                                + " ORDER BY j.approval_deadline, j.job_id LIMIT :limit")
                        .bind("now", now.toEpochMilli())
                        .bind("limit", limit)
                        .mapTo(String.class)
                        .list());
    }

    private static JobApproval decision(ResultSet rs, StatementContext ctx) throws SQLException {
        return new JobApproval(
                rs.getString("approver_arn"),
                JobApproval.Decision.valueOf(rs.getString("decision")),
                Optional.ofNullable(rs.getString("reason")),
                Instant.ofEpochMilli(rs.getLong("decided_at")));
    }
}
