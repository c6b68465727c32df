package dev.signet.server.http.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An IAM user without policies reaches nothing but GetCallerIdentity (implicit deny): one route of
 * each service answers AccessDenied in its own protocol's shape, with AWS's message naming the
 * operation's action and resource, and changes nothing.
 */
class UserAccessDeniedTest {
    static TestServer server;
    static AccessKey key;
    static String userArn;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        try (IamClient iam = IamSdkTest.iamOf(server, server.credentialsProvider())) {
            userArn = iam.createUser(r -> r.userName("denied")).user().arn();
            key = iam.createAccessKey(r -> r.userName("denied")).accessKey();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static StaticCredentialsProvider userCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    static String message(String action, String resource) {
        return "User: " + userArn + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no identity-based policy allows the " + action + " action";
    }

    static void assertDenied(Runnable call, String code, String action, String resource) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message(action, resource));
        });
    }

    @Test
    void signer() {
        try (var signer = server.signer(b -> b.credentialsProvider(userCredentials()))) {
            assertDenied(signer::listSigningProfiles, "AccessDeniedException", "signer:ListSigningProfiles", "*");
        }
    }

    @Test
    void lambda() {
        try (var lambda = server.lambda(b -> b.credentialsProvider(userCredentials()))) {
            assertDenied(
                    () -> lambda.listCodeSigningConfigs(r -> {}),
                    "AccessDeniedException",
                    "lambda:ListCodeSigningConfigs",
                    "*");
        }
    }

    @Test
    void s3() {
        try (S3Client s3 = server.s3(b -> b.credentialsProvider(userCredentials()))) {
            assertDenied(
                    () -> s3.createBucket(r -> r.bucket("denied-bucket")),
                    "AccessDenied",
                    "s3:CreateBucket",
                    "arn:aws:s3:::denied-bucket");
        }
        assertThat(server.s3().listBuckets().buckets())
                .as("nothing created")
                .noneMatch(b -> b.name().equals("denied-bucket"));
    }

    @Test
    void iam() {
        try (IamClient iam = IamSdkTest.iamOf(server, userCredentials())) {
            assertDenied(iam::listUsers, "AccessDenied", "iam:ListUsers", userArn);
            assertDenied(
                    () -> iam.createUser(r -> r.userName("made-by-denied")),
                    "AccessDenied",
                    "iam:CreateUser",
                    "arn:aws:iam::000000000000:user/made-by-denied");
        }
        try (IamClient admin = IamSdkTest.iamOf(server, server.credentialsProvider())) {
            assertThat(admin.listUsers().users()).as("nothing created").hasSize(1);
        }
    }

    @Test
    void nativeApi() throws Exception {
        URI uri = server.endpoint().resolve("/v1/trust-bundle");
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(userCredentials().resolveCredentials())
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.GET)
                                .uri(uri)
                                .build())
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signet")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder http =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("AccessDeniedException");
        assertThat(response.body()).contains(message("signet:GetTrustBundle", "*"));
    }

    @Test
    void getCallerIdentityStillAnswers() {
        try (var sts = IamSdkTest.stsOf(server, userCredentials())) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo(userArn);
        }
    }
}
