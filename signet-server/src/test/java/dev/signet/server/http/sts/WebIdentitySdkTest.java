package dev.signet.server.http.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.signet.server.testing.MutableClock;
import dev.signet.server.testing.OidcIssuer;
import dev.signet.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * AssumeRoleWithWebIdentity through the AWS SDK for Java v2's STS client, unsigned (anonymous
 * credentials, as the SDK sends it), against a real server and a local OIDC issuer ({@link
 * OidcIssuer}) whose JWKS the server reads over HTTP on 127.0.0.1. The trust policy requires the
 * audience, a repository and a ref, as a CI role's does; each refusal is checked by its error code
 * and message.
 */
class WebIdentitySdkTest {
    static final String ACCOUNT = "000000000000";
    static final MutableClock CLOCK = MutableClock.ofNow();
    static final String AUDIENCE = "signet";
    static final String SUBJECT = "repo:acme/app:ref:refs/heads/main";

    static TestServer server;
    static OidcIssuer issuer;
    static IamClient iam;
    static StsClient anonymous;

    @BeforeAll
    static void start() {
        server = TestServer.start(CLOCK);
        issuer = OidcIssuer.start();
        iam = IamClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(server.credentialsProvider())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        anonymous = sts(AnonymousCredentialsProvider.create());
        register(issuer);
        role(
                "Release",
                issuer,
                "\"" + issuer.key() + ":repository\": \"acme/app\", \"" + issuer.key() + ":ref\": \"refs/heads/main\"");
        iam.putRolePolicy(r -> r.roleName("Release")
                .policyName("list-profiles")
                .policyDocument("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
                        + " \"Action\": \"signer:ListSigningProfiles\", \"Resource\": \"*\"}]}"));
    }

    @AfterAll
    static void stop() {
        anonymous.close();
        iam.close();
        issuer.close();
        server.close();
    }

