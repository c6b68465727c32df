package dev.signet.server.store.signer;

import static dev.signet.server.store.signer.SignerFixtures.ACCOUNT;
import static dev.signet.server.store.signer.SignerFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.profile.ProfileFilter;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.store.Database;
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

class JdbiProfileRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    @TempDir
    Path dir;

    static Stream<Named<Function<Path, Database>>> databases() {
        return SignerTestDatabases.all();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void storesAndReadsBackEveryField(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var repository = new JdbiProfileRepository(db);
            SigningProfile profile = profile("app_signer", "AbCdE12345", "Signet-CMS-SHA256-ECDSA", T0);

            assertThat(repository.create(profile)).isTrue();

            assertThat(repository.find(ACCOUNT, "app_signer")).contains(profile);
            assertThat(repository.findVersion(ACCOUNT, "app_signer", "AbCdE12345"))
                    .contains(profile);
            assertThat(repository.findVersion(ACCOUNT, "app_signer", "XXXXXXXXXX"))
                    .isEmpty();
            assertThat(repository.find("111111111111", "app_signer")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aNameIsTakenOnlyOnce(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var repository = new JdbiProfileRepository(db);
            SigningProfile first = profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0);
            repository.create(first);

            assertThat(repository.create(profile("app", "BBBBBBBBBB", "Signet-CMS-SHA256-RSA", T0)))
                    .isFalse();
            assertThat(repository.find(ACCOUNT, "app")).contains(first);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aNewVersionReplacesOnlyTheCurrentVersionOfAnActiveProfile(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var repository = new JdbiProfileRepository(db);
            var jobs = new JdbiJobRepository(db);
            SigningProfile first = profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0);
            repository.create(first);
            SigningProfile second = profile("app", "BBBBBBBBBB", "Signet-CMS-SHA256-ECDSA", T0);
            Instant rotatedAt = T0.plusSeconds(60);

            assertThat(repository.addVersion(second, "AAAAAAAAAA", rotatedAt)).isTrue();
            assertThat(repository.find(ACCOUNT, "app")).contains(second);
            assertThat(repository.findVersion(ACCOUNT, "app", "AAAAAAAAAA")).contains(first);
            // a signature of the replaced version is no longer recorded; one of the new version is
            assertThat(jobs.recordSignature(SignerFixtures.inProgress(first, null, rotatedAt)))
                    .isFalse();
            assertThat(jobs.recordSignature(SignerFixtures.inProgress(second, null, rotatedAt)))
                    .isTrue();

            // a second rotation from the replaced version (a concurrent one that lost) changes nothing
            SigningProfile third = profile("app", "CCCCCCCCCC", "Signet-CMS-SHA256-ECDSA", T0);
            assertThat(repository.addVersion(third, "AAAAAAAAAA", rotatedAt)).isFalse();
            assertThat(repository.findVersion(ACCOUNT, "app", "CCCCCCCCCC")).isEmpty();
            assertThat(repository.find(ACCOUNT, "app")).contains(second);

            // a canceled profile gets no new version
            repository.updateStatus(ACCOUNT, "app", ProfileStatus.Active, ProfileStatus.Canceled, Optional.empty());
            assertThat(repository.addVersion(third, "BBBBBBBBBB", rotatedAt)).isFalse();
            assertThat(repository.findVersion(ACCOUNT, "app", "CCCCCCCCCC")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void statusMovesOnlyFromTheExpectedOne(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var repository = new JdbiProfileRepository(db);
            repository.create(profile("app", "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0));

            assertThat(repository.updateStatus(
                            ACCOUNT, "app", ProfileStatus.Active, ProfileStatus.Canceled, Optional.of("done")))
                    .isTrue();
            assertThat(repository.updateStatus(
                            ACCOUNT, "app", ProfileStatus.Active, ProfileStatus.Canceled, Optional.of("again")))
                    .isFalse();
            assertThat(repository.updateStatus(
                            ACCOUNT, "nope", ProfileStatus.Active, ProfileStatus.Canceled, Optional.empty()))
                    .isFalse();
            SigningProfile stored = repository.find(ACCOUNT, "app").orElseThrow();
            assertThat(stored.status()).isEqualTo(ProfileStatus.Canceled);
            assertThat(stored.statusReason()).contains("done");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void listsFilterByStatusAndPlatformInNameOrderAfterACursor(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var repository = new JdbiProfileRepository(db);
            for (String name : new String[] {"delta", "alpha", "charlie", "bravo"}) {
                repository.create(profile(name, "AAAAAAAAAA", "Signet-CMS-SHA256-ECDSA", T0));
            }
            repository.create(profile("echo", "AAAAAAAAAA", "Signet-CMS-SHA256-RSA", T0));
            repository.updateStatus(ACCOUNT, "charlie", ProfileStatus.Active, ProfileStatus.Canceled, Optional.empty());

            var active = new ProfileFilter(ACCOUNT, Set.of(ProfileStatus.Active), Optional.empty());
            assertThat(names(repository.list(active, Optional.empty(), 10)))
                    .containsExactly("alpha", "bravo", "delta", "echo");
            assertThat(names(repository.list(active, Optional.of("bravo"), 2))).containsExactly("delta", "echo");
            var both = new ProfileFilter(
                    ACCOUNT,
                    Set.of(ProfileStatus.Active, ProfileStatus.Canceled),
                    Optional.of("Signet-CMS-SHA256-ECDSA"));
            assertThat(names(repository.list(both, Optional.empty(), 10)))
                    .containsExactly("alpha", "bravo", "charlie", "delta");
            var otherAccount = new ProfileFilter("111111111111", Set.of(ProfileStatus.Active), Optional.empty());
            assertThat(repository.list(otherAccount, Optional.empty(), 10)).isEmpty();
        }
    }

    private static Stream<String> names(java.util.List<SigningProfile> profiles) {
        return profiles.stream().map(SigningProfile::name);
    }
}
