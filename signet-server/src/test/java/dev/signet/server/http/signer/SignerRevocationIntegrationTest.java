package dev.signet.server.http.signer;

import static dev.signet.server.http.signer.SignerTestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.http.RawRequests;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.AccessDeniedException;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.GetSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.PutSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.ResourceNotFoundException;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;
import software.amazon.awssdk.services.signer.model.SigningJob;
import software.amazon.awssdk.services.signer.model.SigningProfile;
import software.amazon.awssdk.services.signer.model.SigningProfileStatus;
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * RevokeSignature, RevokeSigningProfile and GetRevocationStatus through the AWS SDK for Java v2
 * against a real server, including GetRevocationStatus's endpoint host prefix.
 */
class SignerRevocationIntegrationTest {
    static final String CMS = "Signet-CMS-SHA256-ECDSA";
    static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";

    @TempDir
    static Path dir;

    static SignerTestServer server;
    /** GetRevocationStatus carries the host prefix "data-"; a loopback endpoint cannot take it. */
    static SignerClient noPrefix;

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
        noPrefix = server.server.signer(b -> b.overrideConfiguration(
                o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)));
    }

    @AfterAll
    static void stop() {
        noPrefix.close();
        server.close();
    }

    static SignPayloadResponse sign(String profile) {
        return server.signer.signPayload(b -> b.profileName(profile)
                .payload(SdkBytes.fromByteArray(new byte[32]))
                .payloadFormat(DIGEST_FORMAT));
    }

    static String jobArn(String jobId) {
        return "arn:aws:signer:us-east-1:000000000000:/signing-jobs/" + jobId;
    }

    @Test
    void aRevokedSignatureIsRecordedListedAndReported() {
        String name = unique("revsig");
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        SignPayloadResponse kept = sign(name);
        SignPayloadResponse revoked = sign(name);
        Instant before = Instant.now().minusSeconds(1);

        server.signer.revokeSignature(b -> b.jobId(revoked.jobId()).reason("key ceremony error"));

        DescribeSigningJobResponse job = server.signer.describeSigningJob(b -> b.jobId(revoked.jobId()));
        assertThat(job.revocationRecord().reason()).isEqualTo("key ceremony error");
        assertThat(job.revocationRecord().revokedAt()).isAfter(before);
        assertThat(job.revocationRecord().revokedBy()).startsWith("arn:aws:iam::000000000000:");
        assertThat(server.signer.describeSigningJob(b -> b.jobId(kept.jobId())).revocationRecord())
                .isNull();

        List<SigningJob> revokedJobs =
                server.signer.listSigningJobsPaginator(b -> b.isRevoked(true).maxResults(1)).stream()
                        .flatMap(r -> r.jobs().stream())
                        .toList();
        assertThat(revokedJobs)
                .extracting(SigningJob::jobId)
                .contains(revoked.jobId())
                .doesNotContain(kept.jobId());
        assertThat(revokedJobs).allMatch(SigningJob::isRevoked);
        assertThat(server.signer.listSigningJobsPaginator(b -> b.isRevoked(false)).stream()
                        .flatMap(r -> r.jobs().stream())
                        .map(SigningJob::jobId))
                .contains(kept.jobId())
                .doesNotContain(revoked.jobId());

        assertThat(status(profile.profileVersionArn(), revoked.jobId(), Instant.now(), "00"))
                .containsExactly(jobArn(revoked.jobId()));
        assertThat(status(profile.profileVersionArn(), kept.jobId(), Instant.now(), "00"))
                .isEmpty();

        assertThatThrownBy(() -> server.signer.revokeSignature(
                        b -> b.jobId(revoked.jobId()).reason("again")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("already revoked");
        assertThat(server.signer
                        .describeSigningJob(b -> b.jobId(revoked.jobId()))
                        .revocationRecord()
                        .reason())
                .isEqualTo("key ceremony error");
    }

    @Test
    void revokeSignatureErrorsFollowTheModel() {
        String name = unique("revsigerr");
        server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        SignPayloadResponse job = sign(name);
        assertThatThrownBy(() -> server.signer.revokeSignature(
                        b -> b.jobId(UUID.randomUUID().toString()).reason("r")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("does not exist");
        // another account's job: not this caller's to revoke unless that account's profile shares it
        assertThatThrownBy(() -> server.signer.revokeSignature(
                        b -> b.jobId(job.jobId()).jobOwner("111122223333").reason("r")))
                .isInstanceOfSatisfying(
                        AccessDeniedException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo(
                                        "User: arn:aws:iam::000000000000:user/admin is not authorized to perform:"
                                                + " signer:RevokeSignature on resource:"
                                                + " arn:aws:signer:us-east-1:111122223333:/signing-jobs/" + job.jobId()
                                                + " because no resource-based policy allows the signer:RevokeSignature action"));
        assertThatThrownBy(() ->
                        server.signer.revokeSignature(b -> b.jobId(job.jobId()).reason("")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("reason");
        assertThatThrownBy(() ->
                        server.signer.revokeSignature(b -> b.jobId(job.jobId()).reason("x".repeat(501))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> server.signer.revokeSignature(
                        b -> b.jobId(job.jobId()).jobOwner("12").reason("r")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("jobOwner");
        assertThat(server.signer.describeSigningJob(b -> b.jobId(job.jobId())).revocationRecord())
                .isNull();
    }

    @Test
    void aRevokedProfileVersionCannotSignAndIsReportedFromItsEffectiveTime() throws Exception {
        String name = unique("revprof");
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        SignPayloadResponse signed = sign(name);
        Instant effective =
                Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        server.signer.revokeSigningProfile(b -> b.profileName(name)
                .profileVersion(profile.profileVersion())
                .reason("key leaked")
                .effectiveTime(effective));

        GetSigningProfileResponse got = server.signer.getSigningProfile(b -> b.profileName(name));
        assertThat(got.status()).isEqualTo(SigningProfileStatus.REVOKED);
        assertThat(got.revocationRecord().revocationEffectiveFrom()).isEqualTo(effective);
        assertThat(got.revocationRecord().revokedAt()).isAfter(effective);
        assertThat(got.revocationRecord().revokedBy()).startsWith("arn:aws:iam::000000000000:");
        assertThat(server.signer
                        .listSigningProfiles(b -> b.statuses(SigningProfileStatus.REVOKED))
                        .profiles())
                .anyMatch(p -> p.profileName().equals(name));
        // still viewable with ListSigningProfiles, as the model says, with or without includeCanceled
        for (boolean includeCanceled : new boolean[] {false, true}) {
            List<SigningProfile> listed =
                    server.signer.listSigningProfilesPaginator(b -> b.includeCanceled(includeCanceled)).stream()
                            .flatMap(page -> page.profiles().stream())
                            .filter(p -> p.profileName().equals(name))
                            .toList();
            assertThat(listed).extracting(SigningProfile::status).containsExactly(SigningProfileStatus.REVOKED);
        }
        assertThat(server.signer
                        .listSigningProfiles(b -> b.statuses(SigningProfileStatus.ACTIVE))
                        .profiles())
                .noneMatch(p -> p.profileName().equals(name));

        assertThatThrownBy(() -> sign(name))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Revoked");
        assertThatThrownBy(() -> server.signer.startSigningJob(b -> b.profileName(name)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(s3 -> s3.bucketName("b").key("k").version("v")))
                        .destination(d -> d.s3(s3 -> s3.bucketName("b")))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Revoked");
        assertThatThrownBy(() ->
                        server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("is Revoked; the name of a canceled or revoked profile cannot be reused");

        String leafHash = leafHash(signed.signature().asByteArray());
        assertThat(status(profile.profileVersionArn(), signed.jobId(), effective.plusSeconds(1), leafHash, "ff"))
                .containsExactlyInAnyOrder(profile.profileVersionArn(), leafHash);
        assertThat(status(profile.profileVersionArn(), signed.jobId(), effective.minusSeconds(1), leafHash))
                .isEmpty();

        assertThatThrownBy(() -> server.signer.revokeSigningProfile(b -> b.profileName(name)
                        .profileVersion(profile.profileVersion())
                        .reason("again")
                        .effectiveTime(Instant.now())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("already revoked");
        assertThat(server.signer
                        .getSigningProfile(b -> b.profileName(name))
                        .revocationRecord()
                        .revocationEffectiveFrom())
                .isEqualTo(effective);
    }

    @Test
    void revokeSigningProfileErrorsFollowTheModel() {
        String name = unique("revproferr");
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        assertThatThrownBy(() -> server.signer.revokeSigningProfile(b -> b.profileName(name)
                        .profileVersion(profile.profileVersion())
                        .reason("later")
                        .effectiveTime(Instant.now().plus(Duration.ofHours(1)))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("future");
        assertThatThrownBy(() -> server.signer.revokeSigningProfile(b -> b.profileName(name)
                        .profileVersion("ZZZZZZZZZZ")
                        .reason("r")
                        .effectiveTime(Instant.now())))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("has no version ZZZZZZZZZZ");
        assertThatThrownBy(() -> server.signer.revokeSigningProfile(b -> b.profileName("no_such_profile")
                        .profileVersion("ZZZZZZZZZZ")
                        .reason("r")
                        .effectiveTime(Instant.now())))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("signing profile no_such_profile does not exist");
        assertThatThrownBy(() -> server.signer.revokeSigningProfile(b ->
                        b.profileName(name).profileVersion("short").reason("r").effectiveTime(Instant.now())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("profileVersion");
        assertThatThrownBy(() -> server.signer.revokeSigningProfile(b -> b.profileName(name)
                        .profileVersion(profile.profileVersion())
                        .effectiveTime(Instant.now())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("reason");
        assertThat(server.signer.getSigningProfile(b -> b.profileName(name)).status())
                .isEqualTo(SigningProfileStatus.ACTIVE);
    }

    @Test
    void getRevocationStatusValidatesItsMembers() {
        assertThatThrownBy(() -> noPrefix.getRevocationStatus(b -> b.signatureTimestamp(Instant.now())
                        .platformId(CMS)
                        .profileVersionArn("too-short")
                        .jobArn(jobArn(UUID.randomUUID().toString()))
                        .certificateHashes("00")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("profileVersionArn");
        assertThatThrownBy(() -> noPrefix.getRevocationStatus(b -> b.signatureTimestamp(Instant.now())
                        .platformId(CMS)
                        .profileVersionArn("arn:aws:signer:us-east-1:000000000000:/signing-profiles/a/b")
                        .jobArn(jobArn(UUID.randomUUID().toString()))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("certificateHashes");
    }

    /** The model's host prefix, and AWS's "verification." endpoint, sent by hand to the loopback server. */
    @ParameterizedTest
    @ValueSource(strings = {"verification.", "data-"})
    void getRevocationStatusAnswersUnderAHostPrefix(String prefix) throws Exception {
        String name = unique("prefix");
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        SignPayloadResponse job = sign(name);
        server.signer.revokeSignature(b -> b.jobId(job.jobId()).reason("prefixed"));
        URI endpoint = server.server.endpoint();
        java.util.Map<String, List<String>> query = new java.util.LinkedHashMap<>();
        query.put("signatureTimestamp", List.of(Instant.now().toString()));
        query.put("platformId", List.of(CMS));
        query.put("profileVersionArn", List.of(profile.profileVersionArn()));
        query.put("jobArn", List.of(jobArn(job.jobId())));
        query.put("certificateHashes", List.of("00"));

        RawRequests.SocketResponse response = RawRequests.signedGetWithHost(
                endpoint,
                prefix + endpoint.getHost(),
                "/revocations",
                query,
                "signer",
                server.server.credentials(),
                Clock.systemUTC());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("revokedEntities").contains(jobArn(job.jobId()));
    }

    static List<String> status(String versionArn, String jobId, Instant signedAt, String... hashes) {
        return noPrefix.getRevocationStatus(b -> b.signatureTimestamp(signedAt)
                        .platformId(CMS)
                        .profileVersionArn(versionArn)
                        .jobArn(jobArn(jobId))
                        .certificateHashes(hashes))
                .revokedEntities();
    }

    /** AWS's certificate identifier: SHA-384 of the leaf's TBSCertificate, then of its issuer's. */
    static String leafHash(byte[] cms) throws Exception {
        CMSSignedData signed = new CMSSignedData(cms);
        SignerInformation signer =
                signed.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        X509CertificateHolder leaf = (X509CertificateHolder)
                signed.getCertificates().getMatches(signer.getSID()).iterator().next();
        X509CertificateHolder issuer = signed.getCertificates().getMatches(null).stream()
                .map(X509CertificateHolder.class::cast)
                .filter(c -> c.getSubject().equals(leaf.getIssuer()))
                .findFirst()
                .orElseThrow();
        return tbs(leaf) + tbs(issuer);
    }

    private static String tbs(X509CertificateHolder certificate) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-384")
                        .digest(certificate
                                .toASN1Structure()
                                .getTBSCertificate()
                                .getEncoded()));
    }
}
