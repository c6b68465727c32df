package dev.signet.server.http.signer;

import static dev.signet.server.http.signer.SignerTestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.http.RawRequests;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.signer.model.BadRequestException;
import software.amazon.awssdk.services.signer.model.ConflictException;
import software.amazon.awssdk.services.signer.model.ListProfilePermissionsResponse;
import software.amazon.awssdk.services.signer.model.NotFoundException;
import software.amazon.awssdk.services.signer.model.Permission;
import software.amazon.awssdk.services.signer.model.PutSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.ResourceNotFoundException;
import software.amazon.awssdk.services.signer.model.ServiceLimitExceededException;
import software.amazon.awssdk.services.signer.model.ValidationException;

/** Profile permissions and tags through the AWS SDK for Java v2 against a real server. */
class SignerPermissionsAndTagsIntegrationTest {
    static final String CMS = "Signet-CMS-SHA256-ECDSA";

    @TempDir
    static Path dir;

    static SignerTestServer server;

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PutSigningProfileResponse putProfile(String name) {
        return server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
    }

    @Test
    void permissionsAreAddedListedAndRemovedUnderRevisionIds() {
        String name = unique("shared");
        PutSigningProfileResponse profile = putProfile(name);
        ListProfilePermissionsResponse empty = server.signer.listProfilePermissions(b -> b.profileName(name));
        assertThat(empty.permissions()).isEmpty();
        assertThat(empty.revisionId()).isNull();

        String first = server.signer
                .addProfilePermission(b -> b.profileName(name)
                        .statementId("AllowSign")
                        .action("signer:StartSigningJob")
                        .principal("111122223333"))
                .revisionId();
        assertThat(first).isNotBlank();
        String second = server.signer
                .addProfilePermission(b -> b.profileName(name)
                        .statementId("AllowGet")
                        .action("signer:GetSigningProfile")
                        .principal("arn:aws:iam::111122223333:role/deployer")
                        .profileVersion(profile.profileVersion())
                        .revisionId(first))
                .revisionId();
        assertThat(second).isNotEqualTo(first);

        ListProfilePermissionsResponse listed = server.signer.listProfilePermissions(b -> b.profileName(name));
        assertThat(listed.revisionId()).isEqualTo(second);
        assertThat(listed.permissions())
                .extracting(
                        Permission::statementId, Permission::action, Permission::principal, Permission::profileVersion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "AllowGet",
                                "signer:GetSigningProfile",
                                "arn:aws:iam::111122223333:role/deployer",
                                profile.profileVersion()),
                        org.assertj.core.groups.Tuple.tuple(
                                "AllowSign", "signer:StartSigningJob", "111122223333", null));
        assertThat(listed.policySizeBytes()).isGreaterThan(100);
        assertThat(listed.nextToken()).isNull();

