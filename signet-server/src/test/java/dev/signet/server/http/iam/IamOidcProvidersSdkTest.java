package dev.signet.server.http.iam;

import static dev.signet.server.http.iam.IamSdkTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.TestServer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.OpenIDConnectProviderListEntry;
import software.amazon.awssdk.services.iam.model.Tag;

/** IAM's OpenID Connect provider operations through the AWS SDK for Java v2's IAM client. */
class IamOidcProvidersSdkTest {
    static final String ACCOUNT = "000000000000";
    static final String PRINT_A = "a".repeat(40);
    static final String PRINT_B = "0123456789ABCDEF0123456789ABCDEF01234567";

    static TestServer server;
    static IamClient iam;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        iam = IamSdkTest.iamOf(server, server.credentialsProvider());
    }

    @AfterAll
    static void stop() {
        iam.close();
        server.close();
    }

    static String arn(String key) {
        return "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + key;
    }

    @Test
    void providersRoundTrip() {
        String arn = iam.createOpenIDConnectProvider(r -> r.url("https://token.actions.githubusercontent.com/")
                        .clientIDList("sts.amazonaws.com", "signet", "signet")
                        .thumbprintList(PRINT_A)
                        .tags(Tag.builder().key("team").value("ci").build()))
                .openIDConnectProviderArn();
        assertThat(arn).isEqualTo(arn("token.actions.githubusercontent.com"));

        GetOpenIdConnectProviderResponse got = iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        assertThat(got.url()).isEqualTo("token.actions.githubusercontent.com");
        assertThat(got.clientIDList()).containsExactly("sts.amazonaws.com", "signet");
        assertThat(got.thumbprintList()).containsExactly(PRINT_A);
        assertThat(got.tags())
                .containsExactly(Tag.builder().key("team").value("ci").build());
        assertThat(got.createDate()).isNotNull();

        iam.addClientIDToOpenIDConnectProvider(
                r -> r.openIDConnectProviderArn(arn).clientID("release"));
        iam.addClientIDToOpenIDConnectProvider(
                r -> r.openIDConnectProviderArn(arn).clientID("release"));
        iam.removeClientIDFromOpenIDConnectProvider(
                r -> r.openIDConnectProviderArn(arn).clientID("sts.amazonaws.com"));
        iam.updateOpenIDConnectProviderThumbprint(
                r -> r.openIDConnectProviderArn(arn).thumbprintList(PRINT_B));
        got = iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        assertThat(got.clientIDList()).containsExactly("signet", "release");
        assertThat(got.thumbprintList()).containsExactly(PRINT_B.toLowerCase());

        String loopback = iam.createOpenIDConnectProvider(r -> r.url("http://127.0.0.1:8443/tenant"))
                .openIDConnectProviderArn();
        assertThat(loopback).isEqualTo(arn("127.0.0.1:8443/tenant"));
        assertThat(iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(loopback))
                        .url())
                .isEqualTo("http://127.0.0.1:8443/tenant");
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList())
                .extracting(OpenIDConnectProviderListEntry::arn)
                .contains(arn, loopback);

        iam.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        iam.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList())
                .extracting(OpenIDConnectProviderListEntry::arn)
                .doesNotContain(arn);
        assertError(
                () -> iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)),
                404,
                "NoSuchEntity",
                "OpenIDConnect Provider not found for arn " + arn);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        iam.createOpenIDConnectProvider(r -> r.url("https://gitlab.example.com").clientIDList("signet"));
        assertError(
                () -> iam.createOpenIDConnectProvider(r -> r.url("https://GitLab.example.com/")),
                409,
                "EntityAlreadyExists",
                "Provider with url https://gitlab.example.com already exists.");
        assertError(
                () -> iam.createOpenIDConnectProvider(r -> r.url("http://issuer.example.com")),
                400,
                "InvalidInput",
                "The OpenID Connect provider URL http://issuer.example.com is not valid: it must begin with"
                        + " https:// (http:// only for a loopback host).");
        assertError(
                () -> iam.createOpenIDConnectProvider(r -> r.url("https://issuer.example.com/?tenant=1")),
                400,
                "InvalidInput",
                "The OpenID Connect provider URL https://issuer.example.com/?tenant=1 is not valid: it may not"
                        + " have a query or a fragment.");
        assertError(
                () -> iam.createOpenIDConnectProvider(
                        r -> r.url("https://issuer.example.com").thumbprintList("z".repeat(40))),
                400,
                "InvalidInput",
                "Thumbprint " + "z".repeat(40) + " is not 40 hexadecimal digits.");
        assertError(
                () -> iam.createOpenIDConnectProvider(
                        r -> r.url("https://issuer.example.com").thumbprintList("ab")),
                400,
                "ValidationError",
                "1 validation error detected: Value 'ab' at 'thumbprintList.member' failed to satisfy constraint:"
                        + " Member must have length greater than or equal to 40");
        assertError(
                () -> iam.createOpenIDConnectProvider(r -> r.url("https://issuer.example.com")
                        .clientIDList(IntStream.range(0, 101)
                                .mapToObj(i -> "client-" + i)
                                .toList())),
                409,
                "LimitExceeded",
                "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100");
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList())
                .extracting(OpenIDConnectProviderListEntry::arn)
                .doesNotContain(arn("issuer.example.com"));

        String gitlab = arn("gitlab.example.com");
        assertError(
                () -> iam.addClientIDToOpenIDConnectProvider(r ->
                        r.openIDConnectProviderArn(arn("absent.example.com")).clientID("x")),
                404,
                "NoSuchEntity",
                "OpenIDConnect Provider not found for arn " + arn("absent.example.com"));
        // another account's provider: the authorizer refuses it (cross-account, no resource policy)
        String foreign = "arn:aws:iam::111111111111:oidc-provider/gitlab.example.com";
        assertError(
                () -> iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(foreign)),
                403,
                "AccessDenied",
                "User: arn:aws:iam::000000000000:user/admin is not authorized to perform:"
                        + " iam:GetOpenIDConnectProvider on resource: " + foreign
                        + " because no resource-based policy allows the iam:GetOpenIDConnectProvider action");
        assertError(
                () -> iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn("arn:aws:iam::000000000000:role/x")),
                400,
                "InvalidInput",
                "ARN arn:aws:iam::000000000000:role/x is not valid.");
        assertThat(iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(gitlab))
                        .clientIDList())
                .containsExactly("signet");
    }
}
