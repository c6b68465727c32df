package dev.signet.server.store.signer;

import static dev.signet.server.store.signer.SignerFixtures.ACCOUNT;
import static dev.signet.server.store.signer.SignerFixtures.CALLER;
import static dev.signet.server.store.signer.SignerFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.job.JobRevocation;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.permission.PermissionRepository.Change;
import dev.signet.server.service.permission.ProfilePermission;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.revocation.ProfileRevocation;
import dev.signet.server.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Permissions, profile revocations, tags and job revocation on SQLite and PostgreSQL. */
class JdbiPermissionAndRevocationRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    @TempDir
    Path dir;

    static Stream<Named<Function<Path, Database>>> databases() {
        return SignerTestDatabases.all();
    }

    static ProfilePermission permission(String sid) {
        return new ProfilePermission(sid, "signer:SignPayload", "111122223333", Optional.empty());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void permissionChangesAreComparedAndSetOnTheRevision(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            new JdbiProfileRepository(db).create(profile("shared", "AbCdE12345", "Signet-CMS-SHA256-ECDSA", T0));
            var repository = new JdbiPermissionRepository(db);
            assertThat(repository.revision(ACCOUNT, "shared")).isEmpty();

            assertThat(repository.add(ACCOUNT, "shared", permission("B"), Optional.empty(), "r1"))
                    .isEqualTo(Change.APPLIED);
            assertThat(repository.add(ACCOUNT, "shared", permission("A"), Optional.of("r1"), "r2"))
                    .isEqualTo(Change.APPLIED);
            assertThat(repository.add(ACCOUNT, "shared", permission("C"), Optional.of("r1"), "r3"))
                    .isEqualTo(Change.STALE_REVISION);
            assertThat(repository.add(ACCOUNT, "shared", permission("A"), Optional.of("r2"), "r3"))
                    .isEqualTo(Change.DUPLICATE_STATEMENT);
            assertThat(repository.revision(ACCOUNT, "shared")).contains("r2");
            assertThat(repository.statements(ACCOUNT, "shared"))
                    .extracting(ProfilePermission::statementId)
                    .containsExactly("A", "B");

            assertThat(repository.remove(ACCOUNT, "shared", "A", "r1", "r3")).isEqualTo(Change.STALE_REVISION);
            assertThat(repository.remove(ACCOUNT, "shared", "Z", "r2", "r3")).isEqualTo(Change.NO_SUCH_STATEMENT);
            assertThat(repository.revision(ACCOUNT, "shared")).contains("r2");
            assertThat(repository.remove(ACCOUNT, "shared", "A", "r2", "r3")).isEqualTo(Change.APPLIED);
            assertThat(repository.revision(ACCOUNT, "shared")).contains("r3");
            assertThat(repository.statements(ACCOUNT, "shared")).containsExactly(permission("B"));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aProfileVersionIsRevokedOnceAndTheProfileBecomesRevoked(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var profiles = new JdbiProfileRepository(db);
            profiles.create(profile("revoked", "AbCdE12345", "Signet-CMS-SHA256-ECDSA", T0));
            var repository = new JdbiProfileRevocationRepository(db);
            ProfileRevocation revocation = new ProfileRevocation(
                    ACCOUNT, "revoked", "AbCdE12345", T0.plusSeconds(10), T0.plusSeconds(20), CALLER, "leaked");

            assertThat(repository.revoke(revocation)).isTrue();
            assertThat(repository.revoke(new ProfileRevocation(
                            ACCOUNT, "revoked", "AbCdE12345", T0, T0.plusSeconds(30), CALLER, "again")))
                    .isFalse();

            assertThat(repository.find(ACCOUNT, "revoked", "AbCdE12345")).contains(revocation);
            assertThat(repository.find(ACCOUNT, "revoked", "XXXXXXXXXX")).isEmpty();
            assertThat(profiles.find(ACCOUNT, "revoked").orElseThrow().status()).isEqualTo(ProfileStatus.Revoked);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRevocationsEffectiveTimeOnlyMovesEarlierAndAllListsEveryRevocation(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var profiles = new JdbiProfileRepository(db);
            profiles.create(profile("moved", "AbCdE12345", "Signet-CMS-SHA256-ECDSA", T0));
            profiles.create(profile("other", "ZyXwV98765", "Signet-CMS-SHA256-ECDSA", T0));
            var repository = new JdbiProfileRevocationRepository(db);
            ProfileRevocation revocation = new ProfileRevocation(
                    ACCOUNT, "moved", "AbCdE12345", T0.plusSeconds(10), T0.plusSeconds(20), CALLER, "leaked");
            ProfileRevocation other =
                    new ProfileRevocation(ACCOUNT, "other", "ZyXwV98765", T0, T0.plusSeconds(5), CALLER, "other");
            repository.revoke(revocation);
            repository.revoke(other);

            assertThat(repository.moveEffectiveTimeEarlier(ACCOUNT, "moved", "AbCdE12345", T0.plusSeconds(10)))
                    .isFalse();
            assertThat(repository.moveEffectiveTimeEarlier(ACCOUNT, "moved", "AbCdE12345", T0.plusSeconds(11)))
                    .isFalse();
            assertThat(repository.moveEffectiveTimeEarlier(ACCOUNT, "moved", "XXXXXXXXXX", T0))
                    .isFalse();
            assertThat(repository.find(ACCOUNT, "moved", "AbCdE12345")).contains(revocation);

            assertThat(repository.moveEffectiveTimeEarlier(ACCOUNT, "moved", "AbCdE12345", T0.plusSeconds(1)))
                    .isTrue();
            ProfileRevocation moved = new ProfileRevocation(
                    ACCOUNT, "moved", "AbCdE12345", T0.plusSeconds(1), T0.plusSeconds(20), CALLER, "leaked");
            assertThat(repository.find(ACCOUNT, "moved", "AbCdE12345")).contains(moved);
            assertThat(repository.all()).containsExactlyInAnyOrder(moved, other);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void tagsAreReplacedAndAJobIsRevokedOnce(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var profiles = new JdbiProfileRepository(db);
            SigningProfile profile = profile("tagged", "AbCdE12345", "Signet-CMS-SHA256-ECDSA", T0);
            profiles.create(profile);
            assertThat(profiles.changeTags(ACCOUNT, "tagged", t -> Map.of("env", "prod")))
                    .contains(Map.of("env", "prod"));
            assertThat(profiles.changeTags(ACCOUNT, "tagged", t -> {
                        var more = new java.util.HashMap<>(t);
                        more.put("team", "build");
                        return more;
                    }))
                    .contains(Map.of("env", "prod", "team", "build"));
            assertThat(profiles.changeTags(ACCOUNT, "absent", t -> Map.of("env", "prod")))
                    .isEmpty();
            assertThat(profiles.find(ACCOUNT, "tagged").orElseThrow().tags())
                    .isEqualTo(Map.of("env", "prod", "team", "build"));

            var jobs = new JdbiJobRepository(db);
            SigningJob job = jobs.insertIdempotent(SignerFixtures.inProgress(profile, "token", T0));
            JobRevocation revocation = new JobRevocation("bad build", T0.plusSeconds(5), CALLER);
            assertThat(jobs.revoke(job.jobId(), revocation)).isTrue();
            assertThat(jobs.revoke(job.jobId(), new JobRevocation("again", T0.plusSeconds(6), CALLER)))
                    .isFalse();
            assertThat(jobs.revoke("00000000-0000-0000-0000-000000000000", revocation))
                    .isFalse();
            assertThat(jobs.find(job.jobId()).orElseThrow().revocation()).contains(revocation);
        }
    }
}
