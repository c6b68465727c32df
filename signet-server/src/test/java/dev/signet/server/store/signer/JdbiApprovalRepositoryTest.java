package dev.signet.server.store.signer;

import static dev.signet.server.store.signer.SignerFixtures.ACCOUNT;
import static dev.signet.server.store.signer.SignerFixtures.inProgress;
import static dev.signet.server.store.signer.SignerFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.approval.ApprovalPolicy;
import dev.signet.server.service.approval.ApprovalRepository;
import dev.signet.server.service.approval.ApprovalRepository.Outcome;
import dev.signet.server.service.approval.JobApproval;
import dev.signet.server.service.approval.JobApproval.Decision;
import dev.signet.server.service.job.ApprovalGate;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The approval store on SQLite and PostgreSQL: policies, a gated job that no claim takes, decisions
 * counted once per approver (also when two approvers decide at the same moment), rejection,
 * and the jobs a sweep must settle.
 */
class JdbiApprovalRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final String A = "arn:aws:iam::000000000000:user/alice";
    private static final String B = "arn:aws:iam::000000000000:user/bob";
    private static final String C = "arn:aws:iam::000000000000:user/carol";

    /** Reasons that show what the store passed: the count, the quorum and the approvers. */
    private static final ApprovalRepository.Reasons REASONS = new ApprovalRepository.Reasons() {
        @Override
        public String waiting(List<JobApproval> approvals, int quorum) {
            return "waiting " + approvals.size() + "/" + quorum + " " + names(approvals);
        }

        @Override
        public String approved(List<JobApproval> approvals, int quorum) {
            return "approved " + approvals.size() + "/" + quorum + " " + names(approvals);
        }

        @Override
        public String rejected(JobApproval rejection) {
            return "rejected by " + rejection.approverArn() + ": "
                    + rejection.reason().orElse("");
        }
    };

    @TempDir
    Path dir;

    static Stream<Named<Function<Path, Database>>> databases() {
        return SignerTestDatabases.all();
    }

    private static String names(List<JobApproval> approvals) {
        return approvals.stream().map(JobApproval::approverArn).sorted().collect(Collectors.joining(","));
    }

    private static JobApproval approval(String who, Instant at) {
        return new JobApproval(who, Decision.APPROVED, Optional.empty(), at);
    }

    private record Setup(JdbiJobRepository jobs, JdbiApprovalRepository approvals, SigningProfile profile) {
        SigningJob gated(int quorum) {
            SigningJob job = inProgress(profile, null, T0);
            jobs.insertIdempotent(job, Optional.of(new ApprovalGate(quorum, List.of(A, B, C), T0.plusSeconds(3600))));
            return job;
        }
    }

    private static Setup setUp(Database db) {
        SigningProfile profile = profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0);
        new JdbiProfileRepository(db).create(profile);
        return new Setup(new JdbiJobRepository(db), new JdbiApprovalRepository(db), profile);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void policiesArePutReplacedAndDeleted(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            Setup s = setUp(db);
            assertThat(s.approvals().policy(ACCOUNT, "app")).isEmpty();
            ApprovalPolicy two = new ApprovalPolicy(2, List.of(A, B, C), Duration.ofHours(24));
            s.approvals().putPolicy(ACCOUNT, "app", two, A, T0);
            assertThat(s.approvals().policy(ACCOUNT, "app")).contains(two);
            ApprovalPolicy one = new ApprovalPolicy(1, List.of(C), Duration.ofMinutes(5));
            s.approvals().putPolicy(ACCOUNT, "app", one, A, T0);
            assertThat(s.approvals().policy(ACCOUNT, "app")).contains(one);
            assertThat(s.approvals().deletePolicy(ACCOUNT, "app")).isTrue();
            assertThat(s.approvals().deletePolicy(ACCOUNT, "app")).isFalse();
            assertThat(s.approvals().policy(ACCOUNT, "app")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aGatedJobIsClaimableOnlyOnceItsQuorumIsReached(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            Setup s = setUp(db);
            SigningJob job = s.gated(2);
            Instant now = T0.plusSeconds(1);
            assertThat(s.jobs().claimable(now, 10)).isEmpty();
            assertThat(s.jobs().claim(job.jobId(), "w", now, now.plusSeconds(60)))
                    .isEmpty();
            assertThat(s.jobs().claimNext("w", now, now.plusSeconds(60), 10)).isEmpty();
            assertThat(s.jobs().inProgress(now).waiting()).isZero();
            assertThat(s.approvals().gate(job.jobId())).hasValueSatisfying(g -> {
                assertThat(g.awaiting()).isTrue();
                assertThat(g.gate().quorum()).isEqualTo(2);
                assertThat(g.gate().approvers()).containsExactly(A, B, C);
            });

            assertThat(s.approvals().decide(job.jobId(), approval(A, now), REASONS))
                    .isEqualTo(Outcome.COUNTED);
            assertThat(s.approvals().decide(job.jobId(), approval(A, now.plusSeconds(1)), REASONS))
                    .isEqualTo(Outcome.DUPLICATE);
            assertThat(s.jobs().find(job.jobId()).orElseThrow().statusReason()).contains("waiting 1/2 " + A);
            assertThat(s.jobs().claimable(now, 10)).isEmpty();

            assertThat(s.approvals().decide(job.jobId(), approval(B, now.plusSeconds(2)), REASONS))
                    .isEqualTo(Outcome.RELEASED);
            assertThat(s.jobs().find(job.jobId()).orElseThrow().statusReason()).contains("approved 2/2 " + A + "," + B);
            assertThat(s.jobs().claimable(now, 10)).containsExactly(job.jobId());
            assertThat(s.approvals().decide(job.jobId(), approval(C, now.plusSeconds(3)), REASONS))
                    .isEqualTo(Outcome.NOT_WAITING);
            assertThat(s.approvals().decisions(job.jobId()))
                    .extracting(JobApproval::approverArn)
                    .containsExactly(A, B);
            assertThat(s.approvals().gate(job.jobId()))
                    .hasValueSatisfying(g -> assertThat(g.awaiting()).isFalse());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRejectionFailsTheJobWithItsReason(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            Setup s = setUp(db);
            SigningJob job = s.gated(2);
            Instant now = T0.plusSeconds(1);
            s.approvals().decide(job.jobId(), approval(A, now), REASONS);
            JobApproval no = new JobApproval(B, Decision.REJECTED, Optional.of("wrong commit"), now);
            assertThat(s.approvals().decide(job.jobId(), no, REASONS)).isEqualTo(Outcome.REJECTED);
            SigningJob failed = s.jobs().find(job.jobId()).orElseThrow();
            assertThat(failed.status()).isEqualTo(JobStatus.Failed);
            assertThat(failed.statusReason()).contains("rejected by " + B + ": wrong commit");
            assertThat(failed.completedAt()).contains(now);
            assertThat(s.approvals().decisions(job.jobId())).containsExactly(approval(A, now), no);
            assertThat(s.jobs().claimable(now, 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoApproversAtOnceAreEachCountedOnce(Function<Path, Database> open) throws Exception {
        try (Database db = open.apply(dir)) {
            Setup s = setUp(db);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 10; round++) {
                    SigningJob job = s.gated(3);
                    // A and B approve at once, and A twice: both count once, A's second not at all
                    List<Outcome> outcomes = race(
                            pool,
                            List.of(A, B, A),
                            who -> s.approvals().decide(job.jobId(), approval(who, T0.plusSeconds(1)), REASONS));
                    assertThat(outcomes)
                            .as("round " + round)
                            .containsExactlyInAnyOrder(Outcome.COUNTED, Outcome.COUNTED, Outcome.DUPLICATE);
                    assertThat(s.approvals().decisions(job.jobId()))
                            .extracting(JobApproval::approverArn)
                            .containsExactlyInAnyOrder(A, B);
                    assertThat(s.jobs().find(job.jobId()).orElseThrow().statusReason())
                            .contains("waiting 2/3 " + A + "," + B);
                    // the two that raced to the quorum: exactly one of them releases the job
                    SigningJob next = s.gated(2);
                    s.approvals().decide(next.jobId(), approval(C, T0), REASONS);
                    assertThat(race(
                                    pool,
                                    List.of(A, B),
                                    who -> s.approvals()
                                            .decide(next.jobId(), approval(who, T0.plusSeconds(1)), REASONS)))
                            .containsExactlyInAnyOrder(Outcome.RELEASED, Outcome.NOT_WAITING);
                    assertThat(s.approvals().decisions(next.jobId())).hasSize(2);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static List<Outcome> race(ExecutorService pool, List<String> approvers, Function<String, Outcome> decide)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(approvers.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (String who : approvers) {
            Callable<Outcome> call = () -> {
                ready.countDown();
                go.await(10, TimeUnit.SECONDS);
                return decide.apply(who);
            };
            futures.add(pool.submit(call));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get(30, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void jobsPastTheirWindowOrOnAStoppedProfileAreUnsettled(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            Setup s = setUp(db);
            SigningJob job = s.gated(2);
            assertThat(s.approvals().unsettled(T0.plusSeconds(3599), 10)).isEmpty();
            assertThat(s.approvals().unsettled(T0.plusSeconds(3600), 10)).containsExactly(job.jobId());

            new JdbiProfileRepository(db)
                    .updateStatus(ACCOUNT, "app", ProfileStatus.Active, ProfileStatus.Canceled, Optional.empty());
            assertThat(s.approvals().unsettled(T0.plusSeconds(1), 10)).containsExactly(job.jobId());

            assertThat(s.approvals().failWaiting(job.jobId(), "the profile stopped", T0.plusSeconds(2)))
                    .isTrue();
            assertThat(s.approvals().failWaiting(job.jobId(), "again", T0.plusSeconds(3)))
                    .isFalse();
            SigningJob failed = s.jobs().find(job.jobId()).orElseThrow();
            assertThat(failed.status()).isEqualTo(JobStatus.Failed);
            assertThat(failed.statusReason()).contains("the profile stopped");
            assertThat(s.approvals().unsettled(T0.plusSeconds(3600), 10)).isEmpty();
        }
    }
}
