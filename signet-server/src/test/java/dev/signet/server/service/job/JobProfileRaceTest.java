package dev.signet.server.service.job;

import static dev.signet.server.service.SignerServiceFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.service.SignerServiceFixture;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.store.Database;
import dev.signet.server.store.signer.SignerTestDatabases;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A profile canceled (or revoked) while its StartSigningJob jobs wait or run (issue 13, item 12):
 * jobs not yet recorded fail with a reason, and no output of theirs stays in the destination.
 * The races are made deterministic by holding the runner, or by doing the cancel from inside the
 * job's own store calls (a proxy over the object store or the job repository).
 */
class JobProfileRaceTest {
    @TempDir
    Path dir;

    private SignerServiceFixture fixture;
    private String version;

    static Stream<Named<Function<Path, Database>>> databases() {
        return SignerTestDatabases.all();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private SignerServiceFixture open(Function<Path, Database> database) throws Exception {
        fixture = new SignerServiceFixture(database.apply(dir), dir);
        fixture.profiles.put(ADMIN, SigningJobServiceTest.profile("app", SigningJobServiceTest.CMS));
        fixture.objects.createBucket("src", "000000000000");
        fixture.objects.setVersioning("src", true);
        fixture.objects.createBucket("dst", "000000000000");
        version = fixture.objects
                .put(
                        "src",
                        "a.bin",
                        new ByteArrayInputStream("an artifact".getBytes(StandardCharsets.UTF_8)),
                        "application/octet-stream")
                .versionId();
        return fixture;
    }

    /**
     * How the profile stops signing with the job's version: canceled, revoked (as
     * RevokeSigningProfile leaves it), or rotated to a new version.
     */
    static Stream<Arguments> stops() {
        Consumer<SignerServiceFixture> cancel = f -> f.profiles.cancel(ADMIN, "app");
        Consumer<SignerServiceFixture> revoke = f -> f.profileRepository.updateStatus(
                ADMIN.accountId(), "app", ProfileStatus.Active, ProfileStatus.Revoked, Optional.of("revoked"));
        Consumer<SignerServiceFixture> rotate =
                f -> f.profiles.rotate(ADMIN, "app", Optional.empty(), Optional.empty());
        return Stream.of(
                Arguments.of(Named.of("canceled", cancel)),
                Arguments.of(Named.of("revoked", revoke)),
                Arguments.of(Named.of("rotated", rotate)));
    }

    private String startJob(SignerServiceFixture f, String token) {
        return f.jobs.start(ADMIN, SigningJobServiceTest.start("app", "src", "a.bin", version, token))
                .jobId();
    }

    private JobRunner runner(SignerServiceFixture f, JobRepository jobs, JobExecutor executor) {
        return new JobRunner(jobs, executor, f.clock, 2, 4, Duration.ofMillis(20), Duration.ofMinutes(1));
    }

    private List<ObjectInfo> outputs(SignerServiceFixture f) throws Exception {
        return f.objects.listVersions("dst", "", 100);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void queuedJobsOfAProfileCanceledBeforeTheyRunFailAndWriteNothing(Function<Path, Database> database)
            throws Exception {
        var f = open(database);
        f.runner.close();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(startJob(f, "queued-" + i));
        }

        f.profiles.cancel(ADMIN, "app");

        try (JobRunner released = runner(f, f.jobRepository, f.executor)) {
            for (String id : ids) {
                SigningJob done = f.awaitFinished(id);
                assertThat(done.status()).isEqualTo(JobStatus.Failed);
                assertThat(done.statusReason()).contains("signing profile app was canceled before the job could run");
                assertThat(done.signedObject()).isEmpty();
            }
        }
        assertThat(outputs(f)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stops")
    void aProfileStoppedWhileTheJobSignsPublishesNothing(Consumer<SignerServiceFixture> stop) throws Exception {
        var f = open(SignerTestDatabases::sqlite);
        f.runner.close();
        String id = startJob(f, "signing");
        List<String> puts = new ArrayList<>();
        AtomicBoolean stopped = new AtomicBoolean();
        // the profile stops while the job reads its source, after the check made before it ran
        ObjectStore store = proxy(ObjectStore.class, f.objects, (method, args) -> {
            if (method.getName().equals("open") && stopped.compareAndSet(false, true)) {
                stop.accept(f);
            }
            if (method.getName().equals("put")) {
                puts.add((String) args[1]);
            }
        });
        JobExecutor executor = new JobExecutor(
                f.profileRepository, f.issuer, f.platforms, store, f.arns, dir.resolve("work2"), f.clock);

        try (JobRunner released = runner(f, f.jobRepository, executor)) {
            SigningJob done = f.awaitFinished(id);
            assertThat(done.status()).isEqualTo(JobStatus.Failed);
            assertThat(done.statusReason().orElseThrow())
                    .matches("signing profile app was (canceled|revoked|rotated from version \\w+ to \\w+)"
                            + " before the job could finish; nothing was published.*");
        }
        assertThat(stopped).isTrue();
        assertThat(puts).isEmpty();
        assertThat(outputs(f)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stops")
    void aProfileStoppedBetweenSigningAndRecordingFailsTheJobAndWritesNoOutput(Consumer<SignerServiceFixture> stop)
            throws Exception {
        var f = open(SignerTestDatabases::sqlite);
        f.runner.close();
        String id = startJob(f, "recording");
        AtomicBoolean stopped = new AtomicBoolean();
        // the profile stops after the job signed and its last check passed, just before the output
        // and the record are committed together
        ObjectStore store = proxy(ObjectStore.class, f.objects, (method, args) -> {
            if (method.getName().equals("putIf") && stopped.compareAndSet(false, true)) {
                stop.accept(f);
            }
        });
        JobExecutor executor = new JobExecutor(
                f.profileRepository, f.issuer, f.platforms, store, f.arns, dir.resolve("work3"), f.clock);

        try (JobRunner released = runner(f, f.jobRepository, executor)) {
            SigningJob done = f.awaitFinished(id);
            assertThat(done.status()).isEqualTo(JobStatus.Failed);
            assertThat(done.statusReason().orElseThrow())
                    .matches("signing profile app was (canceled|revoked|rotated from version \\w+ to \\w+)"
                            + " before the job could finish; nothing was published.*");
            assertThat(done.signedObject()).isEmpty();
        }
        assertThat(stopped).isTrue();
        assertThat(outputs(f)).isEmpty();
    }

    @Test
    void anOutputLeftByACrashBeforeTheRecordIsRemovedWhenTheJobFailsLater() throws Exception {
        var f = open(SignerTestDatabases::sqlite);
        f.runner.close();
        String id = startJob(f, "crashed");
        // a crashed attempt wrote the output but never recorded the job
        f.objects.put(
                "dst",
                "signed/" + id,
                new ByteArrayInputStream("left over".getBytes(StandardCharsets.UTF_8)),
                "application/octet-stream");
        f.objects.put(
                "dst",
                "signed/" + id + ".other",
                new ByteArrayInputStream("not this job's output".getBytes(StandardCharsets.UTF_8)),
                "application/octet-stream");
        f.profiles.cancel(ADMIN, "app");

        try (JobRunner released = runner(f, f.jobRepository, f.executor)) {
            assertThat(f.awaitFinished(id).status()).isEqualTo(JobStatus.Failed);
        }
        assertThat(outputs(f)).extracting(ObjectInfo::key).containsExactly("signed/" + id + ".other");
    }

    /** A call seen before it reaches the real object. */
    interface Before {
        void call(Method method, Object[] args) throws Exception;
    }

    /** {@code target} behind {@code type}, with {@code before} run ahead of every call. */
    static <T> T proxy(Class<T> type, T target, Before before) {
        InvocationHandler handler = (p, method, args) -> {
            before.call(method, args == null ? new Object[0] : args);
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
