package dev.signet.server.service.job;

import static dev.signet.server.service.SignerServiceFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.Subject;
import dev.signet.server.service.SignerServiceFixture;
import dev.signet.server.service.profile.PutProfileRequest;
import dev.signet.server.service.profile.SigningOverrides;
import dev.signet.server.store.Database;
import dev.signet.server.store.signer.SignerTestDatabases;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every signature Signet makes is recorded with its id (V7 {@code signing_job.signature_id}): the
 * same id a later verification of the signature names, on SQLite and PostgreSQL.
 */
class SignatureIdRecordingTest {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";

    @TempDir
    Path dir;

    static Stream<Named<Function<Path, Database>>> databases() {
        return SignerTestDatabases.all();
    }

    private static void putProfile(SignerServiceFixture f) {
        f.profiles.put(
                ADMIN,
                new PutProfileRequest(
                        "app", CMS, Optional.empty(), Optional.empty(), SigningOverrides.NONE, Map.of(), Map.of()));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void signPayloadRecordsTheIdOfTheSignatureItReturns(Function<Path, Database> open) throws Exception {
        try (SignerServiceFixture f = new SignerServiceFixture(open.apply(dir), dir)) {
            putProfile(f);
            byte[] digest = new byte[32];
            PayloadSignature signed = f.payloads.sign(
                    ADMIN,
                    new SignPayloadRequest(
                            "app",
                            Optional.empty(),
                            Optional.of(digest),
                            Optional.of(PayloadSigningService.digestFormat(HashAlgorithm.SHA256))));

            Optional<String> stored =
                    f.jobRepository.find(signed.job().jobId()).orElseThrow().signatureId();
            Optional<String> verified = SignatureFormats.forPlatform(CMS)
                    .orElseThrow()
                    .verify(new Subject.Digest(HashAlgorithm.SHA256, digest), signed.signature())
                    .signatureId();

            assertThat(stored).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{64}"));
            assertThat(stored).isEqualTo(verified);
            assertThat(signed.job().signatureId()).isEqualTo(stored);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSigningJobRecordsTheIdOfTheSignatureItStored(Function<Path, Database> open) throws Exception {
        try (SignerServiceFixture f = new SignerServiceFixture(open.apply(dir), dir)) {
            putProfile(f);
            f.objects.createBucket("src", "000000000000");
            f.objects.setVersioning("src", true);
            f.objects.createBucket("dst", "000000000000");
            byte[] content = "a file to sign\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String version = f.objects
                    .put("src", "a.bin", new ByteArrayInputStream(content), "application/octet-stream")
                    .versionId();
            SigningJob started = f.jobs.start(
                    ADMIN,
                    new StartJobRequest(
                            "app",
                            Optional.empty(),
                            Optional.of("src"),
                            Optional.of("a.bin"),
                            Optional.of(version),
                            Optional.of("dst"),
                            Optional.of("signed/"),
                            Optional.of("token")));

            SigningJob done = f.awaitFinished(started.jobId());

            assertThat(done.status()).as(done.statusReason().orElse("")).isEqualTo(JobStatus.Succeeded);
            SignedObject object = done.signedObject().orElseThrow();
            byte[] signature;
            try (InputStream in = f.objects.open(object.bucketName(), object.key(), Optional.empty())) {
                signature = in.readAllBytes();
            }
            Path file = java.nio.file.Files.write(dir.resolve("a.bin"), content);
            Optional<String> verified = SignatureFormats.forPlatform(CMS)
                    .orElseThrow()
                    .verify(new Subject.File(file), signature)
                    .signatureId();
            assertThat(done.signatureId())
                    .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{64}"));
            assertThat(done.signatureId()).isEqualTo(verified);
        }
    }
}
