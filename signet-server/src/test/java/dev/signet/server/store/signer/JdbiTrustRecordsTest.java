package dev.signet.server.store.signer;

import static dev.signet.server.store.signer.SignerFixtures.ACCOUNT;
import static dev.signet.server.store.signer.SignerFixtures.CALLER;
import static dev.signet.server.store.signer.SignerFixtures.inProgress;
import static dev.signet.server.store.signer.SignerFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.server.service.certificate.ImportedCertificate;
import dev.signet.server.service.job.JobLease;
import dev.signet.server.service.job.JobRevocation;
import dev.signet.server.service.job.SignedObject;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.CertificateState;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.revocation.ProfileRevocation;
import dev.signet.server.service.revocation.TrustRecords;
import dev.signet.server.store.Database;
import dev.signet.server.store.certificate.JdbiCertificateRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JdbiTrustRecordsTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final String DIGEST = "sha256:" + "5e".repeat(32);
    private static final String ID = "0f".repeat(32);
    private static final String CERT_ARN =
            "arn:aws:acm:us-east-1:000000000000:certificate/" + "12345678-1234-1234-1234-123456789012";

    @TempDir
    Path dir;

    static Stream<Named<Function<Path, Database>>> databases() {
        return SignerTestDatabases.all();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void readsRevokedJobsImportedCertificatesAndTheirUses(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var profiles = new JdbiProfileRepository(db);
            var jobs = new JdbiJobRepository(db);
            SigningProfile issued = profile("issued", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0);
            SigningProfile imported = withCertificate(profile("iot", "BBBBBBBBBB", "AmazonFreeRTOS-Default", T0));
            profiles.create(issued);
            profiles.create(imported);
            new JdbiCertificateRepository(db)
                    .insert(new ImportedCertificate(
                            ACCOUNT,
                            "12345678-1234-1234-1234-123456789012",
                            CERT_ARN,
                            new KeyHandle("software", "key-iot", KeyAlgorithm.ECDSA_P256),
                            "PEM TEXT",
                            "CN=iot",
                            T0,
                            T0.plusSeconds(86400),
                            T0));
            SigningJob withId = jobs.insertIdempotent(inProgress(issued, "a", T0));
            SigningJob withoutId = jobs.insertIdempotent(inProgress(issued, "b", T0));
            SigningJob notRevoked = jobs.insertIdempotent(inProgress(issued, "c", T0));
            JobLease lease =
                    jobs.claim(withId.jobId(), "w", T0, T0.plusSeconds(60)).orElseThrow();
            jobs.succeed(lease, new SignedObject("dst", "k"), Optional.of(ID), DIGEST, T0.plusSeconds(1));
            jobs.revoke(withId.jobId(), new JobRevocation("r", T0.plusSeconds(5), CALLER));
            jobs.revoke(withoutId.jobId(), new JobRevocation("r", T0.plusSeconds(6), CALLER));

            var records = new JdbiTrustRecords(db);

            assertThat(records.revokedJobs())
                    .containsExactlyInAnyOrder(
                            new TrustRecords.RevokedJob(
                                    "000000000000", withId.jobId(), Optional.of(ID), T0.plusSeconds(5)),
                            new TrustRecords.RevokedJob(
                                    "000000000000", withoutId.jobId(), Optional.empty(), T0.plusSeconds(6)));
            assertThat(records.revokedJobs()).noneMatch(j -> j.jobId().equals(notRevoked.jobId()));
            assertThat(records.importedCertificates())
                    .containsExactly(new TrustRecords.ImportedChain(CERT_ARN, "PEM TEXT"));
            assertThat(records.certificateUses())
                    .containsExactly(new TrustRecords.CertificateUse("000000000000", CERT_ARN, "iot", "BBBBBBBBBB"));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void sparedSignaturesAreTheRevokedVersionsJobsCompletedBeforeTheEffectiveTime(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var profiles = new JdbiProfileRepository(db);
            var jobs = new JdbiJobRepository(db);
            Instant effective = T0.plusSeconds(100);
            SigningProfile iot = profile("iot", "AAAAAAAAAA", "AmazonFreeRTOS-Default", T0);
            SigningProfile cms = profile("cms", "BBBBBBBBBB", "Signet-CMS-SHA256-ECDSA", T0);
            SigningProfile kept = profile("kept", "CCCCCCCCCC", "AmazonFreeRTOS-Default", T0);
            for (SigningProfile p : new SigningProfile[] {iot, cms, kept}) {
                profiles.create(p);
            }
            String before = succeeded(jobs, iot, "a", effective.minusMillis(1));
            succeeded(jobs, iot, "b", effective);
            succeeded(jobs, iot, "c", effective.plusSeconds(1));
            succeeded(jobs, cms, "d", effective.minusSeconds(1));
            succeeded(jobs, kept, "e", effective.minusSeconds(1));
            jobs.insertIdempotent(inProgress(iot, "f", T0));
            var revocations = new JdbiProfileRevocationRepository(db);
            for (SigningProfile p : new SigningProfile[] {iot, cms}) {
                revocations.revoke(new ProfileRevocation(
                        ACCOUNT, p.name(), p.version(), effective, effective.plusSeconds(60), CALLER, "r"));
            }

            var records = new JdbiTrustRecords(db);

            assertThat(records.sparedSignatures(Set.of("AmazonFreeRTOS-Default", "AmazonFreeRTOS-TI-CC3220SF")))
                    .containsExactly(new TrustRecords.SparedSignature(
                            ACCOUNT, "iot", "AAAAAAAAAA", before, effective.minusMillis(1)));
            assertThat(records.sparedSignatures(Set.of("Signet-CMS-SHA256-ECDSA")))
                    .extracting(TrustRecords.SparedSignature::profileName)
                    .containsExactly("cms");
            assertThat(records.sparedSignatures(Set.of())).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theChangeMarkerMovesWithEveryRecordTheTrustMaterialReads(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var profiles = new JdbiProfileRepository(db);
            var jobs = new JdbiJobRepository(db);
            var revocations = new JdbiProfileRevocationRepository(db);
            var records = new JdbiTrustRecords(db);
            SigningProfile cms = profile("cms", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0);
            profiles.create(cms);
            String jobId = jobs.insertIdempotent(inProgress(cms, "a", T0)).jobId();
            TrustRecords.ChangeMarker start = records.changeMarker();

            succeeded(jobs, cms, "b", T0.plusSeconds(1));
            assertThat(records.changeMarker())
                    .as("a signature is not trust material")
                    .isEqualTo(start);

            jobs.revoke(jobId, new JobRevocation("r", T0.plusSeconds(5), CALLER));
            TrustRecords.ChangeMarker revokedJob = records.changeMarker();
            assertThat(revokedJob).isNotEqualTo(start);

            revocations.revoke(new ProfileRevocation(
                    ACCOUNT, "cms", "AAAAAAAAAA", T0.plusSeconds(100), T0.plusSeconds(200), CALLER, "r"));
            TrustRecords.ChangeMarker revokedVersion = records.changeMarker();
            assertThat(revokedVersion).isNotEqualTo(revokedJob);

            revocations.moveEffectiveTimeEarlier(ACCOUNT, "cms", "AAAAAAAAAA", T0.plusSeconds(50));
            TrustRecords.ChangeMarker movedEarlier = records.changeMarker();
            assertThat(movedEarlier).isNotEqualTo(revokedVersion);

            new JdbiCertificateRepository(db)
                    .insert(new ImportedCertificate(
                            ACCOUNT,
                            "12345678-1234-1234-1234-123456789012",
                            CERT_ARN,
                            new KeyHandle("software", "key-iot", KeyAlgorithm.ECDSA_P256),
                            "PEM TEXT",
                            "CN=iot",
                            T0,
                            T0.plusSeconds(86400),
                            T0));
            TrustRecords.ChangeMarker imported = records.changeMarker();
            assertThat(imported).isNotEqualTo(movedEarlier);

            profiles.create(withCertificate(profile("iot", "BBBBBBBBBB", "AmazonFreeRTOS-Default", T0)));
            assertThat(records.changeMarker()).isNotEqualTo(imported);
        }
    }

    /**
     * Installed outside CAs' chains are trust material: listed once installed (a pending version's
     * is not), and the marker moves with each install. A rotated profile's pending version waits
     * beside the current one (one at a time) and becomes current when its chain is installed.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void installedExternalChainsAreListedAndAPendingVersionBecomesCurrentWhenInstalled(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var profiles = new JdbiProfileRepository(db);
            var records = new JdbiTrustRecords(db);
            SigningProfile first = pending(profile("byo", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0));
            profiles.create(first);
            TrustRecords.ChangeMarker start = records.changeMarker();
            assertThat(records.externalChains()).isEmpty();

            assertThat(profiles.installExternalChain(ACCOUNT, "byo", "AAAAAAAAAA", "FIRST CHAIN"))
                    .isTrue();
            assertThat(profiles.installExternalChain(ACCOUNT, "byo", "AAAAAAAAAA", "AGAIN"))
                    .isFalse();
            assertThat(records.externalChains())
                    .containsExactly(new TrustRecords.ExternalChain(ACCOUNT, "byo", "AAAAAAAAAA", "FIRST CHAIN"));
            TrustRecords.ChangeMarker installed = records.changeMarker();
            assertThat(installed).isNotEqualTo(start);

            SigningProfile second = pending(profile("byo", "BBBBBBBBBB", "Signet-CMS-SHA256-ECDSA", T0));
            assertThat(profiles.addPendingVersion(second, "AAAAAAAAAA", T0.plusSeconds(1)))
                    .isTrue();
            SigningProfile third = pending(profile("byo", "CCCCCCCCCC", "Signet-CMS-SHA256-ECDSA", T0));
            assertThat(profiles.addPendingVersion(third, "AAAAAAAAAA", T0.plusSeconds(2)))
                    .as("one pending version at a time")
                    .isFalse();
            assertThat(profiles.addPendingVersion(third, "ZZZZZZZZZZ", T0.plusSeconds(2)))
                    .as("only beside the current version")
                    .isFalse();
            assertThat(profiles.find(ACCOUNT, "byo").orElseThrow().version()).isEqualTo("AAAAAAAAAA");
            assertThat(profiles.findPendingVersion(ACCOUNT, "byo").orElseThrow().version())
                    .isEqualTo("BBBBBBBBBB");
            assertThat(records.changeMarker()).isEqualTo(installed);

            assertThat(profiles.installExternalChain(ACCOUNT, "byo", "BBBBBBBBBB", "SECOND CHAIN"))
                    .isTrue();
            assertThat(profiles.find(ACCOUNT, "byo").orElseThrow().version()).isEqualTo("BBBBBBBBBB");
            assertThat(profiles.findPendingVersion(ACCOUNT, "byo")).isEmpty();
            assertThat(records.externalChains()).hasSize(2);
            assertThat(records.changeMarker()).isNotEqualTo(installed);
        }
    }

    private static SigningProfile pending(SigningProfile p) {
        return new SigningProfile(
                p.ownerAccount(),
                p.name(),
                p.version(),
                p.platformId(),
                p.platformDisplayName(),
                Optional.empty(),
                p.key(),
                "",
                CertificateState.PendingCertificate,
                p.validity(),
                p.overrides(),
                p.signingParameters(),
                p.tags(),
                p.status(),
                p.statusReason(),
                p.createdAt());
    }

    /** A job of {@code profile} that succeeded at {@code completedAt} with a fresh signature id, returned. */
    private static String succeeded(JdbiJobRepository jobs, SigningProfile profile, String token, Instant completedAt) {
        SigningJob job = jobs.insertIdempotent(inProgress(profile, token, T0));
        String id = (token + "0").repeat(32).substring(0, 64).replaceAll("[^0-9a-f]", "0");
        JobLease lease = jobs.claim(job.jobId(), "w", T0, T0.plusSeconds(600)).orElseThrow();
        jobs.succeed(lease, new SignedObject("dst", "k"), Optional.of(id), DIGEST, completedAt);
        return id;
    }

    private static SigningProfile withCertificate(SigningProfile p) {
        return new SigningProfile(
                p.ownerAccount(),
                p.name(),
                p.version(),
                p.platformId(),
                p.platformDisplayName(),
                Optional.of(CERT_ARN),
                p.key(),
                p.certificateChainPem(),
                p.validity(),
                p.overrides(),
                p.signingParameters(),
                p.tags(),
                p.status(),
                p.statusReason(),
                p.createdAt());
    }
}
