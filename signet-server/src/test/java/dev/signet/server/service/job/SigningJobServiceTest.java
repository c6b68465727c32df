package dev.signet.server.service.job;

import static dev.signet.server.service.SignerServiceFixture.ADMIN;
import static dev.signet.server.service.SignerServiceFixture.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.SignerServiceFixture;
import dev.signet.server.service.profile.PutProfileRequest;
import dev.signet.server.service.profile.SigningOverrides;
import dev.signet.server.store.Database;
import dev.signet.server.store.signer.SignerTestDatabases;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SigningJobServiceTest {
    static final String CMS = "Signet-CMS-SHA256-ECDSA";

    @TempDir
    Path dir;

    private SignerServiceFixture fixture;

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
        fixture.profiles.put(ADMIN, profile("app", CMS));
        fixture.objects.createBucket("src", "000000000000");
        fixture.objects.setVersioning("src", true);
        fixture.objects.createBucket("dst", "000000000000");
        return fixture;
    }

    private SignerServiceFixture sqlite() throws Exception {
        return open(SignerTestDatabases::sqlite);
    }

    static PutProfileRequest profile(String name, String platform) {
        return new PutProfileRequest(
                name, platform, Optional.empty(), Optional.empty(), SigningOverrides.NONE, Map.of(), Map.of());
    }

    static StartJobRequest start(String profile, String bucket, String key, String version, String token) {
        return new StartJobRequest(
                profile,
                Optional.empty(),
                Optional.ofNullable(bucket),
                Optional.ofNullable(key),
                Optional.ofNullable(version),
                Optional.of("dst"),
                Optional.of("signed/"),
                Optional.ofNullable(token));
    }

    private String upload(String key, byte[] content) throws Exception {
        ObjectInfo info =
                fixture.objects.put("src", key, new ByteArrayInputStream(content), "application/octet-stream");
        return info.versionId();
    }

    static Stream<Arguments> invalidStarts() {
        return Stream.of(
                Arguments.of(start("app", "src", "k", "v", null), "clientRequestToken is required"),
                Arguments.of(start("app", null, "k", "v", "t"), "source.s3.bucketName is required"),
                Arguments.of(start("app", "src", null, "v", "t"), "source.s3.key is required"),
                Arguments.of(start("app", "src", "k", null, "t"), "source.s3.version is required"),
                Arguments.of(start("app", "src", "k", "v", "t".repeat(257)), "clientRequestToken must be"),
                Arguments.of(start("bad name", "src", "k", "v", "t"), "profileName"),
                Arguments.of(
                        new StartJobRequest(
                                "app",
                                Optional.empty(),
                                Optional.of("src"),
                                Optional.of("k"),
                                Optional.of("v"),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of("t")),
                        "destination.s3.bucketName is required"),
                Arguments.of(
                        new StartJobRequest(
                                "app",
                                Optional.of("12"),
                                Optional.of("src"),
                                Optional.of("k"),
                                Optional.of("v"),
                                Optional.of("dst"),
                                Optional.empty(),
                                Optional.of("t")),
                        "profileOwner"));
    }

    @ParameterizedTest
    @MethodSource("invalidStarts")
    void invalidStartsAreRefusedAndRecordNothing(StartJobRequest request, String message) throws Exception {
        var f = sqlite();
        assertThatThrownBy(() -> f.jobs.start(ADMIN, request))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ValidationException");
        assertThat(list(f, ADMIN)).isEmpty();
    }

    @Test
    void unknownAndCanceledProfilesCannotSign() throws Exception {
        var f = sqlite();
        assertThatThrownBy(() -> f.jobs.start(ADMIN, start("nothing", "src", "k", "v", "t")))
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ResourceNotFoundException");
        f.profiles.cancel(ADMIN, "app");
        assertThatThrownBy(() -> f.jobs.start(ADMIN, start("app", "src", "k", "v", "t")))
                .hasMessageContaining("Canceled and cannot sign");
        assertThat(list(f, ADMIN)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theSameTokenFromTheSameCallerStartsOneJob(Function<Path, Database> database) throws Exception {
        var f = open(database);
        String version = upload("a.bin", new byte[] {1, 2, 3});

        SigningJob first = f.jobs.start(ADMIN, start("app", "src", "a.bin", version, "token-1"));
        SigningJob again = f.jobs.start(ADMIN, start("app", "src", "a.bin", version, "token-1"));

        assertThat(again.jobId()).isEqualTo(first.jobId());
        assertThat(first.status()).isEqualTo(JobStatus.InProgress);
        assertThat(first.requestedBy()).isEqualTo(ADMIN.principalArn());
        assertThat(first.jobOwner()).isEqualTo("000000000000");
        assertThatThrownBy(() -> f.jobs.start(ADMIN, start("app", "src", "other.bin", version, "token-1")))
                .hasMessageContaining("clientRequestToken was already used");
        Caller colleague = Caller.administrator("AKID2", "arn:aws:iam::000000000000:user/colleague", "000000000000");
        assertThat(f.jobs.start(colleague, start("app", "src", "a.bin", version, "token-1"))
                        .jobId())
                .isNotEqualTo(first.jobId());
        f.awaitFinished(first.jobId());
        assertThat(list(f, ADMIN)).hasSize(2);
    }

    static Stream<Arguments> failingJobs() {
        return Stream.of(
                Arguments.of("nobucket", "a.bin", "source bucket nobucket does not exist"),
                Arguments.of("src", "missing.bin", "version"),
                Arguments.of("src", "wrong-version", "does not exist"));
    }

    @ParameterizedTest
    @MethodSource("failingJobs")
    void aJobThatCannotReadItsSourceFailsWithAReason(String bucket, String key, String reason) throws Exception {
        var f = sqlite();
        upload("wrong-version", new byte[] {1});
        SigningJob job = f.jobs.start(ADMIN, start("app", bucket, key, "no-such-version", "t"));

        SigningJob done = f.awaitFinished(job.jobId());

        assertThat(done.status()).isEqualTo(JobStatus.Failed);
        assertThat(done.statusReason().orElseThrow())
                .contains(reason)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(done.completedAt()).isPresent();
        assertThat(done.signedObject()).isEmpty();
    }

    @Test
    void aSourceLargerThanThePlatformMaximumFailsTheJob() throws Exception {
        var f = sqlite();
        f.profiles.put(ADMIN, profile("notation", "Notation-OCI-SHA384-ECDSA"));
        String version = fixture.objects
                .put("src", "big.bin", zeros(4L * 1024 * 1024 + 1), "application/octet-stream")
                .versionId();

        SigningJob done = f.awaitFinished(f.jobs.start(ADMIN, start("notation", "src", "big.bin", version, "t"))
                .jobId());

        assertThat(done.status()).isEqualTo(JobStatus.Failed);
        assertThat(done.statusReason().orElseThrow()).contains("larger than 4 MB");
    }

    @Test
    void aMissingDestinationBucketFailsTheJob() throws Exception {
        var f = sqlite();
        String version = upload("a.bin", new byte[] {1, 2, 3});
        StartJobRequest request = new StartJobRequest(
                "app",
                Optional.empty(),
                Optional.of("src"),
                Optional.of("a.bin"),
                Optional.of(version),
                Optional.of("nowhere"),
                Optional.empty(),
                Optional.of("t"));

        SigningJob done = f.awaitFinished(f.jobs.start(ADMIN, request).jobId());

        assertThat(done.status()).isEqualTo(JobStatus.Failed);
        assertThat(done.statusReason().orElseThrow()).contains("destination bucket nowhere does not exist");
    }

    @Test
    void describeFindsOnlyExistingJobsOfTheCallersAccount() throws Exception {
        var f = sqlite();
        SigningJob job = f.jobs.start(ADMIN, start("app", "src", "a.bin", "v", "t"));

        assertThat(f.jobs.describe(ADMIN, job.jobId()).jobId()).isEqualTo(job.jobId());
        for (String id : List.of(
                "00000000-0000-0000-0000-000000000000",
                "not-a-uuid",
                "../../etc",
                job.jobId().toUpperCase())) {
            assertThatThrownBy(() -> f.jobs.describe(ADMIN, id))
                    .extracting(e -> ((ServiceException) e).errorCode())
                    .isEqualTo("ResourceNotFoundException");
        }
        assertThatThrownBy(() -> f.jobs.describe(STRANGER, job.jobId()))
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ResourceNotFoundException");
        f.awaitFinished(job.jobId());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void listingPagesNewestFirstWithTokensBoundToTheFilter(Function<Path, Database> database) throws Exception {
        var f = open(database);
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            started.add(
                    0,
                    f.jobs.start(ADMIN, start("app", "src", "k" + i, "v", "t" + i))
                            .jobId());
        }
        started.forEach(f::awaitFinished);

        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        for (int page = 0; page < 10; page++) {
            JobPage result = f.jobs.list(ADMIN, filter(Optional.empty()), Optional.of(2), token);
            result.jobs().forEach(j -> seen.add(j.jobId()));
            token = result.nextToken();
            if (token.isEmpty()) {
                break;
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(started).hasSize(5);
        assertThat(f.jobs.list(ADMIN, filter(Optional.of(JobStatus.Succeeded)), Optional.empty(), Optional.empty())
                        .jobs())
                .isEmpty();
        String issued = f.jobs.list(ADMIN, filter(Optional.empty()), Optional.of(1), Optional.empty())
                .nextToken()
                .orElseThrow();
        assertThatThrownBy(() ->
                        f.jobs.list(ADMIN, filter(Optional.of(JobStatus.Failed)), Optional.of(1), Optional.of(issued)))
                .hasMessageContaining("nextToken");
        assertThatThrownBy(() -> f.jobs.list(ADMIN, filter(Optional.empty()), Optional.of(0), Optional.empty()))
                .hasMessageContaining("maxResults");
        assertThat(list(f, STRANGER)).isEmpty();
    }

    @Test
    void aStoredJobNobodyWokeIsPickedUpByThePoller() throws Exception {
        var f = sqlite();
        SigningJob job = f.jobs.start(ADMIN, start("app", "src", "a.bin", "v", "t"));
        SigningJob direct = f.jobRepository.insertIdempotent(copyWithNewId(job));

        assertThat(f.awaitFinished(direct.jobId()).status()).isEqualTo(JobStatus.Failed);
        f.awaitFinished(job.jobId());
    }

    @Test
    void aJobInterruptedTooOftenIsFailedInsteadOfRetriedForEver() throws Exception {
        var f = sqlite();
        f.runner.close();
        SigningJob job = f.jobs.start(ADMIN, start("app", "src", "a.bin", "v", "t"));
        Instant past = Instant.now().minusSeconds(3600);
        for (int attempt = 0; attempt < JobRunner.MAX_ATTEMPTS; attempt++) {
            assertThat(f.jobRepository.claim(
                            job.jobId(),
                            "dead-node",
                            past.plusSeconds(10L * attempt),
                            past.plusSeconds(10L * attempt + 1)))
                    .isPresent();
        }
        try (var runner = new JobRunner(
                f.jobRepository,
                f.executor,
                f.clock,
                1,
                1,
                java.time.Duration.ofMillis(20),
                java.time.Duration.ofMinutes(1))) {
            SigningJob done = f.awaitFinished(job.jobId());
            assertThat(done.status()).isEqualTo(JobStatus.Failed);
            assertThat(done.statusReason().orElseThrow()).contains("interrupted 3 times");
        }
    }

    @Test
    void aRunThatFailsSaysWhenTheJobIsTriedAgain() throws Exception {
        var f = sqlite();
        f.runner.close();
        SigningJob job = f.jobs.start(ADMIN, start("app", "src", "a.bin", "v", "t"));
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        // the database fails after the claim: the job keeps its lease
        JobRepository failingFind = (JobRepository) java.lang.reflect.Proxy.newProxyInstance(
                JobRepository.class.getClassLoader(), new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        throw new IllegalStateException("database is locked");
                    }
                    try {
                        return method.invoke(f.jobRepository, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        java.io.PrintStream originalErr = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        String expected = "job " + job.jobId() + " failed: attempt 1 of 3; it is retried when its lease ends at "
                + now.plus(java.time.Duration.ofMinutes(15));
        try (var runner = new JobRunner(
                failingFind,
                f.executor,
                java.time.Clock.fixed(now, java.time.ZoneOffset.UTC),
                1,
                1,
                java.time.Duration.ofMillis(20),
                java.time.Duration.ofMinutes(15))) {
            for (int i = 0;
                    i < 1000
                            && !log.toString(java.nio.charset.StandardCharsets.UTF_8)
                                    .contains(expected);
                    i++) {
                Thread.sleep(10);
            }
        } finally {
            System.setErr(originalErr);
        }
        assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains(expected)
                .contains("database is locked")
                .doesNotContain("will be retried");
        assertThat(f.jobRepository.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.InProgress);
        assertThat(f.jobRepository.claimable(now.plus(java.time.Duration.ofMinutes(14)), 10))
                .doesNotContain(job.jobId());
        assertThat(f.jobRepository.claimable(now.plus(java.time.Duration.ofMinutes(16)), 10))
                .contains(job.jobId());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aJobSignsTheSourceVersionIntoPrefixPlusJobIdAndOpensslVerifiesIt(Function<Path, Database> database)
            throws Exception {
        var f = open(database);
        byte[] content = new byte[300_000];
        new java.util.Random(7).nextBytes(content);
        String version = upload("dir/app.bin", content);
        upload("dir/app.bin", new byte[] {9, 9, 9});

        SigningJob done = f.awaitFinished(f.jobs.start(ADMIN, start("app", "src", "dir/app.bin", version, "t"))
                .jobId());

        assertThat(done.status()).as(done.statusReason().orElse("")).isEqualTo(JobStatus.Succeeded);
        assertThat(done.statusReason()).contains("Signing Succeeded");
        assertThat(done.signedObject()).contains(new SignedObject("dst", "signed/" + done.jobId()));
        byte[] signature;
        try (InputStream in = f.objects.open("dst", "signed/" + done.jobId(), Optional.empty())) {
            signature = in.readAllBytes();
        }
        Path artifact = java.nio.file.Files.write(dir.resolve("app.bin"), content);
        Path root =
                java.nio.file.Files.writeString(dir.resolve("root.pem"), dev.signet.core.ca.Pem.encode(f.ca.root()));
        var verified = dev.signet.server.service.OpensslCms.verify(artifact, signature, root);
        assertThat(verified.ok()).as(verified.output()).isTrue();
        assertThat(dev.signet.server.service.OpensslCms.verify(
                                dev.signet.server.service.OpensslCms.flipByte(artifact, 123_456), signature, root)
                        .ok())
                .isFalse();
        assertThat(done.signatureExpiresAt())
                .isEqualTo(dev.signet.server.service.profile.ValidityPeriod.DEFAULT.after(done.createdAt()));
    }

    @Test
    void moreJobsThanWorkersAndQueueAllFinish() throws Exception {
        var f = sqlite();
        String version = upload("small.bin", "small artifact".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(f.jobs.start(ADMIN, start("app", "src", "small.bin", version, "burst-" + i))
                    .jobId());
        }
        for (String id : ids) {
            SigningJob done = f.awaitFinished(id);
            assertThat(done.status()).as(done.statusReason().orElse("")).isEqualTo(JobStatus.Succeeded);
            assertThat(f.objects.head("dst", "signed/" + id, Optional.empty())).isPresent();
        }
    }

    private static SigningJob copyWithNewId(SigningJob job) {
        return new SigningJob(
                java.util.UUID.randomUUID().toString(),
                job.jobOwner(),
                job.jobInvoker(),
                job.requestedBy(),
                Optional.of("direct"),
                job.profileName(),
                job.profileVersion(),
                job.platformId(),
                job.platformDisplayName(),
                job.certificateArn(),
                job.source(),
                job.destination(),
                Optional.empty(),
                job.overrides(),
                job.signingParameters(),
                JobStatus.InProgress,
                Optional.empty(),
                job.createdAt(),
                Optional.empty(),
                job.signatureExpiresAt(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    static JobFilter filter(Optional<JobStatus> status) {
        return new JobFilter(
                "ignored",
                status,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private static List<SigningJob> list(SignerServiceFixture f, Caller caller) {
        return f.jobs.list(caller, filter(Optional.empty()), Optional.empty(), Optional.empty())
                .jobs();
    }

    static InputStream zeros(long size) {
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
