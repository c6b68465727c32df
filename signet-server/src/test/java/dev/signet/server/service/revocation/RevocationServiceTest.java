package dev.signet.server.service.revocation;

import static dev.signet.server.service.SignerServiceFixture.ADMIN;
import static dev.signet.server.service.SignerServiceFixture.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.ServiceException;
import dev.signet.server.service.SignerServiceFixture;
import dev.signet.server.service.job.JobOutcome;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.job.StartJobRequest;
import dev.signet.server.service.profile.PutProfileRequest;
import dev.signet.server.service.profile.SigningOverrides;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.store.signer.JdbiProfileRevocationRepository;
import dev.signet.server.store.signer.SignerTestDatabases;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RevocationServiceTest {
    @TempDir
    Path dir;

    SignerServiceFixture f;
    RevocationService revocations;
    SigningProfile profile;

    @BeforeEach
    void open() {
        f = new SignerServiceFixture(SignerTestDatabases.sqlite(dir), dir);
        // jobs are executed by hand here
        f.runner.close();
        revocations = new RevocationService(
                f.jobRepository,
                f.jobs,
                f.profileRepository,
                f.profiles,
                new JdbiProfileRevocationRepository(f.database),
                f.arns,
                f.clock,
                () -> {});
        profile = f.profiles.put(
                ADMIN,
                new PutProfileRequest(
                        "app",
                        "Signet-CMS-SHA256-ECDSA",
                        Optional.empty(),
                        Optional.empty(),
                        SigningOverrides.NONE,
                        Map.of(),
                        Map.of()));
    }

    @AfterEach
    void close() {
        f.close();
    }

    RevokeProfileRequest revoke(Instant effective) {
        return new RevokeProfileRequest(
                "app", Optional.of(profile.version()), Optional.of("leaked"), Optional.of(effective));
    }

    @Test
    void aJobStartedBeforeItsProfileWasRevokedDoesNotSign() throws Exception {
        f.objects.createBucket("src", "000000000000");
        f.objects.setVersioning("src", true);
        f.objects.createBucket("dst", "000000000000");
        String version = f.objects
                .put("src", "a.bin", new ByteArrayInputStream(new byte[] {1, 2, 3}), "application/octet-stream")
                .versionId();
        SigningJob job = f.jobs.start(
                ADMIN,
                new StartJobRequest(
                        "app",
                        Optional.empty(),
                        Optional.of("src"),
                        Optional.of("a.bin"),
                        Optional.of(version),
                        Optional.of("dst"),
                        Optional.empty(),
                        Optional.of("token")));

        revocations.revokeProfile(ADMIN, revoke(Instant.now()));

        JobOutcome outcome = f.executor.execute(job, (output, signatureId, artifactDigest) -> connection -> true);
        assertThat(outcome.status()).isEqualTo(JobStatus.Failed);
        assertThat(outcome.reason()).contains("revoked");
    }

    @Test
    void aVersionIsRevokedForSignaturesFromItsEffectiveTimeOn() {
        Instant effective = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        revocations.revokeProfile(ADMIN, revoke(effective));
        String versionArn = f.arns.signingProfileVersion("app", profile.version());

        assertThat(status(versionArn, effective)).containsExactly(versionArn);
        assertThat(status(versionArn, effective.plusSeconds(3600))).containsExactly(versionArn);
        assertThat(status(versionArn, effective.minusMillis(1))).isEmpty();
    }

    @Test
    void effectiveTimeInTheFutureIsRefusedAndChangesNothing() {
        assertThatThrownBy(() ->
                        revocations.revokeProfile(ADMIN, revoke(Instant.now().plusSeconds(600))))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("future");
        assertThat(revocations.profileRevocation(profile)).isEmpty();
    }

    @Test
    void aSecondRevocationMovesTheEffectiveTimeEarlierAndKeepsTheFirstRecord() {
        Instant first = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        ProfileRevocation original = revocations.revokeProfile(ADMIN, revoke(first));
        String versionArn = f.arns.signingProfileVersion("app", profile.version());
        Instant signedBetween = first.minus(Duration.ofMinutes(30));
        assertThat(status(versionArn, signedBetween)).isEmpty();

        Instant earlier = first.minus(Duration.ofHours(1));
        ProfileRevocation moved = revocations.revokeProfile(
                ADMIN,
                new RevokeProfileRequest(
                        "app", Optional.of(profile.version()), Optional.of("second reason"), Optional.of(earlier)));

        assertThat(moved.effectiveFrom()).isEqualTo(earlier);
        ProfileRevocation stored = revocations.profileRevocation(profile).orElseThrow();
        assertThat(stored).isEqualTo(moved);
        assertThat(stored.reason()).isEqualTo(original.reason());
        assertThat(stored.revokedAt()).isEqualTo(original.revokedAt());
        assertThat(stored.revokedBy()).isEqualTo(original.revokedBy());
        assertThat(status(versionArn, signedBetween)).containsExactly(versionArn);
        assertThat(status(versionArn, earlier.minusMillis(1))).isEmpty();
    }

    /** Later or equal effective times are refused, name the current one, and change nothing. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 60_000})
    void aSecondRevocationCannotMoveTheEffectiveTimeLaterOrKeepIt(long laterByMillis) {
        Instant first = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        ProfileRevocation original = revocations.revokeProfile(ADMIN, revoke(first));

        assertThatThrownBy(() -> revocations.revokeProfile(ADMIN, revoke(first.plusMillis(laterByMillis))))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("already revoked effective " + first)
                .hasMessageContaining("effectiveTime can only move earlier")
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ValidationException");
        assertThat(revocations.profileRevocation(profile)).contains(original);
    }

    @Test
    void aSecondRevocationInTheFutureIsRefusedAsFuture() {
        Instant first = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        ProfileRevocation original = revocations.revokeProfile(ADMIN, revoke(first));
        assertThatThrownBy(() ->
                        revocations.revokeProfile(ADMIN, revoke(Instant.now().plusSeconds(600))))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("future");
        assertThat(revocations.profileRevocation(profile)).contains(original);
    }

    @Test
    void theRevokedVersionsLeafHashIsReportedWhateverTheCaseAndOthersAreNot() {
        revocations.revokeProfile(ADMIN, revoke(Instant.now().minusSeconds(60)));
        String versionArn = f.arns.signingProfileVersion("app", profile.version());
        List<java.security.cert.X509Certificate> chain =
                dev.signet.server.service.CertificatePem.decode(profile.certificateChainPem());
        String leaf = CertificateHashes.tbsHash(chain.get(0)) + CertificateHashes.tbsHash(chain.get(1));
        String issuing = CertificateHashes.tbsHash(chain.get(1)) + CertificateHashes.tbsHash(chain.get(2));
        String root = CertificateHashes.tbsHash(chain.get(2)) + CertificateHashes.tbsHash(chain.get(2));

        List<String> revoked = revocations.status(new RevocationStatusQuery(
                Optional.of(Instant.now()),
                Optional.of("Signet-CMS-SHA256-ECDSA"),
                Optional.of(versionArn),
                Optional.of(f.arns.signingJob("00000000-0000-0000-0000-000000000000")),
                List.of(leaf.toUpperCase(java.util.Locale.ROOT), issuing, root)));

        assertThat(revoked).containsExactly(versionArn, leaf.toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void anotherAccountCannotRevokeASignatureItCannotSee() {
        SigningJob job = f.payloads
                .sign(
                        ADMIN,
                        new dev.signet.server.service.job.SignPayloadRequest(
                                "app",
                                Optional.empty(),
                                Optional.of(new byte[32]),
                                Optional.of("application/vnd.signet.digest+sha256")))
                .job();
        assertThatThrownBy(() -> revocations.revokeSignature(STRANGER, job.jobId(), Optional.empty(), Optional.of("r")))
                .isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ResourceNotFoundException");
        assertThat(f.jobRepository.find(job.jobId()).orElseThrow().revocation()).isEmpty();
    }

    /** ARNs that are not this deployment's profile version ARNs report nothing, and never fail. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "arn:aws:signer:us-east-1:000000000000:/signing-profiles/app",
                "arn:aws:signer:eu-west-1:000000000000:/signing-profiles/app/AAAAAAAAAA",
                "arn:aws-cn:signer:us-east-1:000000000000:/signing-profiles/app/AAAAAAAAAA",
                "arn:aws:lambda:us-east-1:000000000000:/signing-profiles/app/AAAAAAAAAA",
                "arn:aws:signer:us-east-1:0000:/signing-profiles/app/AAAAAAAAAA",
                "arn:aws:signer:us-east-1:000000000000:/signing-jobs/app/AAAAAAAAAA",
                "arn:aws:signer:us-east-1:000000000000:/signing-profiles/a!/AAAAAAAAAA",
                "arn:aws:signer:us-east-1:000000000000:/signing-profiles/app/AAAA/extra",
                "not an arn at all, but long enough"
            })
    void malformedProfileVersionArnsReportNothing(String arn) {
        revocations.revokeProfile(ADMIN, revoke(Instant.now().minusSeconds(60)));
        assertThat(ProfileVersionArn.parse(f.arns, arn)).isEmpty();
        assertThat(status(arn, Instant.now())).isEmpty();
    }

    private List<String> status(String versionArn, Instant signedAt) {
        return revocations.status(new RevocationStatusQuery(
                Optional.of(signedAt),
                Optional.of("Signet-CMS-SHA256-ECDSA"),
                Optional.of(versionArn),
                Optional.of(f.arns.signingJob("00000000-0000-0000-0000-000000000000")),
                List.of("00")));
    }
}