    static StsClient sts(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        return StsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static String providerArn(OidcIssuer of) {
        return "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + of.key();
    }

    static void register(OidcIssuer of) {
        String arn = iam.createOpenIDConnectProvider(r -> r.url(of.url()).clientIDList(AUDIENCE))
                .openIDConnectProviderArn();
        assertThat(arn).isEqualTo(providerArn(of));
    }

    /** A role trusting {@code of}'s tokens for the audience and the extra StringEquals conditions. */
    static void role(String name, OidcIssuer of, String conditions) {
        String trust = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\":"
                + " {\"Federated\": \"" + providerArn(of) + "\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\","
                + " \"Condition\": {\"StringEquals\": {\"" + of.key() + ":aud\": \"" + AUDIENCE + "\""
                + (conditions.isEmpty() ? "" : ", " + conditions) + "}}}]}";
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust));
    }

    static String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    /** The claims of a token from the main branch of acme/app, valid now by the server's clock. */
    static JWTClaimsSet.Builder mainBranch(OidcIssuer of) {
        return of.claims(CLOCK.instant(), AUDIENCE, SUBJECT)
                .claim("repository", "acme/app")
                .claim("ref", "refs/heads/main")
                .claim("job_workflow_ref", "acme/app/.github/workflows/release.yml@refs/heads/main");
    }

    static AssumeRoleWithWebIdentityResponse assume(String role, String token) {
        return anonymous.assumeRoleWithWebIdentity(
                r -> r.roleArn(roleArn(role)).roleSessionName("ci-run-1").webIdentityToken(token));
    }

    /** Refused with this error, and no temporary credentials were stored. */
    static void refused(String role, String token, int status, String code, String message) {
        long sessions = storedSessions();
        assertThatThrownBy(() -> assume(role, token)).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            assertThat(e.statusCode()).isEqualTo(status);
        });
        assertThat(storedSessions()).isEqualTo(sessions);
    }

    static long storedSessions() {
        return server.assembly()
                .database()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sts_sessions")
                        .mapTo(Long.class)
                        .one());
    }

    static StaticCredentialsProvider session(Credentials c) {
        return StaticCredentialsProvider.create(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    }

    @Test
    void aTokenWhoseClaimsMatchTheTrustPolicyAssumesTheRoleAndActsWithItsPolicies() {
        Instant before = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        AssumeRoleWithWebIdentityResponse assumed = assume(
                "Release", issuer.sign(JWSAlgorithm.RS256, mainBranch(issuer).build()));

        String sessionArn = "arn:aws:sts::" + ACCOUNT + ":assumed-role/Release/ci-run-1";
        String roleId = iam.getRole(r -> r.roleName("Release")).role().roleId();
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo(sessionArn);
        assertThat(assumed.assumedRoleUser().assumedRoleId()).isEqualTo(roleId + ":ci-run-1");
        assertThat(assumed.subjectFromWebIdentityToken()).isEqualTo(SUBJECT);
        assertThat(assumed.audience()).isEqualTo(AUDIENCE);
        assertThat(assumed.provider()).isEqualTo(issuer.url());
        assertThat(assumed.credentials().accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(assumed.credentials().expiration()).isEqualTo(before.plusSeconds(3600));

        try (StsClient sts = sts(session(assumed.credentials()))) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo(sessionArn);
        }
        try (var signer = server.signer(b -> b.credentialsProvider(session(assumed.credentials())))) {
            assertThat(signer.listSigningProfiles().profiles()).isNotNull();
            assertThatThrownBy(signer::listSigningJobs).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("User: " + sessionArn + " is not authorized to perform: signer:ListSigningJobs");
            });
        }
    }

    @Test
    void anEs256TokenIsAcceptedToo() {
        AssumeRoleWithWebIdentityResponse assumed = assume(
                "Release", issuer.sign(JWSAlgorithm.ES256, mainBranch(issuer).build()));
        assertThat(assumed.subjectFromWebIdentityToken()).isEqualTo(SUBJECT);
    }

    @Test
    void claimsTheTrustPolicyDoesNotAllowAreAccessDenied() {
        String feature = issuer.sign(
                JWSAlgorithm.RS256,
                mainBranch(issuer).claim("ref", "refs/heads/feature").build());
        refused("Release", feature, 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        String otherRepository = issuer.sign(
                JWSAlgorithm.RS256,
                mainBranch(issuer).claim("repository", "mallory/app").build());
        refused(
                "Release",
                otherRepository,
                403,
                "AccessDenied",
                "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        refused(
                "NoSuchRole",
                issuer.sign(JWSAlgorithm.RS256, mainBranch(issuer).build()),
                403,
                "AccessDenied",
                "Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }

    @Test
    void anExpiredTokenIsExpiredTokenException() {
        Instant issued = CLOCK.instant().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        Instant expired = issued.plus(Duration.ofMinutes(10));
        String token = issuer.sign(
                JWSAlgorithm.RS256,
                mainBranch(issuer)
                        .issueTime(Date.from(issued))
                        .notBeforeTime(Date.from(issued))
                        .expirationTime(Date.from(expired))
                        .build());
        refused(
                "Release",
                token,
                400,
                "ExpiredTokenException",
                "Token expired: current date/time " + CLOCK.instant().getEpochSecond()
                        + " must be before the expiration date/time " + expired.getEpochSecond()
                        + " (with at most 300 s of clock skew).");
    }

    @Test
    void aTokenNotValidYetIsRefusedBeyondTheSkewAndAcceptedWithinIt() {
        Instant later = CLOCK.instant().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        String notYet = issuer.sign(
                JWSAlgorithm.RS256,
                mainBranch(issuer)
                        .notBeforeTime(Date.from(later))
                        .expirationTime(Date.from(later.plusSeconds(300)))
                        .build());
        refused(
                "Release",
                notYet,
                400,
                "InvalidIdentityToken",
                "The web identity token is not valid yet: nbf " + later.getEpochSecond() + ", current date/time "
                        + CLOCK.instant().getEpochSecond() + ".");
        Instant soon = CLOCK.instant().plus(Duration.ofMinutes(4));
        String withinSkew = issuer.sign(
                JWSAlgorithm.RS256,
                mainBranch(issuer)
                        .notBeforeTime(Date.from(soon))
                        .issueTime(Date.from(soon))
                        .build());
        assertThat(assume("Release", withinSkew).subjectFromWebIdentityToken()).isEqualTo(SUBJECT);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String token = issuer.sign(
                JWSAlgorithm.RS256,
                mainBranch(issuer).audience("sts.amazonaws.com").build());
        refused("Release", token, 400, "InvalidIdentityToken", "Incorrect token audience");
    }

    @Test
    void aTokenOfAnUnregisteredIssuerIsRefused() {
        try (OidcIssuer stranger = OidcIssuer.start()) {
            String token =
                    stranger.sign(JWSAlgorithm.RS256, mainBranch(stranger).build());
            refused(
                    "Release",
                    token,
                    400,
                    "InvalidIdentityToken",
                    "No OpenIDConnect provider found in your account for " + stranger.url());
            assertThat(stranger.jwksReads()).isZero();
        }
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = issuer.sign(JWSAlgorithm.RS256, mainBranch(issuer).build());
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = claims.replace("acme/app", "acme/ap2");
        assertThat(forged).isNotEqualTo(claims);
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        refused(
                "Release",
                tampered,
                400,
                "InvalidIdentityToken",
                "The signature of the web identity token does not verify with the OpenID Connect provider's keys.");
    }

    @Test
    void unsignedAndHmacTokensAreRefused() throws JOSEException {
        String none = new PlainJWT(mainBranch(issuer).build()).serialize();
        refused(
                "Release",
                none,
                400,
                "InvalidIdentityToken",
                "The web identity token is not signed (alg none); Signet accepts RS256 and ES256 only.");
        SignedJWT hmac = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256), mainBranch(issuer).build());
        hmac.sign(new MACSigner(new byte[32]));
        refused(
                "Release",
                hmac.serialize(),
                400,
                "InvalidIdentityToken",
                "The web identity token is signed with HS256; Signet accepts RS256 and ES256 only.");
        refused("Release", "not-a-jwt", 400, "InvalidIdentityToken", "The web identity token is not a JWT.");
    }

    @Test
    void anUnknownKidRereadsTheJwksAtMostOncePerIntervalSoARotatedKeyIsAccepted() {
        try (OidcIssuer rotating = OidcIssuer.start()) {
            register(rotating);
            role("Rotating", rotating, "");
            assertThat(assume(
                            "Rotating",
                            rotating.sign(
                                    JWSAlgorithm.RS256, mainBranch(rotating).build())))
                    .isNotNull();
            assertThat(rotating.jwksReads()).isEqualTo(1);

            rotating.rotate("rsa-2");
            String rotated =
                    rotating.sign(JWSAlgorithm.RS256, mainBranch(rotating).build());
            // read moments ago: the unknown kid does not make Signet read the issuer again yet
            refused(
                    "Rotating",
                    rotated,
                    400,
                    "InvalidIdentityToken",
                    "The OpenID Connect provider's JWKS has no RS256 key with the token's kid rsa-2.");
            assertThat(rotating.jwksReads()).isEqualTo(1);

            CLOCK.advance(Duration.ofSeconds(31));
            String fresh =
                    rotating.sign(JWSAlgorithm.RS256, mainBranch(rotating).build());
            assertThat(assume("Rotating", fresh).subjectFromWebIdentityToken()).isEqualTo(SUBJECT);
            assertThat(rotating.jwksReads()).isEqualTo(2);

            // random key ids right after: refused without reading the issuer again
            for (int i = 0; i < 5; i++) {
                refused(
                        "Rotating",
                        rotating.sign(
                                JWSAlgorithm.RS256,
                                "made-up-" + i,
                                mainBranch(rotating).build()),
                        400,
                        "InvalidIdentityToken",
                        "The OpenID Connect provider's JWKS has no RS256 key with the token's kid made-up-" + i + ".");
            }
            assertThat(rotating.jwksReads()).isEqualTo(2);
        }
    }

    @Test
    void anUnreachableOrMalformedJwksIsIdpCommunicationError() {
        OidcIssuer gone = OidcIssuer.start();
        register(gone);
        role("Gone", gone, "");
        String token = gone.sign(JWSAlgorithm.RS256, mainBranch(gone).build());
        gone.close();
        long sessions = storedSessions();
        assertThatThrownBy(() -> assume("Gone", token)).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IDPCommunicationError");
            assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith("Signet could not read the discovery document of the OpenID Connect provider at "
                            + gone.url() + "/.well-known/openid-configuration: it cannot be reached");
        });

        try (OidcIssuer broken = OidcIssuer.start()) {
            broken.serveMalformedJwks();
            register(broken);
            role("Broken", broken, "");
            assertThatThrownBy(() -> assume(
                            "Broken",
                            broken.sign(JWSAlgorithm.RS256, mainBranch(broken).build())))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IDPCommunicationError");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .startsWith("The OpenID Connect provider at " + broken.url()
                                        + " cannot be used: its JWKS does not parse");
                    });
        }
        assertThat(storedSessions()).isEqualTo(sessions);
    }

    @Test
    void theUnsignedRequestAsTheCliSendsItIsServedAndOtherUnsignedStsCallsAreNot() throws Exception {
        String token = issuer.sign(JWSAlgorithm.RS256, mainBranch(issuer).build());
        String form = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + roleArn("Release")
                + "&RoleSessionName=raw&WebIdentityToken=" + token;
        HttpResponse<String> ok = post(form);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body())
                .contains("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                .contains("<Arn>arn:aws:sts::" + ACCOUNT + ":assumed-role/Release/raw</Arn>");

        HttpResponse<String> identity = post("Action=GetCallerIdentity&Version=2011-06-15");
        assertThat(identity.statusCode()).isEqualTo(403);
        assertThat(identity.body()).doesNotContain("<Arn>");
    }

    static HttpResponse<String> post(String form) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
