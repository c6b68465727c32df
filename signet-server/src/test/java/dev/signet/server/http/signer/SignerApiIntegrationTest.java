package dev.signet.server.http.signer;

import static dev.signet.server.http.signer.SignerTestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.Subject;
import dev.signet.core.format.cms.CmsDetachedFormat;
import dev.signet.core.testing.Processes;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import dev.signet.server.service.OpensslCms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.signer.model.CancelSigningProfileRequest;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.GetSigningPlatformResponse;
import software.amazon.awssdk.services.signer.model.GetSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.ListSigningJobsResponse;
import software.amazon.awssdk.services.signer.model.PutSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.ResourceNotFoundException;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;
import software.amazon.awssdk.services.signer.model.SignerException;
import software.amazon.awssdk.services.signer.model.SigningPlatform;
import software.amazon.awssdk.services.signer.model.SigningProfileStatus;
import software.amazon.awssdk.services.signer.model.SigningStatus;
import software.amazon.awssdk.services.signer.model.ValidationException;
import software.amazon.awssdk.services.signer.model.ValidityType;

/** The Signer API through the AWS SDK for Java v2 against a real server, and S3 for job sources. */
class SignerApiIntegrationTest {
    static final String CMS = "Signet-CMS-SHA256-ECDSA";
    static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";

    @TempDir
    static Path dir;

    static SignerTestServer server;

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
        server.createBuckets("sources", "signed");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PutSigningProfileResponse putProfile(String name) {
        return server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
    }

