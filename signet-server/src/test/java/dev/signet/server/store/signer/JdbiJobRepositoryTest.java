package dev.signet.server.store.signer;

import static dev.signet.server.store.signer.SignerFixtures.ACCOUNT;
import static dev.signet.server.store.signer.SignerFixtures.CALLER;
import static dev.signet.server.store.signer.SignerFixtures.inProgress;
import static dev.signet.server.store.signer.SignerFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.job.JobCursor;
import dev.signet.server.service.job.JobFilter;
import dev.signet.server.service.job.JobLease;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.PayloadReceipt;
import dev.signet.server.service.job.SignedObject;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JdbiJobRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final String DIGEST = "sha256:" + "5e".repeat(32);

    @TempDir
    Path dir;

    static Stream<Named<Function<Path, Database>>> databases() {
        return SignerTestDatabases.all();
    }

    private static SigningProfile setUp(Database db) {
        SigningProfile profile = profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0);
        new JdbiProfileRepository(db).create(profile);
        return profile;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void storesAndReadsBackEveryField(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningJob job = inProgress(setUp(db), "token-1", T0);

            assertThat(jobs.insertIdempotent(job)).isSameAs(job);
            assertThat(jobs.find(job.jobId())).contains(job);
            assertThat(jobs.find("00000000-0000-0000-0000-000000000000")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theSameTokenFromTheSameCallerYieldsTheFirstJob(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningProfile profile = setUp(db);
            SigningJob first = jobs.insertIdempotent(inProgress(profile, "token-1", T0));

            SigningJob again = jobs.insertIdempotent(inProgress(profile, "token-1", T0.plusSeconds(5)));
            SigningJob other = jobs.insertIdempotent(inProgress(profile, "token-2", T0.plusSeconds(5)));
            SigningJob untokened1 = jobs.insertIdempotent(inProgress(profile, null, T0));
            SigningJob untokened2 = jobs.insertIdempotent(inProgress(profile, null, T0));

            assertThat(again).isEqualTo(first);
            assertThat(other.jobId()).isNotEqualTo(first.jobId());
            assertThat(untokened1.jobId()).isNotEqualTo(untokened2.jobId());
            assertThat(jobs.list(filter(), Optional.empty(), 25)).hasSize(4);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTokenCarryingSignatureKeepsItsReceiptAndItsTokenNamesOneJob(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningProfile profile = setUp(db);
            SigningJob first = inProgress(profile, "pay-1", T0);
            PayloadReceipt receipt = new PayloadReceipt("ab".repeat(32), new byte[] {1, 2, 3});

            assertThat(jobs.recordSignature(first, receipt)).isTrue();
            assertThat(jobs.findByClientToken(CALLER, "pay-1")).contains(first);
            assertThat(jobs.payloadReceipt(first.jobId())).contains(receipt);

            SigningJob second = inProgress(profile, "pay-1", T0.plusSeconds(1));
            assertThat(jobs.recordSignature(second, receipt)).isFalse();
            assertThat(jobs.find(second.jobId())).isEmpty();
            assertThat(jobs.payloadReceipt(second.jobId())).isEmpty();

            SigningJob plain = inProgress(profile, null, T0);
            assertThat(jobs.recordSignature(plain)).isTrue();
            assertThat(jobs.payloadReceipt(plain.jobId())).isEmpty();
            assertThat(jobs.findByClientToken(CALLER, "pay-2")).isEmpty();
            assertThat(jobs.list(filter(), Optional.empty(), 25)).hasSize(2);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aClaimIsExclusiveUntilItsLeaseEnds(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningJob job = jobs.insertIdempotent(inProgress(setUp(db), "t", T0));
            Instant now = T0.plusSeconds(1);

            assertThat(jobs.claimable(now, 10)).containsExactly(job.jobId());
            JobLease first =
                    jobs.claim(job.jobId(), "w1", now, now.plusSeconds(60)).orElseThrow();
            assertThat(first.attempt()).isEqualTo(1);
            assertThat(jobs.claim(job.jobId(), "w2", now, now.plusSeconds(60))).isEmpty();
            assertThat(jobs.claimNext("w2", now, now.plusSeconds(60), 10)).isEmpty();
            assertThat(jobs.claimable(now, 10)).isEmpty();

            Instant later = now.plusSeconds(61);
            assertThat(jobs.claimable(later, 10)).containsExactly(job.jobId());
            JobLease second =
                    jobs.claim(job.jobId(), "w2", later, later.plusSeconds(60)).orElseThrow();
            assertThat(second.attempt()).isEqualTo(2);
            assertThat(second.fence()).isGreaterThan(first.fence());
            assertThat(jobs.releaseAllLeases()).isEqualTo(1);
            assertThat(jobs.claimable(later, 10)).containsExactly(job.jobId());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aLeaseTakenOverCanNeitherBeExtendedNorRecordAnything(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningJob job = jobs.insertIdempotent(inProgress(setUp(db), "t", T0));
            Instant now = T0.plusSeconds(1);
            JobLease stale =
                    jobs.claim(job.jobId(), "w1", now, now.plusSeconds(60)).orElseThrow();
            assertThat(jobs.extend(stale, now.plusSeconds(90))).isTrue();
            assertThat(jobs.claimable(now.plusSeconds(61), 10)).isEmpty();

            Instant later = now.plusSeconds(91);
            JobLease current =
                    jobs.claimNext("w2", later, later.plusSeconds(60), 10).get(0);
            assertThat(current.fence()).isEqualTo(stale.fence() + 1);

            SignedObject signed = new SignedObject("dst", "signed/" + job.jobId());
            assertThat(jobs.extend(stale, later.plusSeconds(120))).isFalse();
            assertThat(jobs.succeed(stale, signed, Optional.empty(), DIGEST, later))
                    .isFalse();
            assertThat(jobs.fail(stale, "late", later)).isFalse();
            assertThat(jobs.release(stale)).isFalse();
            assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.InProgress);

            assertThat(jobs.succeed(current, signed, Optional.empty(), DIGEST, later))
                    .isTrue();
            assertThat(jobs.find(job.jobId()).orElseThrow().signedObject()).contains(signed);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aReleasedLeaseIsClaimableAgainWithoutCountingTheAttempt(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningJob job = jobs.insertIdempotent(inProgress(setUp(db), "t", T0));
            Instant now = T0.plusSeconds(1);
            JobLease lease = jobs.claimNext("w1", now, now.plusSeconds(60), 10).get(0);
            assertThat(jobs.release(lease)).isTrue();
            JobLease again = jobs.claimNext("w2", now, now.plusSeconds(60), 10).get(0);
            assertThat(again.attempt()).isEqualTo(1);
            assertThat(again.jobId()).isEqualTo(job.jobId());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void completingRecordsTheOutcomeOnce(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningJob job = jobs.insertIdempotent(inProgress(setUp(db), "t", T0));
            Instant now = T0.plusSeconds(1);
            JobLease lease =
                    jobs.claim(job.jobId(), "w1", now, now.plusSeconds(60)).orElseThrow();
            SignedObject signed = new SignedObject("dst", "signed/" + job.jobId());

            assertThat(jobs.succeed(lease, signed, Optional.empty(), DIGEST, now))
                    .isTrue();
            assertThat(jobs.fail(lease, "late", now)).isFalse();

            SigningJob done = jobs.find(job.jobId()).orElseThrow();
            assertThat(done.status()).isEqualTo(JobStatus.Succeeded);
            assertThat(done.statusReason()).contains("Signing Succeeded");
            assertThat(done.signedObject()).contains(signed);
            assertThat(done.completedAt()).contains(now);
            assertThat(done.artifactDigest()).contains(DIGEST);
            assertThat(jobs.claimable(now.plusSeconds(3600), 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSucceededOutcomeIsRecordedOnlyWhileTheProfileIsActive(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningProfile profile = setUp(db);
            SigningJob job = jobs.insertIdempotent(inProgress(profile, "t", T0));
            Instant now = T0.plusSeconds(1);
            JobLease lease =
                    jobs.claim(job.jobId(), "w1", now, now.plusSeconds(60)).orElseThrow();
            new JdbiProfileRepository(db)
                    .updateStatus(
                            profile.ownerAccount(),
                            profile.name(),
                            ProfileStatus.Active,
                            ProfileStatus.Canceled,
                            Optional.of("canceled"));

            assertThat(jobs.succeed(lease, new SignedObject("dst", "k"), Optional.empty(), DIGEST, now))
                    .isFalse();
            assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.InProgress);

            assertThat(jobs.fail(lease, "canceled", now)).isTrue();
            assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.Failed);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void completingRecordsTheSignatureIdOfTheSignatureMade(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningProfile profile = setUp(db);
            SigningJob job = jobs.insertIdempotent(inProgress(profile, "t", T0));
            Instant now = T0.plusSeconds(1);
            JobLease lease =
                    jobs.claim(job.jobId(), "w1", now, now.plusSeconds(60)).orElseThrow();
            String id = "ab".repeat(32);

            assertThat(jobs.succeed(lease, new SignedObject("dst", "k"), Optional.of(id), DIGEST, now))
                    .isTrue();

            assertThat(jobs.find(job.jobId()).orElseThrow().signatureId()).contains(id);
            assertThat(job.signatureId()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aJobInsertedWithASignatureIdReadsItBack(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningJob template = inProgress(setUp(db), null, T0);
            SigningJob withId = withSignatureId(template, Optional.of("0123456789abcdef".repeat(4)));
            SigningJob withoutId = inProgress(setUp2(db), null, T0);

            jobs.insertIdempotent(withId);
            jobs.insertIdempotent(withoutId);

            assertThat(jobs.find(withId.jobId())).contains(withId);
            assertThat(jobs.find(withoutId.jobId()).orElseThrow().signatureId()).isEmpty();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"", "AB", "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB", "zz"})
    void aSignatureIdIsSixtyFourLowerCaseHexDigits(String bad) {
        SigningJob template = inProgress(profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0), null, T0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> withSignatureId(template, Optional.of(bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a signature id is 64 lower-case hex digits");
    }

    /** A SignPayload job's stated artifact digest (V21) is stored and read back on both databases. */
    @ParameterizedTest
    @MethodSource("databases")
    void aJobsArtifactDigestReadsBack(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningJob with =
                    withArtifactDigest(inProgress(setUp(db), null, T0), Optional.of("sha384:" + "ab".repeat(48)));
            SigningJob without = inProgress(setUp2(db), null, T0);

            jobs.insertIdempotent(with);
            jobs.insertIdempotent(without);

            assertThat(jobs.find(with.jobId())).contains(with);
            assertThat(jobs.find(with.jobId()).orElseThrow().artifactDigest()).contains("sha384:" + "ab".repeat(48));
            assertThat(jobs.find(without.jobId()).orElseThrow().artifactDigest())
                    .isEmpty();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"", "sha256", "sha256:", "SHA256:" + "ab", "sha256:ABAB", "sha 256:abab", "sha256:abc"})
    void anArtifactDigestIsALabelAndLowerCaseHex(String bad) {
        SigningJob template = inProgress(profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0), null, T0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> withArtifactDigest(template, Optional.of(bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an artifact digest is LABEL:HEX, lower case");
    }

    private static SigningJob withArtifactDigest(SigningJob j, Optional<String> artifactDigest) {
        return new SigningJob(
                j.jobId(),
                j.jobOwner(),
                j.jobInvoker(),
                j.requestedBy(),
                j.clientRequestToken(),
                j.profileName(),
                j.profileVersion(),
                j.platformId(),
                j.platformDisplayName(),
                j.certificateArn(),
                j.source(),
                j.destination(),
                j.signedObject(),
                j.overrides(),
                j.signingParameters(),
                j.status(),
                j.statusReason(),
                j.createdAt(),
                j.completedAt(),
                j.signatureExpiresAt(),
                j.revocation(),
                j.signatureId(),
                artifactDigest);
    }

    private static SigningProfile setUp2(Database db) {
        SigningProfile profile = profile("other", "BBBBBBBBBB", "Signet-CMS-SHA256-ECDSA", T0);
        new JdbiProfileRepository(db).create(profile);
        return profile;
    }

    private static SigningJob withSignatureId(SigningJob j, Optional<String> signatureId) {
        return new SigningJob(
                j.jobId(),
                j.jobOwner(),
                j.jobInvoker(),
                j.requestedBy(),
                j.clientRequestToken(),
                j.profileName(),
                j.profileVersion(),
                j.platformId(),
                j.platformDisplayName(),
                j.certificateArn(),
                j.source(),
                j.destination(),
                j.signedObject(),
                j.overrides(),
                j.signingParameters(),
                j.status(),
                j.statusReason(),
                j.createdAt(),
                j.completedAt(),
                j.signatureExpiresAt(),
                j.revocation(),
                signatureId,
                Optional.empty());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void listsNewestFirstWithFiltersAndACursor(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningProfile profile = setUp(db);
            SigningJob oldest = jobs.insertIdempotent(inProgress(profile, "a", T0));
            SigningJob middle = jobs.insertIdempotent(inProgress(profile, "b", T0.plusSeconds(10)));
            SigningJob newest = jobs.insertIdempotent(inProgress(profile, "c", T0.plusSeconds(20)));
            JobLease lease =
                    jobs.claim(middle.jobId(), "w", T0, T0.plusSeconds(60)).orElseThrow();
            jobs.fail(lease, "broken", T0.plusSeconds(11));

            assertThat(ids(jobs.list(filter(), Optional.empty(), 25)))
                    .containsExactly(newest.jobId(), middle.jobId(), oldest.jobId());
            assertThat(ids(jobs.list(filter(), Optional.of(new JobCursor(newest.createdAt(), newest.jobId())), 1)))
                    .containsExactly(middle.jobId());
            JobFilter failed = new JobFilter(
                    ACCOUNT,
                    Optional.of(JobStatus.Failed),
                    Optional.empty(),
                    Optional.of(CALLER),
                    Optional.of(false),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(ACCOUNT));
            assertThat(ids(jobs.list(failed, Optional.empty(), 25))).containsExactly(middle.jobId());
            JobFilter expiring = new JobFilter(
                    ACCOUNT,
                    Optional.empty(),
                    Optional.of("Signet-CMS-SHA256-ECDSA"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(oldest.signatureExpiresAt().plusSeconds(5)),
                    Optional.of(oldest.signatureExpiresAt().minusSeconds(5)),
                    Optional.empty());
            assertThat(ids(jobs.list(expiring, Optional.empty(), 25))).containsExactly(oldest.jobId());
            JobFilter revoked = new JobFilter(
                    ACCOUNT,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(true),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
            assertThat(jobs.list(revoked, Optional.empty(), 25)).isEmpty();
            JobFilter otherOwner = new JobFilter(
                    "111111111111",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
            assertThat(jobs.list(otherOwner, Optional.empty(), 25)).isEmpty();
        }
    }

    private static JobFilter filter() {
        return new JobFilter(
                ACCOUNT,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private static List<String> ids(List<SigningJob> jobs) {
        return jobs.stream().map(SigningJob::jobId).toList();
    }
}
