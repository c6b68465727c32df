package dev.signet.server.store.signer;

import static dev.signet.server.store.signer.SignerFixtures.ACCOUNT;
import static dev.signet.server.store.signer.SignerFixtures.CALLER;
import static dev.signet.server.store.signer.SignerFixtures.inProgress;
import static dev.signet.server.store.signer.SignerFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.server.service.certificate.ImportedCertificate;
import dev.signet.server.service.job.JobRevocation;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.SignedObject;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.revocation.TrustRecords;
import dev.signet.server.store.Database;
import dev.signet.server.store.certificate.JdbiCertificateRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JdbiTrustRecordsTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
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
            jobs.claim(withId.jobId(), "w", T0, T0.plusSeconds(60));
            jobs.complete(
                    withId.jobId(),
                    "w",
                    JobStatus.Succeeded,
                    "Signing Succeeded",
                    Optional.of(new SignedObject("dst", "k")),
                    Optional.of(ID),
                    T0.plusSeconds(1));
            jobs.revoke(withId.jobId(), new JobRevocation("r", T0.plusSeconds(5), CALLER));
            jobs.revoke(withoutId.jobId(), new JobRevocation("r", T0.plusSeconds(6), CALLER));

            var records = new JdbiTrustRecords(db);

            assertThat(records.revokedJobs())
                    .containsExactlyInAnyOrder(
                            new TrustRecords.RevokedJob(withId.jobId(), Optional.of(ID), T0.plusSeconds(5)),
                            new TrustRecords.RevokedJob(withoutId.jobId(), Optional.empty(), T0.plusSeconds(6)));
            assertThat(records.revokedJobs()).noneMatch(j -> j.jobId().equals(notRevoked.jobId()));
            assertThat(records.importedCertificates())
                    .containsExactly(new TrustRecords.ImportedChain(CERT_ARN, "PEM TEXT"));
            assertThat(records.certificateUses())
                    .containsExactly(new TrustRecords.CertificateUse(CERT_ARN, "iot", "BBBBBBBBBB"));
        }
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
