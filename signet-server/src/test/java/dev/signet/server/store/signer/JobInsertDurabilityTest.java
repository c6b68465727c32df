package dev.signet.server.store.signer;

import static dev.signet.server.store.signer.SignerFixtures.inProgress;
import static dev.signet.server.store.signer.SignerFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.store.Database;
import dev.signet.server.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SignPayload's jobs ({@code recordSignature}) go through a group commit: concurrent inserts share
 * transactions, and each returns only once its row is committed, on SQLite and PostgreSQL; a job
 * whose profile is no longer Active at its version is refused, alone, and nothing of it is stored.
 */
class JobInsertDurabilityTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

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
    void concurrentInsertsAreAllStoredAndVisibleWhenTheyReturn(Function<Path, Database> open) throws Exception {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningProfile profile = setUp(db);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    List<String> missing = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        SigningJob job = inProgress(profile, null, T0);
                        assertThat(jobs.recordSignature(job)).isTrue();
                        // read on another connection (PostgreSQL) or after the commit (SQLite)
                        if (jobs.find(job.jobId()).isEmpty()) {
                            missing.add(job.jobId());
                        }
                    }
                    return missing;
                }));
            }
            for (Future<List<String>> f : results) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEmpty();
            }
            pool.shutdownNow();
            int count = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM signing_job")
                            .mapTo(Integer.class)
                            .one());
            assertThat(count).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aJobOfACanceledOrSupersededProfileIsRefusedAloneInAConcurrentBatch(Function<Path, Database> open)
            throws Exception {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            var profiles = new JdbiProfileRepository(db);
            SigningProfile live = setUp(db);
            SigningProfile canceled = profile("gone", "BBBBBBBBBB", "Signet-CMS-SHA256-ECDSA", T0);
            profiles.create(canceled);
            profiles.updateStatus(
                    canceled.ownerAccount(),
                    canceled.name(),
                    ProfileStatus.Active,
                    ProfileStatus.Canceled,
                    Optional.of("test"));
            SigningProfile otherVersion = profile("app", "CCCCCCCCCC", "Signet-CMS-SHA256-ECDSA", T0);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<Boolean>> good = new ArrayList<>();
            List<Future<Boolean>> bad = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                SigningProfile refused = i % 2 == 0 ? canceled : otherVersion;
                good.add(pool.submit(() -> jobs.recordSignature(inProgress(live, null, T0))));
                bad.add(pool.submit(() -> jobs.recordSignature(inProgress(refused, null, T0))));
            }
            for (Future<Boolean> f : good) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isTrue();
            }
            for (Future<Boolean> f : bad) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isFalse();
            }
            pool.shutdownNow();
            List<String> stored = db.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT DISTINCT profile_name || '/' || profile_version" + " FROM signing_job")
                            .mapTo(String.class)
                            .list());
            assertThat(stored).containsExactly("app/AAAAAAAAAA");
            int count = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM signing_job")
                            .mapTo(Integer.class)
                            .one());
            assertThat(count).isEqualTo(30);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aJobTheDatabaseRejectsFailsAloneAndLaterJobsAreStillRecorded(Function<Path, Database> open) {
        try (Database db = open.apply(dir)) {
            var jobs = new JdbiJobRepository(db);
            SigningProfile profile = setUp(db);
            SigningJob first = inProgress(profile, null, T0);
            assertThat(jobs.recordSignature(first)).isTrue();

            // the same job id again: the primary key refuses it (a database error, not a refusal)
            assertThatThrownBy(() -> jobs.recordSignature(first))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot record 1 signing job(s)");

            for (int i = 0; i < 3; i++) {
                SigningJob next = inProgress(profile, null, T0);
                assertThat(jobs.recordSignature(next)).isTrue();
                assertThat(jobs.find(next.jobId())).contains(next);
            }
        }
    }

    @Test
    void sqliteFsyncsEveryCommit() {
        try (Database db = SignerTestDatabases.sqlite(dir)) {
            // 2 = FULL: in WAL mode the commit is synced to disk before it returns
            int synchronous = db.jdbi()
                    .withHandle(h -> h.createQuery("PRAGMA synchronous")
                            .mapTo(Integer.class)
                            .one());
            assertThat(synchronous).isEqualTo(2);
        }
    }

    @Test
    void aReturnedJobSurvivesACrashLikeStop() throws Exception {
        Path live = dir.resolve("live");
        Files.createDirectories(live);
        Path file = live.resolve("signet.db");
        Database db = Database.sqlite(file);
        try {
            var jobs = new JdbiJobRepository(db);
            SigningJob job = inProgress(setUp(db), null, T0);
            assertThat(jobs.recordSignature(job)).isTrue();

            // the files as a crash would leave them: no close, no checkpoint
            Path crashed = dir.resolve("crashed");
            Files.createDirectories(crashed);
            for (String suffix : new String[] {"", "-wal"}) {
                Path source = live.resolve("signet.db" + suffix);
                if (Files.exists(source)) {
                    Files.copy(source, crashed.resolve("signet.db" + suffix), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (Database recovered = Database.sqlite(crashed.resolve("signet.db"))) {
                assertThat(new JdbiJobRepository(recovered).find(job.jobId())).contains(job);
            }
        } finally {
            db.close();
        }
    }
}
