package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public {@code GET /v1/openpgp-key} must not tell an unauthenticated caller which profile
 * versions exist: a version that does not exist and one of another platform get the same answer.
 * (The key of an OpenPGP version, fetched and used by gpg: NativeFormatsIntegrationTest.)
 */
class OpenPgpKeyRouteTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> key(String arn) throws Exception {
        return RawRequests.send(
                "GET", server.endpoint().resolve("/v1/openpgp-key?profileVersionArn=" + arn), Map.of(), new byte[0]);
    }

    @Test
    void anUnknownVersionAndANonOpenPgpVersionAreAnsweredAlike() throws Exception {
        String cms = server.signer()
                .putSigningProfile(b -> b.profileName("pgp_probe_cms").platformId("Signet-CMS-SHA256-ECDSA"))
                .profileVersionArn();
        String unknownVersion = cms.substring(0, cms.length() - 10) + "AAAAAAAAAA";
        String unknownProfile = cms.replace("pgp_probe_cms", "pgp_probe_none");

        HttpResponse<String> notOpenPgp = key(cms);
        assertThat(notOpenPgp.statusCode()).isEqualTo(404);
        assertThat(notOpenPgp.headers().firstValue("X-Amzn-ErrorType")).contains("ResourceNotFoundException");
        assertThat(notOpenPgp.body()).doesNotContain("Signet-CMS").doesNotContain("platform");
        for (String other : List.of(unknownVersion, unknownProfile)) {
            HttpResponse<String> response = key(other);
            assertThat(response.statusCode()).isEqualTo(notOpenPgp.statusCode());
            assertThat(response.headers().firstValue("X-Amzn-ErrorType"))
                    .isEqualTo(notOpenPgp.headers().firstValue("X-Amzn-ErrorType"));
            assertThat(response.body()).isEqualTo(notOpenPgp.body());
        }
    }
}
