package dev.signet.server.service.job;

import static dev.signet.server.service.SignerServiceFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.SignerServiceFixture;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.store.Database;
import dev.signet.server.store.signer.SignerTestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SignPayload's optional client token (a Signet extension): a retried request returns the first
 * request's job and signature instead of making a second; the token bound to another payload,
 * profile or operation is refused; without a token every request signs (SigV4 replays included).
 */
class PayloadClientTokenTest {
    static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    static final Caller COLLEAGUE =
            Caller.administrator("AKIDCOLLEAGUE", "arn:aws:iam::000000000000:user/colleague", "000000000000");

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

    private SignerServiceFixture open(Function<Path, Database> database) {
        fixture = new SignerServiceFixture(database.apply(dir), dir);
        fixture.profiles.put(ADMIN, SigningJobServiceTest.profile("app", SigningJobServiceTest.CMS));
        fixture.profiles.put(ADMIN, SigningJobServiceTest.profile("other", SigningJobServiceTest.CMS));
        return fixture;
    }

    static SignPayloadRequest request(String profile, byte fill, Optional<String> token) {
        byte[] digest = new byte[32];
        java.util.Arrays.fill(digest, fill);
        return new SignPayloadRequest(
                profile, Optional.empty(), Optional.of(digest), Optional.of(DIGEST_FORMAT), token);
    }

    private int jobCount() {
        return fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM signing_job")
                        .mapTo(Integer.class)
                        .one());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRetryWithTheSameTokenReturnsTheFirstJobAndSignature(Function<Path, Database> database) {
        var f = open(database);
        PayloadSignature first = f.payloads.sign(ADMIN, request("app", (byte) 1, Optional.of("file-1")));
        PayloadSignature again = f.payloads.sign(ADMIN, request("app", (byte) 1, Optional.of("file-1")));

        assertThat(again.job().jobId()).isEqualTo(first.job().jobId());
        assertThat(again.signature()).isEqualTo(first.signature());
        assertThat(again.metadata()).isEqualTo(first.metadata());
        assertThat(jobCount()).isEqualTo(1);
        assertThat(f.jobRepository.find(first.job().jobId()).orElseThrow().clientRequestToken())
                .contains("file-1");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTokenReusedForAnotherPayloadOrProfileIsRefused(Function<Path, Database> database) {
        var f = open(database);
        PayloadSignature first = f.payloads.sign(ADMIN, request("app", (byte) 1, Optional.of("t")));

        for (SignPayloadRequest other :
                List.of(request("app", (byte) 2, Optional.of("t")), request("other", (byte) 1, Optional.of("t")))) {
            assertThatThrownBy(() -> f.payloads.sign(ADMIN, other))
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("ValidationException");
                        assertThat(e.getMessage())
                                .isEqualTo("clientRequestToken was already used for a different signature (job "
                                        + first.job().jobId() + ")");
                    });
        }
        assertThat(jobCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTokenIsTheCallersOwnAndSharedWithStartSigningJob(Function<Path, Database> database) {
        var f = open(database);
        PayloadSignature mine = f.payloads.sign(ADMIN, request("app", (byte) 1, Optional.of("shared")));
        PayloadSignature theirs = f.payloads.sign(COLLEAGUE, request("app", (byte) 1, Optional.of("shared")));
        assertThat(theirs.job().jobId()).isNotEqualTo(mine.job().jobId());

        assertThatThrownBy(() -> f.jobs.start(
                        ADMIN,
                        new StartJobRequest(
                                "app",
                                Optional.empty(),
                                Optional.of("src"),
                                Optional.of("k"),
                                Optional.of("v"),
                                Optional.of("dst"),
                                Optional.empty(),
                                Optional.of("shared"))))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("clientRequestToken was already used");
        assertThat(jobCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void withoutATokenEveryRequestSigns(Function<Path, Database> database) {
        var f = open(database);
        PayloadSignature first = f.payloads.sign(ADMIN, request("app", (byte) 1, Optional.empty()));
        PayloadSignature second = f.payloads.sign(ADMIN, request("app", (byte) 1, Optional.empty()));
        assertThat(second.job().jobId()).isNotEqualTo(first.job().jobId());
        assertThat(jobCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRetryAfterTheProfileWasCanceledStillGetsTheFirstSignature(Function<Path, Database> database) {
        var f = open(database);
        PayloadSignature first = f.payloads.sign(ADMIN, request("app", (byte) 1, Optional.of("before-cancel")));
        f.profileRepository.updateStatus(
                ADMIN.accountId(), "app", ProfileStatus.Active, ProfileStatus.Canceled, Optional.of("done"));

        PayloadSignature again = f.payloads.sign(ADMIN, request("app", (byte) 1, Optional.of("before-cancel")));
        assertThat(again.job().jobId()).isEqualTo(first.job().jobId());
        assertThat(again.signature()).isEqualTo(first.signature());
        assertThatThrownBy(() -> f.payloads.sign(ADMIN, request("app", (byte) 1, Optional.of("after-cancel"))))
                .hasMessageContaining("Canceled and cannot sign");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentRetriesShareOneJobAndOneSignature(Function<Path, Database> database) throws Exception {
        var f = open(database);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<PayloadSignature>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return f.payloads.sign(ADMIN, request("app", (byte) 7, Optional.of("race")));
                }));
            }
            go.countDown();
            PayloadSignature first = results.get(0).get(60, TimeUnit.SECONDS);
            for (Future<PayloadSignature> result : results) {
                PayloadSignature each = result.get(60, TimeUnit.SECONDS);
                assertThat(each.job().jobId()).isEqualTo(first.job().jobId());
                assertThat(each.signature()).isEqualTo(first.signature());
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(jobCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTokenMustBe1To256Characters(Function<Path, Database> database) {
        var f = open(database);
        for (String bad : List.of("", "x".repeat(257))) {
            assertThatThrownBy(() -> f.payloads.sign(ADMIN, request("app", (byte) 1, Optional.of(bad))))
                    .isInstanceOf(ServiceException.class)
                    .hasMessageContaining("clientRequestToken");
        }
        assertThat(jobCount()).isZero();
    }
}
