package dev.signet.server.store.signer;

import static dev.signet.server.store.signer.SignerFixtures.inProgress;
import static dev.signet.server.store.signer.SignerFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.job.JobLease;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.SignedObject;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL (READ COMMITTED), a signature's record must not commit after a cancel of its
 * profile that committed first: a record whose statement runs while a cancel is uncommitted waits
 * for it (the profile row is share-locked, {@link JobRows#lockingRead}) and then records nothing.
 * Without the lock the record reads the last committed status, Active, and commits after the cancel.
 * (SQLite has one writer: the record cannot run while the cancel is uncommitted.)
 */
class ProfileChangeCommitOrderTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final String DIGEST = "sha256:" + "5e".repeat(32);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aSignPayloadRecordWaitsForAnUncommittedCancelAndRecordsNothing() throws Exception {
        try (Database db = SignerTestDatabases.postgres()) {
            JdbiJobRepository jobs = new JdbiJobRepository(db);
            SigningProfile profile = profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0);
            new JdbiProfileRepository(db).create(profile);
            SigningJob job = inProgress(profile, null, T0);

            assertThat(whileCanceling(db, profile, () -> jobs.recordSignature(job)))
                    .as("recorded")
                    .isFalse();
            assertThat(jobs.find(job.jobId())).isEmpty();
        }
    }

    @Test
    void aStartSigningJobSucceededRecordWaitsForAnUncommittedCancelAndRecordsNothing() throws Exception {
        try (Database db = SignerTestDatabases.postgres()) {
            JdbiJobRepository jobs = new JdbiJobRepository(db);
            SigningProfile profile = profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0);
            new JdbiProfileRepository(db).create(profile);
            SigningJob job = jobs.insertIdempotent(inProgress(profile, "t", T0));
            Instant now = T0.plusSeconds(1);
            JobLease lease =
                    jobs.claim(job.jobId(), "w1", now, now.plusSeconds(600)).orElseThrow();

            assertThat(whileCanceling(
                            db,
                            profile,
                            () -> jobs.succeed(lease, new SignedObject("dst", "k"), Optional.empty(), DIGEST, now)))
                    .as("recorded Succeeded")
                    .isFalse();
            assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.InProgress);
        }
    }

    /**
     * Cancels {@code profile} in a transaction left open while {@code record} runs on another
     * thread; once that thread waits for a lock (bounded), commits the cancel and returns what
     * {@code record} returned. A record that does not wait ends first and its answer is returned.
     */
    private static boolean whileCanceling(Database db, SigningProfile profile, Callable<Boolean> record)
            throws Exception {
        ExecutorService recorder = Executors.newSingleThreadExecutor();
        try (Connection cancel = db.dataSource().getConnection()) {
            cancel.setAutoCommit(false);
            try (PreparedStatement update = cancel.prepareStatement("UPDATE signing_profile SET status = 'Canceled'"
                    + " WHERE owner_account = ? AND profile_name = ? AND status = 'Active'")) {
                update.setString(1, profile.ownerAccount());
                update.setString(2, profile.name());
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            Future<Boolean> recorded = recorder.submit(record);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!recorded.isDone() && !someoneWaitsForALock(db)) {
                assertThat(System.nanoTime())
                        .as("the record neither ended nor waited within " + WAIT)
                        .isLessThan(deadline);
                Thread.sleep(10);
            }
            if (recorded.isDone()) {
                cancel.rollback();
                return recorded.get();
            }
            cancel.commit();
            return recorded.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            recorder.shutdownNow();
        }
    }

    private static boolean someoneWaitsForALock(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement query = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'");
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
