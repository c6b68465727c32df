package dev.signet.server.service.job;

import static dev.signet.server.service.SignerServiceFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.testing.Processes;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.SignerServiceFixture;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.store.Database;
import dev.signet.server.store.StoreException;
import dev.signet.server.store.signer.SignerTestDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadSigningServiceTest {
    static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";

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
        return fixture;
    }

    static SignPayloadRequest request(String profile, byte[] payload, String format) {
        return new SignPayloadRequest(
                profile, Optional.empty(), Optional.ofNullable(payload), Optional.ofNullable(format));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void signsADigestThatOpensslVerifiesOverTheArtifactAndRecordsTheJob(Function<Path, Database> database)
            throws Exception {
        var f = open(database);
        byte[] content = new byte[100_000];
        new Random(42).nextBytes(content);
        Path artifact = Files.write(dir.resolve("artifact.bin"), content);
        Path root = Files.writeString(dir.resolve("root.pem"), Pem.encode(f.ca.root()));

        PayloadSignature signed =
                f.payloads.sign(ADMIN, request("app", Digests.digest(HashAlgorithm.SHA256, artifact), DIGEST_FORMAT));

        Processes.Result good = OpensslCms.verify(artifact, signed.signature(), root);
        assertThat(good.ok()).as(good.output()).isTrue();
        for (int index : new int[] {0, 50_000, content.length - 1}) {
            Path tampered = OpensslCms.flipByte(artifact, index);
            assertThat(OpensslCms.verify(tampered, signed.signature(), root).ok())
                    .isFalse();
        }
        SigningJob job = f.jobRepository.find(signed.job().jobId()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.Succeeded);
        assertThat(job.completedAt()).contains(job.createdAt());
        assertThat(job.source()).isEmpty();
        assertThat(job.requestedBy()).isEqualTo(ADMIN.principalArn());
        assertThat(job.artifactDigest())
                .contains(
                        "sha256:" + java.util.HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, artifact)));
        assertThat(signed.metadata())
                .containsKeys("signingProfileVersionArn", "signingJobArn", "signingTime", "signatureExpiresAt");
    }

    static Stream<Arguments> invalidRequests() {
        byte[] digest = new byte[32];
        return Stream.of(
                Arguments.of(request("app", null, DIGEST_FORMAT), "payload is required"),
                Arguments.of(request("app", digest, null), "payloadFormat is required"),
                Arguments.of(request("app", new byte[0], DIGEST_FORMAT), "payload must be 1 to 4096 bytes"),
                Arguments.of(request("app", new byte[4097], DIGEST_FORMAT), "payload must be 1 to 4096 bytes"),
                Arguments.of(request("app", new byte[31], DIGEST_FORMAT), "SHA-256 digest of 32 bytes"),
                Arguments.of(request("app", new byte[48], DIGEST_FORMAT), "SHA-256 digest of 32 bytes"),
                Arguments.of(
                        request("app", digest, "application/vnd.cncf.notary.payload.v1+json"),
                        "payloadFormat must be application/vnd.signet.digest+sha256"),
                Arguments.of(request("app", digest, "application/vnd.signet.digest+sha384"), "payloadFormat must be"),
                Arguments.of(request("x", digest, DIGEST_FORMAT), "profileName"));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void invalidRequestsAreRefusedAndRecordNothing(SignPayloadRequest request, String message) {
        var f = open(SignerTestDatabases::sqlite);
        assertThatThrownBy(() -> f.payloads.sign(ADMIN, request))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ValidationException");
        assertThat(f.jobs.list(
                                ADMIN,
                                SigningJobServiceTest.filter(Optional.empty()),
                                Optional.empty(),
                                Optional.empty())
                        .jobs())
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aCanceledProfileCannotSign(Function<Path, Database> database) {
        var f = open(database);
        f.profiles.cancel(ADMIN, "app");
        assertThatThrownBy(() -> f.payloads.sign(ADMIN, request("app", new byte[32], DIGEST_FORMAT)))
                .hasMessageContaining("Canceled and cannot sign");
    }

    /** The profile cache may be stale (another node canceled it): the commit-time check refuses. */
    @ParameterizedTest
    @MethodSource("databases")
    void aProfileCanceledBehindTheCacheSignsNothing(Function<Path, Database> database) {
        var f = open(database);
        PayloadSignature first = f.payloads.sign(ADMIN, request("app", new byte[32], DIGEST_FORMAT));
        // as another node sharing the database would: the row changes, this node's cache does not know
        f.profileRepository.updateStatus(
                ADMIN.accountId(), "app", ProfileStatus.Active, ProfileStatus.Canceled, Optional.of("elsewhere"));

        assertThatThrownBy(() -> f.payloads.sign(ADMIN, request("app", new byte[32], DIGEST_FORMAT)))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("Canceled and cannot sign");
        int jobs = f.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM signing_job")
                        .mapTo(Integer.class)
                        .one());
        assertThat(jobs).isEqualTo(1);
        assertThat(f.jobRepository.find(first.job().jobId())).isPresent();
    }

    /**
     * A record that fails (the database refuses the commit) fails the request: the signature already
     * computed is not handed out, and nothing of the job is stored.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void aFailingRecordReturnsNoSignature(Function<Path, Database> database) {
        var f = open(database);
        JobRepository failing = (JobRepository) Proxy.newProxyInstance(
                JobRepository.class.getClassLoader(), new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("recordSignature")) {
                        throw new StoreException("the disk is full", new SQLException("SQLITE_FULL"));
                    }
                    try {
                        return method.invoke(f.jobRepository, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        PayloadSigningService payloads =
                new PayloadSigningService(f.profiles, f.issuer, f.platforms, failing, f.arns, f.clock);

        assertThatThrownBy(() -> payloads.sign(ADMIN, request("app", new byte[32], DIGEST_FORMAT)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the disk is full");
        int jobs = f.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM signing_job")
                        .mapTo(Integer.class)
                        .one());
        assertThat(jobs).isZero();
    }
}