        // a stale revision is refused and changes nothing
        assertThatThrownBy(() -> server.signer.addProfilePermission(b -> b.profileName(name)
                        .statementId("Late")
                        .action("signer:SignPayload")
                        .principal("111122223333")
                        .revisionId(first)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("revisionId does not match the current revision of the policy");
        assertThatThrownBy(() -> server.signer.removeProfilePermission(
                        b -> b.profileName(name).statementId("AllowSign").revisionId(first)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("revisionId does not match the current revision of the policy");
        assertThatThrownBy(() -> server.signer.addProfilePermission(b -> b.profileName(name)
                        .statementId("AllowSign")
                        .action("signer:SignPayload")
                        .principal("111122223333")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("AllowSign");
        assertThat(server.signer
                        .listProfilePermissions(b -> b.profileName(name))
                        .revisionId())
                .isEqualTo(second);

        String third = server.signer
                .removeProfilePermission(
                        b -> b.profileName(name).statementId("AllowSign").revisionId(second))
                .revisionId();
        ListProfilePermissionsResponse after = server.signer.listProfilePermissions(b -> b.profileName(name));
        assertThat(after.revisionId()).isEqualTo(third);
        assertThat(after.permissions()).extracting(Permission::statementId).containsExactly("AllowGet");
        assertThat(after.policySizeBytes()).isLessThan(listed.policySizeBytes());
        assertThatThrownBy(() -> server.signer.removeProfilePermission(
                        b -> b.profileName(name).statementId("AllowSign").revisionId(third)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("no statement with statementId AllowSign exists");
    }

    @Test
    void permissionsPageThroughOpaqueTokens() {
        String name = unique("many");
        putProfile(name);
        String revision = null;
        for (int i = 0; i < 30; i++) {
            String sid = String.format("S%02d", i);
            String expected = revision;
            revision = server.signer
                    .addProfilePermission(b -> b.profileName(name)
                            .statementId(sid)
                            .action("signer:SignPayload")
                            .principal("111122223333")
                            .revisionId(expected))
                    .revisionId();
        }
        ListProfilePermissionsResponse page1 = server.signer.listProfilePermissions(b -> b.profileName(name));
        assertThat(page1.permissions()).hasSize(25);
        assertThat(page1.nextToken()).isNotBlank();
        ListProfilePermissionsResponse page2 =
                server.signer.listProfilePermissions(b -> b.profileName(name).nextToken(page1.nextToken()));
        assertThat(page2.permissions())
                .extracting(Permission::statementId)
                .containsExactly("S25", "S26", "S27", "S28", "S29");
        assertThat(page2.nextToken()).isNull();
        assertThat(page2.policySizeBytes()).isEqualTo(page1.policySizeBytes());

        String other = unique("other");
        putProfile(other);
        assertThatThrownBy(() -> server.signer.listProfilePermissions(
                        b -> b.profileName(other).nextToken(page1.nextToken())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("nextToken");
    }

    @Test
    void permissionErrorsFollowTheModel() {
        String name = unique("perm");
        putProfile(name);
        assertThatThrownBy(() -> server.signer.addProfilePermission(b -> b.profileName("no_such_profile")
                        .statementId("s")
                        .action("signer:SignPayload")
                        .principal("111122223333")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("signing profile no_such_profile does not exist");
        assertThatThrownBy(() -> server.signer.listProfilePermissions(b -> b.profileName("no_such_profile")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("signing profile no_such_profile does not exist");
        assertThatThrownBy(() -> server.signer.addProfilePermission(b -> b.profileName(name)
                        .statementId("s")
                        .action("signer:DeleteEverything")
                        .principal("111122223333")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("action");
        assertThatThrownBy(() -> server.signer.addProfilePermission(b -> b.profileName(name)
                        .statementId("s")
                        .action("signer:SignPayload")
                        .principal("someone")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("principal");
        assertThatThrownBy(() -> server.signer.addProfilePermission(b -> b.profileName(name)
                        .statementId("bad id!")
                        .action("signer:SignPayload")
                        .principal("111122223333")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("statementId");
        assertThatThrownBy(() -> server.signer.addProfilePermission(b -> b.profileName(name)
                        .statementId("v")
                        .action("signer:SignPayload")
                        .principal("111122223333")
                        .profileVersion("ZZZZZZZZZZ")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("has no version ZZZZZZZZZZ");
        assertThatThrownBy(() -> server.signer.listProfilePermissions(
                        b -> b.profileName(name).nextToken("forged.token")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("nextToken is invalid");
    }

    @Test
    void aPolicyBeyondItsLimitIsServiceLimitExceeded() {
        String name = unique("full");
        putProfile(name);
        String principal = "arn:aws:iam::111122223333:user/" + "p".repeat(400);
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 101; i++) {
                        String sid = "S" + i;
                        server.signer.addProfilePermission(b -> b.profileName(name)
                                .statementId(sid)
                                .action("signer:SignPayload")
                                .principal(principal));
                    }
                })
                .isInstanceOf(ServiceLimitExceededException.class)
                .hasMessageContaining("would exceed 100 statements or 20480 bytes");
        assertThat(server.signer
                        .listProfilePermissions(b -> b.profileName(name))
                        .policySizeBytes())
                .isLessThanOrEqualTo(20_480);
    }

    @Test
    void tagsAreAddedListedAndRemovedByProfileArn() {
        String name = unique("tagged");
        PutSigningProfileResponse profile = server.signer.putSigningProfile(
                b -> b.profileName(name).platformId(CMS).tags(Map.of("team", "build")));

        server.signer.tagResource(b -> b.resourceArn(profile.arn()).tags(Map.of("env", "prod", "team", "release")));
        assertThat(server.signer
                        .listTagsForResource(b -> b.resourceArn(profile.arn()))
                        .tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "team", "release"));
        assertThat(server.signer.getSigningProfile(b -> b.profileName(name)).tags())
                .containsEntry("env", "prod");
        // a version ARN names the same profile
        assertThat(server.signer
                        .listTagsForResource(b -> b.resourceArn(profile.profileVersionArn()))
                        .tags())
                .containsEntry("env", "prod");

        server.signer.untagResource(b -> b.resourceArn(profile.arn()).tagKeys("env", "absent"));
        assertThat(server.signer
                        .listTagsForResource(b -> b.resourceArn(profile.arn()))
                        .tags())
                .containsExactlyEntriesOf(Map.of("team", "release"));
    }

    @Test
    void tagErrorsAreBadRequestOrNotFound() {
        String name = unique("tagerr");
        PutSigningProfileResponse profile = putProfile(name);
        String missing = profile.arn().replace(name, "no_such_profile");
        assertThatThrownBy(() -> server.signer.listTagsForResource(b -> b.resourceArn(missing)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("signing profile no_such_profile does not exist");
        assertThatThrownBy(() ->
                        server.signer.tagResource(b -> b.resourceArn(missing).tags(Map.of("a", "b"))))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("signing profile no_such_profile does not exist");
        assertThatThrownBy(() ->
                        server.signer.untagResource(b -> b.resourceArn(missing).tagKeys("a")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("signing profile no_such_profile does not exist");
        assertThatThrownBy(() -> server.signer.listTagsForResource(b -> b.resourceArn("arn:aws:s3:::bucket/key")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(
                        "resourceArn arn:aws:s3:::bucket/key is not a signing profile ARN of this deployment");
        assertThatThrownBy(() -> server.signer.tagResource(
                        b -> b.resourceArn(profile.arn()).tags(Map.of("aws:reserved", "x"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("tag key 'aws:reserved' must be 1 to 128 characters");
        assertThatThrownBy(() -> server.signer.tagResource(
                        b -> b.resourceArn(profile.arn()).tags(Map.of("k", "v".repeat(257)))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("tag value of 'k' is longer than 256 characters");
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 201; i++) {
            tooMany.put("k" + (char) ('a' + i % 26) + "x".repeat(i / 26 + 1), "v");
        }
        assertThatThrownBy(() -> server.signer.tagResource(
                        b -> b.resourceArn(profile.arn()).tags(tooMany)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("tags may hold at most 200 entries, got 201");
        assertThat(server.signer
                        .listTagsForResource(b -> b.resourceArn(profile.arn()))
                        .tags())
                .isEmpty();
    }

    @Test
    void aVersionArnWhoseVersionDoesNotExistIsNotFoundAndTagsNothing() {
        String name = unique("tagver");
        PutSigningProfileResponse profile = putProfile(name);
        String missingVersion = profile.arn() + "/AAAAAAAAAA";
        assertThat(profile.profileVersionArn()).isNotEqualTo(missingVersion);
        assertThatThrownBy(() -> server.signer.tagResource(
                        b -> b.resourceArn(missingVersion).tags(Map.of("a", "b"))))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("signing profile " + name + " has no version AAAAAAAAAA"));
        assertThatThrownBy(() -> server.signer.untagResource(
                        b -> b.resourceArn(missingVersion).tagKeys("a")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("has no version AAAAAAAAAA");
        assertThatThrownBy(() -> server.signer.listTagsForResource(b -> b.resourceArn(missingVersion)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("has no version AAAAAAAAAA");
        assertThat(server.signer
                        .listTagsForResource(b -> b.resourceArn(profile.arn()))
                        .tags())
                .isEmpty();
    }

    @Test
    void theArnInTheTagsPathIsDecodedExactlyOnce() throws Exception {
        String name = unique("enc");
        PutSigningProfileResponse profile = putProfile(name);
        server.signer.tagResource(b -> b.resourceArn(profile.arn()).tags(Map.of("k", "v")));
        String encoded = profile.arn().replace(":", "%3A").replace("/", "%2F");

        HttpResponse<String> once = get("/tags/" + encoded);
        assertThat(once.statusCode()).as(once.body()).isEqualTo(200);
        assertThat(once.body()).contains("\"k\":\"v\"");
        // a doubly encoded ARN is not decoded twice: it names no profile ARN
        HttpResponse<String> twice = get("/tags/" + encoded.replace("%", "%25"));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.headers().firstValue("X-Amzn-ErrorType").orElse("")).startsWith("BadRequestException");
    }

    @Test
    void concurrentChangesNeitherLoseTagsNorBothWinARevision() throws Exception {
        String name = unique("race");
        PutSigningProfileResponse profile = putProfile(name);
        String r0 = server.signer
                .addProfilePermission(b -> b.profileName(name)
                        .statementId("First")
                        .action("signer:SignPayload")
                        .principal("111122223333"))
                .revisionId();
        int writers = 6;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Boolean>> adds = new java.util.ArrayList<>();
            List<java.util.concurrent.Future<?>> tags = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String sid = "Racer" + i;
                String key = "key" + (char) ('a' + i);
                adds.add(pool.submit(() -> {
                    try {
                        server.signer.addProfilePermission(b -> b.profileName(name)
                                .statementId(sid)
                                .action("signer:SignPayload")
                                .principal("111122223333")
                                .revisionId(r0));
                        return true;
                    } catch (ConflictException lost) {
                        return false;
                    }
                }));
                tags.add(pool.submit(() -> server.signer.tagResource(
                        b -> b.resourceArn(profile.arn()).tags(Map.of(key, "v")))));
            }
            int winners = 0;
            for (var add : adds) {
                winners += add.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }
            for (var tag : tags) {
                tag.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(winners).isEqualTo(1);
            assertThat(server.signer
                            .listProfilePermissions(b -> b.profileName(name))
                            .permissions())
                    .hasSize(2);
            assertThat(server.signer
                            .listTagsForResource(b -> b.resourceArn(profile.arn()))
                            .tags())
                    .hasSize(writers);
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create(server.server.endpoint() + path);
        return RawRequests.signedSend(
                "GET", uri, "signer", server.server.credentials(), Clock.systemUTC(), new byte[0], Map.of());
    }

    static List<String> ids(ListProfilePermissionsResponse r) {
        return r.permissions().stream().map(Permission::statementId).toList();
    }
}
