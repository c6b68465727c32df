package dev.signet.server.store.signer;

import static dev.signet.server.store.signer.SignerFixtures.inProgress;
import static dev.signet.server.store.signer.SignerFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.metrics.JobCounts;
import dev.signet.server.service.job.JobLease;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a node shutting down and the metrics need from the job store: a lease given back makes the
 * job claimable at once, only by the worker holding it and only while the job is unfinished; and
 * the InProgress and waiting counts.
 */
class JobLeaseReleaseTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    @TempDir
    Path dir;

    static Stream<Named<Function<Path, Database>>> databases() {
        return SignerTestDatabases.all();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aReleasedLeaseIsClaimableAtOnceAndOnlyItsHolderReleasesIt(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningProfile profile = profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0);
            new JdbiProfileRepository(db).create(profile);
            SigningJob held = jobs.insertIdempotent(inProgress(profile, "held", T0));
            SigningJob done = jobs.insertIdempotent(inProgress(profile, "done", T0));
            SigningJob queued = jobs.insertIdempotent(inProgress(profile, "queued", T0));
            Instant now = T0.plusSeconds(1);
            JobLease first =
                    jobs.claim(held.jobId(), "w1", now, now.plusSeconds(600)).orElseThrow();
            assertThat(first.attempt()).isEqualTo(1);
            JobLease finished =
                    jobs.claim(done.jobId(), "w1", now, now.plusSeconds(600)).orElseThrow();
            assertThat(jobs.fail(finished, "no", now)).isTrue();
            assertThat(jobs.inProgress(now)).isEqualTo(new JobCounts(2, 1));

            // a finished job's lease is not given back
            assertThat(jobs.claimable(now, 10)).containsExactly(queued.jobId());
            assertThat(jobs.release(finished)).isFalse();
            assertThat(jobs.find(done.jobId()).orElseThrow().status()).isEqualTo(JobStatus.Failed);

            assertThat(jobs.release(first)).isTrue();
            assertThat(jobs.claimable(now, 10)).containsExactlyInAnyOrder(held.jobId(), queued.jobId());
            assertThat(jobs.inProgress(now)).isEqualTo(new JobCounts(2, 2));
            JobLease second =
                    jobs.claim(held.jobId(), "w2", now, now.plusSeconds(600)).orElseThrow();
            // a lease given back is not an interrupted attempt
            assertThat(second.attempt()).isEqualTo(1);
            assertThat(second.fence()).isGreaterThan(first.fence());
            // the first lease is stale now: its holder cannot give the job back
            assertThat(jobs.release(first)).isFalse();
            assertThat(jobs.inProgress(now)).isEqualTo(new JobCounts(2, 1));
        }
    }
}