    @Test
    void platformsAreListedInPagesAndDescribedWithTheModelsShape() {
        List<SigningPlatform> all = server.signer.listSigningPlatformsPaginator(b -> b.maxResults(2)).stream()
                .flatMap(r -> r.platforms().stream())
                .toList();
        assertThat(all)
                .extracting(SigningPlatform::platformId)
                .contains(CMS, "AWSLambda-SHA384-ECDSA")
                .doesNotHaveDuplicates();

        GetSigningPlatformResponse cms = server.signer.getSigningPlatform(b -> b.platformId(CMS));
        assertThat(cms.platformId()).isEqualTo(CMS);
        assertThat(cms.displayName()).isNotBlank();
        assertThat(cms.signingConfiguration().encryptionAlgorithmOptions().allowedValuesAsStrings())
                .containsExactly("ECDSA");
        assertThat(cms.signingConfiguration().encryptionAlgorithmOptions().defaultValueAsString())
                .isEqualTo("ECDSA");
        assertThat(cms.signingConfiguration().hashAlgorithmOptions().defaultValueAsString())
                .isEqualTo("SHA256");
        assertThat(cms.signingImageFormat().supportedFormatsAsStrings()).isNotEmpty();
        assertThat(cms.maxSizeInMB()).isPositive();
        assertThat(cms.revocationSupported()).isNotNull();
        assertThat(server.signer.listSigningPlatforms(b -> b.partner("Signet")).platforms())
                .allMatch(p -> p.partner().equals("Signet"));

        assertThatThrownBy(() -> server.signer.getSigningPlatform(b -> b.platformId("NoSuchPlatform")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("signing platform NoSuchPlatform does not exist");
        assertThatThrownBy(() -> server.signer.listSigningPlatforms(b -> b.maxResults(26)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("maxResults");
        assertThatThrownBy(() -> server.signer.listSigningPlatforms(b -> b.nextToken("forged")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "nextToken is invalid: it was not issued by this listing or was issued for different filters");
    }

    @Test
    void aProfileIsPutReadListedAndCanceled() {
        String name = unique("app");
        PutSigningProfileResponse put = server.signer.putSigningProfile(b -> b.profileName(name)
                .platformId(CMS)
                .signatureValidityPeriod(v -> v.value(30).type(ValidityType.DAYS))
                .signingParameters(java.util.Map.of("purpose", "test"))
                .tags(java.util.Map.of("team", "build")));

        assertThat(put.arn()).isEqualTo("arn:aws:signer:us-east-1:000000000000:/signing-profiles/" + name);
        assertThat(put.profileVersion()).matches("[a-zA-Z0-9]{10}");
        assertThat(put.profileVersionArn()).isEqualTo(put.arn() + "/" + put.profileVersion());

        GetSigningProfileResponse got = server.signer.getSigningProfile(b -> b.profileName(name));
        assertThat(got.profileName()).isEqualTo(name);
        assertThat(got.profileVersion()).isEqualTo(put.profileVersion());
        assertThat(got.profileVersionArn()).isEqualTo(put.profileVersionArn());
        assertThat(got.arn()).isEqualTo(put.arn());
        assertThat(got.platformId()).isEqualTo(CMS);
        assertThat(got.platformDisplayName()).isNotBlank();
        assertThat(got.signatureValidityPeriod().value()).isEqualTo(30);
        assertThat(got.signatureValidityPeriod().type()).isEqualTo(ValidityType.DAYS);
        assertThat(got.signingParameters()).containsEntry("purpose", "test");
        assertThat(got.tags()).containsEntry("team", "build");
        assertThat(got.status()).isEqualTo(SigningProfileStatus.ACTIVE);
        assertThat(got.signingMaterial()).isNull();
        assertThat(server.signer
                        .getSigningProfile(b -> b.profileName(name).profileOwner("000000000000"))
                        .arn())
                .isEqualTo(put.arn());

        assertThat(server.signer
                        .putSigningProfile(b -> b.profileName(name)
                                .platformId(CMS)
                                .signatureValidityPeriod(v -> v.value(30).type(ValidityType.DAYS))
                                .signingParameters(java.util.Map.of("purpose", "test"))
                                .tags(java.util.Map.of("team", "build")))
                        .profileVersion())
                .isEqualTo(put.profileVersion());

        assertThat(server.signer.listSigningProfilesPaginator(b -> b.maxResults(1)).stream()
                        .flatMap(r -> r.profiles().stream()))
                .anyMatch(p ->
                        p.profileName().equals(name) && p.profileVersionArn().equals(put.profileVersionArn()));

        server.signer.cancelSigningProfile(
                CancelSigningProfileRequest.builder().profileName(name).build());
        assertThat(server.signer.getSigningProfile(b -> b.profileName(name)).status())
                .isEqualTo(SigningProfileStatus.CANCELED);
        assertThat(server.signer.listSigningProfiles(b -> b.maxResults(25)).profiles())
                .noneMatch(p -> p.profileName().equals(name));
        assertThat(server.signer.listSigningProfilesPaginator(b -> b.includeCanceled(true)).stream()
                        .flatMap(r -> r.profiles().stream()))
                .anyMatch(p -> p.profileName().equals(name) && p.status() == SigningProfileStatus.CANCELED);
        assertThatThrownBy(() -> putProfile(name))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("cannot be reused");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "has-dash",
                "a/b",
                "sp ace",
                "%41%41",
                "toolong_toolong_toolong_toolong_toolong_toolong_toolong_toolong_x"
            })
    void badProfileNamesAreValidationErrors(String name) {
        assertThatThrownBy(() -> putProfile(name))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("profileName");
    }

    @Test
    void invalidProfileRequestsAreValidationErrorsAndUnknownOnesNotFound() {
        assertThatThrownBy(() -> server.signer.putSigningProfile(
                        b -> b.profileName(unique("p")).platformId("Nope")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("platformId");
        assertThatThrownBy(() -> server.signer.putSigningProfile(b -> b.profileName(unique("p"))
                        .platformId(CMS)
                        .signatureValidityPeriod(v -> v.value(136).type(ValidityType.MONTHS))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("135 months");
        assertThatThrownBy(() -> server.signer.putSigningProfile(
                        b -> b.profileName(unique("p")).platformId("AWSIoTDeviceManagement-SHA256-ECDSA")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("signing material");
        assertThatThrownBy(() -> server.signer.getSigningProfile(b -> b.profileName("no_such_profile")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("signing profile no_such_profile does not exist");
        assertThatThrownBy(() -> server.signer.cancelSigningProfile(b -> b.profileName("no_such_profile")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("signing profile no_such_profile does not exist");
        assertThatThrownBy(() -> server.signer.describeSigningJob(
                        b -> b.jobId(UUID.randomUUID().toString())))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageMatching("signing job [0-9a-f-]{36} does not exist .*");
        assertThatThrownBy(() -> server.signer.describeSigningJob(b -> b.jobId("not a job")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("signing job not a job does not exist");
        assertThatThrownBy(() -> server.signer.listSigningJobs(b -> b.jobInvoker("123")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("jobInvoker");
    }

    @Test
    void signPayloadReturnsADetachedCmsSignatureThatOpensslVerifies() throws Exception {
        String name = unique("payload");
        PutSigningProfileResponse profile = putProfile(name);
        Path artifact = randomFile("payload.bin", 70_000, 1);

        byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);
        SignPayloadResponse signed = server.signer.signPayload(
                b -> b.profileName(name).payload(SdkBytes.fromByteArray(digest)).payloadFormat(DIGEST_FORMAT));

        assertThat(signed.jobOwner()).isEqualTo("000000000000");
        assertThat(signed.metadata()).containsEntry("signingProfileVersionArn", profile.profileVersionArn());
        byte[] signature = signed.signature().asByteArray();
        Processes.Result verified = OpensslCms.verify(artifact, signature, server.rootPem());
        assertThat(verified.ok()).as(verified.output()).isTrue();
        // the CMS carries a token from the built-in TSA, and the Verifier takes its time as the signing time
        SignatureEvidence evidence = new CmsDetachedFormat().verify(new Subject.File(artifact), signature);
        assertThat(evidence.timestamp()).as("time-stamp token").isPresent();
        VerificationResult result = Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(Files.readString(server.rootPem())))
                .build()
                .verify(new Subject.File(artifact), signature);
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
        assertThat(result.checks().get(2).message()).startsWith("time-stamped at");
        assertThat(OpensslCms.verify(OpensslCms.flipByte(artifact, 0), signature, server.rootPem())
                        .ok())
                .isFalse();
        assertThat(OpensslCms.verify(OpensslCms.flipByte(artifact, 69_999), signature, server.rootPem())
                        .ok())
                .isFalse();

        DescribeSigningJobResponse job = server.signer.describeSigningJob(b -> b.jobId(signed.jobId()));
        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.profileVersion()).isEqualTo(profile.profileVersion());

        assertThatThrownBy(() -> server.signer.signPayload(b -> b.profileName(name)
                        .payload(SdkBytes.fromUtf8String("{}"))
                        .payloadFormat("application/vnd.cncf.notary.payload.v1+json")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(DIGEST_FORMAT);
    }

    @Test
    void startSigningJobSignsAnS3ObjectVersionAndTheWaiterSeesItSucceed() throws Exception {
        String name = unique("job");
        PutSigningProfileResponse profile = putProfile(name);
        Path artifact = randomFile("job.bin", 500_000, 2);
        String version = server.s3
                .putObject(b -> b.bucket("sources").key("builds/app.bin"), RequestBody.fromFile(artifact))
                .versionId();
        server.s3.putObject(
                b -> b.bucket("sources").key("builds/app.bin"),
                RequestBody.fromBytes("newer".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String token = UUID.randomUUID().toString();
        Instant before = Instant.now().minusSeconds(1);

        String jobId = server.signer
                .startSigningJob(b -> b.profileName(name)
                        .clientRequestToken(token)
                        .source(s -> s.s3(s3 ->
                                s3.bucketName("sources").key("builds/app.bin").version(version)))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed").prefix("out/"))))
                .jobId();
        assertThat(server.signer
                        .startSigningJob(b -> b.profileName(name)
                                .clientRequestToken(token)
                                .source(s -> s.s3(s3 -> s3.bucketName("sources")
                                        .key("builds/app.bin")
                                        .version(version)))
                                .destination(
                                        d -> d.s3(s3 -> s3.bucketName("signed").prefix("out/"))))
                        .jobId())
                .isEqualTo(jobId);

        WaiterResponse<DescribeSigningJobResponse> waited = server.signer
                .waiter()
                .waitUntilSuccessfulSigningJob(
                        b -> b.jobId(jobId),
                        o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100)))
                                .maxAttempts(600));
        DescribeSigningJobResponse job = waited.matched().response().orElseThrow();

        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.statusReason()).isEqualTo("Signing Succeeded");
        assertThat(job.jobId()).isEqualTo(jobId);
        assertThat(job.source().s3().bucketName()).isEqualTo("sources");
        assertThat(job.source().s3().key()).isEqualTo("builds/app.bin");
        assertThat(job.source().s3().version()).isEqualTo(version);
        assertThat(job.signedObject().s3().bucketName()).isEqualTo("signed");
        assertThat(job.signedObject().s3().key()).isEqualTo("out/" + jobId);
        assertThat(job.profileName()).isEqualTo(name);
        assertThat(job.profileVersion()).isEqualTo(profile.profileVersion());
        assertThat(job.platformId()).isEqualTo(CMS);
        assertThat(job.platformDisplayName()).isNotBlank();
        assertThat(job.createdAt()).isAfter(before);
        assertThat(job.completedAt()).isAfterOrEqualTo(job.createdAt());
        assertThat(job.signatureExpiresAt()).isAfter(job.createdAt().plus(Duration.ofDays(4000)));
        assertThat(job.requestedBy()).startsWith("arn:aws:iam::000000000000:");
        assertThat(job.jobOwner()).isEqualTo("000000000000");
        assertThat(job.jobInvoker()).isEqualTo("000000000000");

        byte[] signature = server.s3
                .getObjectAsBytes(b -> b.bucket("signed").key("out/" + jobId))
                .asByteArray();
        Path root = Files.write(dir.resolve("root-from-api.pem"), rootPemOverHttp());
        Processes.Result verified = OpensslCms.verify(artifact, signature, root);
        assertThat(verified.ok()).as(verified.output()).isTrue();
        assertThat(OpensslCms.verify(OpensslCms.flipByte(artifact, 250_000), signature, root)
                        .ok())
                .isFalse();

        ListSigningJobsResponse listed = server.signer.listSigningJobs(b -> b.status(SigningStatus.SUCCEEDED)
                .platformId(CMS)
                .signatureExpiresAfter(Instant.now())
                .jobInvoker("000000000000")
                .maxResults(25));
        assertThat(listed.jobs())
                .anyMatch(j -> j.jobId().equals(jobId)
                        && j.signedObject().s3().key().equals("out/" + jobId)
                        && !j.isRevoked());
        assertThat(server.signer.listSigningJobsPaginator(b -> b.maxResults(1)).stream()
                        .flatMap(r -> r.jobs().stream()))
                .anyMatch(j -> j.jobId().equals(jobId));
        assertThat(server.signer
                        .listSigningJobs(b -> b.signatureExpiresBefore(Instant.now()))
                        .jobs())
                .isEmpty();
    }

    @Test
    void aJobOnAMissingSourceFailsAndTheWaiterReportsIt() {
        String name = unique("fail");
        putProfile(name);
        String jobId = server.signer
                .startSigningJob(b -> b.profileName(name)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(s3 ->
                                s3.bucketName("sources").key("missing.bin").version("nope")))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed"))))
                .jobId();

        assertThatThrownBy(() -> server.signer
                        .waiter()
                        .waitUntilSuccessfulSigningJob(
                                b -> b.jobId(jobId),
                                o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100)))
                                        .maxAttempts(600)))
                .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class)
                .hasMessageContaining("(status=Failed) and transitioned the waiter to failure state");
        DescribeSigningJobResponse job = server.signer.describeSigningJob(b -> b.jobId(jobId));
        assertThat(job.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(job.statusReason()).contains("missing.bin").contains("does not exist");
        assertThat(job.signedObject()).isNull();
    }

    @Test
    void aCanceledProfileCannotSign() {
        String name = unique("canceled");
        putProfile(name);
        server.signer.cancelSigningProfile(b -> b.profileName(name));

        assertThatThrownBy(() -> server.signer.signPayload(b -> b.profileName(name)
                        .payload(SdkBytes.fromByteArray(new byte[32]))
                        .payloadFormat(DIGEST_FORMAT)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Canceled");
        assertThatThrownBy(() -> server.signer.startSigningJob(b -> b.profileName(name)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s ->
                                s.s3(s3 -> s3.bucketName("sources").key("k").version("v")))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed")))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Canceled");
    }

    @Test
    void startSigningJobNamesMissingMembers() {
        String name = unique("members");
        putProfile(name);
        assertThatThrownBy(() -> server.signer.startSigningJob(b -> b.profileName(name)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(s3 -> s3.bucketName("sources").key("k")))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed")))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("source.s3.version");
        assertThatThrownBy(() -> server.signer.startSigningJob(b -> b.profileName(name)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s ->
                                s.s3(s3 -> s3.bucketName("sources").key("k").version("v")))
                        .destination(d -> d.s3(s3 -> s3.prefix("x/")))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("destination.s3.bucketName");
    }

    @Test
    void errorsCarryTheAwsErrorTypeAndARequestId() {
        SignerException error = (SignerException) org.assertj.core.api.Assertions.catchThrowable(
                () -> server.signer.getSigningProfile(b -> b.profileName("no_such_profile")));
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(error.requestId()).isNotBlank();
    }

    private static byte[] rootPemOverHttp() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.server.endpoint() + "/v1/ca/root.pem"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static Path randomFile(String name, int size, long seed) throws Exception {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }
}
