package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.signer.model.ListSigningJobsResponse;
import software.amazon.awssdk.services.signer.model.ListSigningPlatformsResponse;
import software.amazon.awssdk.services.signer.model.ListSigningProfilesResponse;
import software.amazon.awssdk.services.signer.model.SigningJob;
import software.amazon.awssdk.services.signer.model.SigningPlatform;
import software.amazon.awssdk.services.signer.model.SigningProfile;
import software.amazon.awssdk.services.signer.model.SigningProfileStatus;
import software.amazon.awssdk.services.signer.model.SigningStatus;
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * The three list operations through the SDK's paginators on a server of its own: every filter of
 * the model, pages of every size, and tokens that cannot be replayed under another filter.
 */
class SignerListingIntegrationTest {
    static final String ECDSA = "Signet-CMS-SHA256-ECDSA";
    static final String RSA = "Signet-CMS-SHA256-RSA";

    @TempDir
    static Path dir;

    static SignerTestServer server;
    static final List<String> jobIds = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
        for (String name : List.of("list_a", "list_b", "list_c")) {
            server.signer.putSigningProfile(b -> b.profileName(name).platformId(ECDSA));
        }
        server.signer.putSigningProfile(b -> b.profileName("list_rsa").platformId(RSA));
        server.signer.putSigningProfile(b -> b.profileName("list_gone").platformId(ECDSA));
        server.signer.cancelSigningProfile(b -> b.profileName("list_gone"));
        for (String name : List.of("list_a", "list_b", "list_rsa", "list_a")) {
            jobIds.add(server.signer
                    .signPayload(b -> b.profileName(name)
                            .payload(SdkBytes.fromByteArray(new byte[32]))
                            .payloadFormat("application/vnd.signet.digest+sha256"))
                    .jobId());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void platformsPageThroughEveryFilter() {
        List<SigningPlatform> all = server.signer.listSigningPlatforms().platforms();
        for (int size = 1; size <= 4; size++) {
            int pageSize = size;
            assertThat(server.signer.listSigningPlatformsPaginator(b -> b.maxResults(pageSize)).stream()
                            .flatMap(r -> r.platforms().stream())
                            .toList())
                    .isEqualTo(all);
        }
        assertThat(server
                        .signer
                        .listSigningPlatformsPaginator(b -> b.category("AWSIoT").maxResults(1))
                        .stream()
                        .flatMap(r -> r.platforms().stream())
                        .toList())
                .isNotEmpty()
                .allMatch(p -> p.categoryAsString().equals("AWSIoT"));
        assertThat(server.signer
                        .listSigningPlatforms(b -> b.partner("AWSLambda"))
                        .platforms())
                .extracting(SigningPlatform::platformId)
                .containsExactly("AWSLambda-SHA384-ECDSA");
        String target = all.get(0).target();
        assertThat(server.signer.listSigningPlatforms(b -> b.target(target)).platforms())
                .isNotEmpty()
                .allMatch(p -> p.target().equals(target));
        assertThat(server.signer.listSigningPlatforms(b -> b.partner("Nobody")).platforms())
                .isEmpty();

        ListSigningPlatformsResponse first =
                server.signer.listSigningPlatforms(b -> b.category("AWSIoT").maxResults(1));
        assertThat(first.nextToken()).isNotNull();
        assertThatThrownBy(() -> server.signer.listSigningPlatforms(
                        b -> b.category("AWS").maxResults(1).nextToken(first.nextToken())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("nextToken");
    }

    @Test
    void profilesPageThroughEveryFilter() {
        assertThat(names(b -> b.maxResults(1))).containsExactly("list_a", "list_b", "list_c", "list_rsa");
        assertThat(names(b -> b.maxResults(2).includeCanceled(true)))
                .containsExactly("list_a", "list_b", "list_c", "list_gone", "list_rsa");
        assertThat(names(b -> b.platformId(RSA))).containsExactly("list_rsa");
        assertThat(names(b -> b.platformId(ECDSA).maxResults(1))).containsExactly("list_a", "list_b", "list_c");
        assertThat(names(b -> b.statuses(SigningProfileStatus.CANCELED))).containsExactly("list_gone");
        assertThat(names(b -> b.statuses(SigningProfileStatus.CANCELED, SigningProfileStatus.ACTIVE)
                        .platformId(RSA)))
                .containsExactly("list_rsa");

        ListSigningProfilesResponse first =
                server.signer.listSigningProfiles(b -> b.platformId(ECDSA).maxResults(1));
        assertThatThrownBy(() -> server.signer.listSigningProfiles(
                        b -> b.platformId(RSA).maxResults(1).nextToken(first.nextToken())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "nextToken is invalid: it was not issued by this listing or was issued for different filters");
        assertThatThrownBy(() -> server.signer.listSigningProfiles(
                        b -> b.includeCanceled(true).maxResults(1).nextToken(first.nextToken())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "nextToken is invalid: it was not issued by this listing or was issued for different filters");
    }

    @Test
    void jobsPageThroughEveryFilterNewestFirst() {
        List<String> newestFirst = new ArrayList<>(jobIds);
        java.util.Collections.reverse(newestFirst);
        assertThat(jobs(b -> b.maxResults(1))).containsExactlyElementsOf(newestFirst);
        assertThat(jobs(b -> b.maxResults(3).platformId(RSA))).containsExactly(jobIds.get(2));
        assertThat(jobs(b -> b.status(SigningStatus.SUCCEEDED).maxResults(2))).hasSize(4);
        assertThat(jobs(b -> b.status(SigningStatus.FAILED))).isEmpty();
        String requester =
                server.signer.describeSigningJob(b -> b.jobId(jobIds.get(0))).requestedBy();
        assertThat(jobs(b -> b.requestedBy(requester).jobInvoker("000000000000")))
                .hasSize(4);
        assertThat(jobs(b -> b.jobInvoker("111122223333"))).isEmpty();
        assertThat(jobs(b -> b.isRevoked(true))).isEmpty();
        assertThat(jobs(b -> b.signatureExpiresAfter(java.time.Instant.now())
                        .signatureExpiresBefore(java.time.Instant.now().plus(java.time.Duration.ofDays(365 * 12)))))
                .hasSize(4);

        ListSigningJobsResponse first =
                server.signer.listSigningJobs(b -> b.maxResults(1).platformId(ECDSA));
        assertThat(first.nextToken()).isNotNull();
        assertThatThrownBy(() -> server.signer.listSigningJobs(
                        b -> b.maxResults(1).platformId(RSA).nextToken(first.nextToken())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "nextToken is invalid: it was not issued by this listing or was issued for different filters");
        String tampered = first.nextToken().substring(0, first.nextToken().length() - 2) + "AA";
        assertThatThrownBy(() -> server.signer.listSigningJobs(
                        b -> b.maxResults(1).platformId(ECDSA).nextToken(tampered)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "nextToken is invalid: it was not issued by this listing or was issued for different filters");
    }

    private static List<String> names(
            java.util.function.Consumer<software.amazon.awssdk.services.signer.model.ListSigningProfilesRequest.Builder>
                    request) {
        return server.signer.listSigningProfilesPaginator(request).stream()
                .flatMap(r -> r.profiles().stream())
                .map(SigningProfile::profileName)
                .toList();
    }

    private static List<String> jobs(
            java.util.function.Consumer<software.amazon.awssdk.services.signer.model.ListSigningJobsRequest.Builder>
                    request) {
        return server.signer.listSigningJobsPaginator(request).stream()
                .flatMap(r -> r.jobs().stream())
                .map(SigningJob::jobId)
                .toList();
    }
}
