package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.server.http.NativeCalls;
import dev.signet.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.ValidityType;

/**
 * {@code GET /v1/ca/status} and the certificate gauges on a real server: the CA's and TSA's
 * certificates with their expiries, and exactly the Active profiles whose certificate expires within
 * 30 days, with what to do next.
 */
class CaStatusIntegrationTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static TestServer server;
    static SignerClient signer;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        signer = server.signer();
    }

    @AfterAll
    static void stop() {
        signer.close();
        server.close();
    }

    @Test
    void theStatusNamesTheAuthorityAndTheProfilesExpiringSoon() throws Exception {
        signer.putSigningProfile(b -> b.profileName("short_lived")
                .platformId("Signet-CMS-SHA256-ECDSA")
                .signatureValidityPeriod(v -> v.value(20).type(ValidityType.DAYS)));
        signer.putSigningProfile(b -> b.profileName("long_lived").platformId("Signet-CMS-SHA256-ECDSA"));
        signer.putSigningProfile(b -> b.profileName("canceled_short")
                .platformId("Signet-CMS-SHA256-ECDSA")
                .signatureValidityPeriod(v -> v.value(5).type(ValidityType.DAYS)));
        signer.cancelSigningProfile(b -> b.profileName("canceled_short"));

        JsonNode status = status();

        List<String> roles = new ArrayList<>();
        status.path("authority").forEach(c -> roles.add(c.path("role").asText()));
        assertThat(roles).containsExactly("root", "issuing", "timestamping");
        X509Certificate root = server.assembly().ca().root();
        JsonNode shownRoot = status.path("authority").get(0);
        assertThat(Instant.parse(shownRoot.path("notAfter").asText()))
                .isEqualTo(root.getNotAfter().toInstant());
        assertThat(shownRoot.path("subject").asText())
                .isEqualTo(root.getSubjectX500Principal().getName());
        assertThat(shownRoot.path("sha256").asText()).matches("[0-9a-f]{64}");

        JsonNode expiring = status.path("expiringProfiles");
        assertThat(expiring).hasSize(1);
        JsonNode shortLived = expiring.get(0);
        assertThat(shortLived.path("profileName").asText()).isEqualTo("short_lived");
        assertThat(shortLived.path("certificateState").asText()).isEqualTo("Issued");
        assertThat(shortLived.path("certificate").path("daysLeft").asLong()).isBetween(19L, 20L);
        assertThat(shortLived.path("profileVersionArn").asText())
                .endsWith("/short_lived/" + shortLived.path("profileVersion").asText());
        assertThat(status.path("advice").toString())
                .contains("profile short_lived: its certificate expires on")
                .contains("rotate it: signet profile rotate short_lived")
                .doesNotContain("long_lived")
                .doesNotContain("canceled_short")
                // a fresh CA is years from its end
                .doesNotContain("the root certificate")
                .doesNotContain("the issuing CA");

        String metrics = metrics();
        assertThat(metrics).contains("signet_profile_certificates_expiring 1.0");
        assertThat(gauge(metrics, "signet_ca_certificate_expiry_timestamp_seconds{certificate=\"root\"}"))
                .isEqualTo(root.getNotAfter().toInstant().getEpochSecond());
        assertThat(gauge(metrics, "signet_ca_certificate_expiry_timestamp_seconds{certificate=\"timestamping\"}"))
                .isEqualTo(server.assembly()
                        .timestampAuthority()
                        .chain()
                        .get(0)
                        .getNotAfter()
                        .toInstant()
                        .getEpochSecond());
    }

    @Test
    void theStatusNeedsSignedRequests() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(
                HttpRequest.newBuilder(server.endpoint().resolve("/v1/ca/status"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isNotEqualTo(200);
        assertThat(anonymous.body()).doesNotContain("expiringProfiles");
    }

    private static JsonNode status() throws Exception {
        return NativeCalls.ok(NativeCalls.get(server, "/v1/ca/status"));
    }

    /** The value of the sample {@code name} (with its labels) in the exposition {@code metrics}. */
    private static long gauge(String metrics, String name) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + " "))
                .map(l -> (long) Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + " in " + metrics));
    }

    private static String metrics() throws Exception {
        URI uri = server.endpoint().resolve("/metrics");
        return HTTP.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
