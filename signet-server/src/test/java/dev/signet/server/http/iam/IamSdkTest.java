package dev.signet.server.http.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The AWS SDK for Java v2's IAM and STS clients against a real server (SQLite). */
class IamSdkTest {
    static TestServer server;
    static IamClient iam;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        iam = iam(server.credentialsProvider());
    }

    @AfterAll
    static void stop() {
        iam.close();
        server.close();
    }

    static IamClient iam(StaticCredentialsProvider credentials) {
        return iamOf(server, credentials);
    }

    static StsClient sts(StaticCredentialsProvider credentials) {
        return stsOf(server, credentials);
    }

    static IamClient iamOf(TestServer server, StaticCredentialsProvider credentials) {
        return IamClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static StsClient stsOf(TestServer server, StaticCredentialsProvider credentials) {
        return StsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static StaticCredentialsProvider credentials(AccessKey key) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    static void assertError(Runnable call, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void usersRoundTrip() {
        User created = iam.createUser(r -> r.userName("sdk-alice")
                        .path("/sdk/team/")
                        .tags(Tag.builder().key("team").value("release").build()))
                .user();
        assertThat(created.userName()).isEqualTo("sdk-alice");
        assertThat(created.path()).isEqualTo("/sdk/team/");
        assertThat(created.arn()).isEqualTo("arn:aws:iam::000000000000:user/sdk/team/sdk-alice");
        assertThat(created.userId()).matches("AIDA[A-Z2-7]{17}");
        assertThat(created.createDate()).isNotNull();

        User got = iam.getUser(r -> r.userName("SDK-ALICE")).user();
        assertThat(got.userId()).isEqualTo(created.userId());
        assertThat(got.tags())
                .containsExactly(Tag.builder().key("team").value("release").build());

        iam.tagUser(r -> r.userName("sdk-alice")
                .tags(
                        Tag.builder().key("team").value("ops").build(),
                        Tag.builder().key("site").value("b").build()));
        assertThat(iam.getUser(r -> r.userName("sdk-alice")).user().tags())
                .extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("team", "ops"),
                        org.assertj.core.groups.Tuple.tuple("site", "b"));

        User self = iam.getUser().user();
        assertThat(self.arn()).isEqualTo("arn:aws:iam::000000000000:user/admin");

        iam.deleteUser(r -> r.userName("sdk-alice"));
        assertError(
                () -> iam.getUser(r -> r.userName("sdk-alice")),
                404,
                "NoSuchEntity",
                "The user with name sdk-alice cannot be found.");
    }

    @Test
    void listsUsersByPathPrefixPageByPage() {
        for (String name : List.of("p-c", "p-a", "p-b")) {
            iam.createUser(r -> r.userName(name).path("/pages/"));
        }
        iam.createUser(r -> r.userName("p-other").path("/elsewhere/"));

        ListUsersResponse first = iam.listUsers(r -> r.pathPrefix("/pages/").maxItems(2));
        assertThat(first.users()).extracting(User::userName).containsExactly("p-a", "p-b");
        assertThat(first.isTruncated()).isTrue();
        ListUsersResponse second = iam.listUsers(r -> r.pathPrefix("/pages/").marker(first.marker()));
        assertThat(second.users()).extracting(User::userName).containsExactly("p-c");
        assertThat(second.isTruncated()).isFalse();
        assertThat(iam.listUsersPaginator(r -> r.pathPrefix("/pages/").maxItems(1))
                        .users())
                .extracting(User::userName)
                .containsExactly("p-a", "p-b", "p-c");
        assertThat(iam.listUsers().users()).extracting(User::userName).doesNotContain("admin");

        assertError(
                () -> iam.listUsers(r -> r.pathPrefix("/elsewhere/").marker(first.marker())),
                400,
                "ValidationError",
                "1 validation error detected: Value '" + first.marker()
                        + "' at 'marker' failed to satisfy constraint: Member must be a marker this listing returned,"
                        + " for the same PathPrefix");
    }

    @Test
    void refusesBadInputAndChangesNothing() {
        iam.createUser(r -> r.userName("dup-user"));
        assertError(
                () -> iam.createUser(r -> r.userName("DUP-user")),
                409,
                "EntityAlreadyExists",
                "User with name DUP-user already exists.");
        assertError(
                () -> iam.createUser(r -> r.userName("bad name")),
                400,
                "ValidationError",
                "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [\\w+=,.@-]+");
        assertError(
                () -> iam.createUser(r -> r.userName("pathless").path("no-slashes")),
                400,
                "ValidationError",
                "1 validation error detected: Value 'no-slashes' at 'path' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: (/)|(/[\\u0021-\\u007E]+/)");
        assertError(
                () -> iam.getUser(r -> r.userName("pathless")),
                404,
                "NoSuchEntity",
                "The user with name pathless cannot be found.");
        assertError(
                () -> iam.deleteUser(r -> r.userName("nobody")),
                404,
                "NoSuchEntity",
                "The user with name nobody cannot be found.");
        Tag[] many = new Tag[51];
        for (int i = 0; i < many.length; i++) {
            many[i] = Tag.builder().key("k" + i).value("v").build();
        }
        assertError(
                () -> iam.tagUser(r -> r.userName("dup-user").tags(many)),
                400,
                "ValidationError",
                "1 validation error detected: Value '51 tags' at 'tags' failed to satisfy constraint: Member must"
                        + " have length less than or equal to 50");
        Tag[] fifty = java.util.Arrays.copyOf(many, 50);
        iam.tagUser(r -> r.userName("dup-user").tags(fifty));
        assertError(
                () -> iam.tagUser(r -> r.userName("dup-user")
                        .tags(Tag.builder().key("one-more").value("v").build())),
                409,
                "LimitExceeded",
                "The number of tags has reached the maximum limit.");
        assertThat(iam.getUser(r -> r.userName("dup-user")).user().tags()).hasSize(50);
    }

    @Test
    void aUsersKeysAuthenticateUntilDeactivatedOrDeleted() {
        User bob = iam.createUser(r -> r.userName("key-bob")).user();
        AccessKey first = iam.createAccessKey(r -> r.userName("key-bob")).accessKey();
        AccessKey second = iam.createAccessKey(r -> r.userName("key-bob")).accessKey();
        assertThat(first.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(first.status()).isEqualTo(StatusType.ACTIVE);
        assertThat(first.userName()).isEqualTo("key-bob");
        assertError(
                () -> iam.createAccessKey(r -> r.userName("key-bob")),
                409,
                "LimitExceeded",
                "Cannot exceed quota for AccessKeysPerUser: 2");
        assertThat(iam.listAccessKeys(r -> r.userName("key-bob")).accessKeyMetadata())
                .extracting(AccessKeyMetadata::accessKeyId)
                .containsExactlyInAnyOrder(first.accessKeyId(), second.accessKeyId());
        assertError(
                () -> iam.deleteUser(r -> r.userName("key-bob")),
                409,
                "DeleteConflict",
                "Cannot delete entity, must delete access keys first.");

        assertThat(iam.getAccessKeyLastUsed(r -> r.accessKeyId(first.accessKeyId()))
                        .accessKeyLastUsed()
                        .serviceName())
                .isEqualTo("N/A");
        try (StsClient asBob = sts(credentials(first))) {
            GetCallerIdentityResponse me = asBob.getCallerIdentity();
            assertThat(me.arn()).isEqualTo(bob.arn());
            assertThat(me.userId()).isEqualTo(bob.userId());
            assertThat(me.account()).isEqualTo("000000000000");
            var lastUsed = iam.getAccessKeyLastUsed(r -> r.accessKeyId(first.accessKeyId()));
            assertThat(lastUsed.userName()).isEqualTo("key-bob");
            assertThat(lastUsed.accessKeyLastUsed().serviceName()).isEqualTo("sts");
            assertThat(lastUsed.accessKeyLastUsed().region()).isEqualTo("us-east-1");
            assertThat(lastUsed.accessKeyLastUsed().lastUsedDate()).isNotNull();

            iam.updateAccessKey(
                    r -> r.userName("key-bob").accessKeyId(first.accessKeyId()).status(StatusType.INACTIVE));
            assertThat(iam.listAccessKeys(r -> r.userName("key-bob")).accessKeyMetadata())
                    .filteredOn(k -> k.accessKeyId().equals(first.accessKeyId()))
                    .extracting(AccessKeyMetadata::status)
                    .containsExactly(StatusType.INACTIVE);
            assertError(
                    asBob::getCallerIdentity,
                    403,
                    "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
            iam.updateAccessKey(
                    r -> r.userName("key-bob").accessKeyId(first.accessKeyId()).status(StatusType.ACTIVE));
            assertThat(asBob.getCallerIdentity().arn()).isEqualTo(bob.arn());

            iam.deleteAccessKey(r -> r.userName("key-bob").accessKeyId(first.accessKeyId()));
            assertError(
                    asBob::getCallerIdentity,
                    403,
                    "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
        }
        assertError(
                () -> iam.deleteAccessKey(r -> r.userName("key-bob").accessKeyId(first.accessKeyId())),
                404,
                "NoSuchEntity",
                "The Access Key with id " + first.accessKeyId() + " cannot be found.");
        assertError(
                () -> iam.updateAccessKey(r -> r.userName("key-bob")
                        .accessKeyId("AKIANOSUCHKEY0000000")
                        .status(StatusType.INACTIVE)),
                404,
                "NoSuchEntity",
                "The Access Key with id AKIANOSUCHKEY0000000 cannot be found.");
        iam.deleteAccessKey(r -> r.userName("key-bob").accessKeyId(second.accessKeyId()));
        iam.deleteUser(r -> r.userName("key-bob"));
    }

    @Test
    void theAdministratorIsWhoItIs() {
        try (StsClient sts = sts(server.credentialsProvider())) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            assertThat(me.arn()).isEqualTo("arn:aws:iam::000000000000:user/admin");
            assertThat(me.account()).isEqualTo("000000000000");
            assertThat(me.userId()).isEqualTo("000000000000");
        }
        assertThat(iam.listAccessKeys().accessKeyMetadata())
                .extracting(AccessKeyMetadata::accessKeyId)
                .contains(server.credentials().accessKeyId());
    }
}
