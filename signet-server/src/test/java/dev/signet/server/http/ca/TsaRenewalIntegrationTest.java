package dev.signet.server.http.ca;

import static dev.signet.server.http.NativeCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.core.ca.Pem;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.server.http.NativeCalls;
import dev.signet.server.testing.MutableClock;
import dev.signet.server.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/ca/renew} with {@code "kind":"tsa"} on the real server: the TSA's certificate
 * stays under the first issuing CA when that is renewed; a TSA renewal gives it a new key and a
 * certificate from the newest issuing CA; tokens from {@code POST /v1/timestamp} made before and
 * after pass {@code openssl ts -verify} against the root; the status, the trust bundle and a restart
 * show the new certificate; the status advises the renewal when the certificate nears its end.
 * The clock test runs last: it leaves a TSA certificate valid only from years ahead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TsaRenewalIntegrationTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    static Path dir;

    static MutableClock clock = MutableClock.ofNow();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Order(1)
    void theTsaRenewsUnderTheNewestIssuingCaAndOldTokensKeepVerifying() throws Exception {
        Path root = Files.writeString(
                dir.resolve("root.pem"), Pem.encode(server.assembly().ca().root()));
        X509Certificate firstTsa = tsaCertificate();
        X509Certificate firstIssuing = server.assembly().ca().issuing();
        timestamp("before");

        ok(renew("issuing"));
        assertThat(server.assembly().timestampAuthority().chain())
                .containsExactly(firstTsa, firstIssuing, server.assembly().ca().root());
        timestamp("after_issuing");
        assertThat(tokenSigner("after_issuing")).isEqualTo(firstTsa);

        JsonNode made = ok(renew("tsa"));
        assertThat(made.path("kind").asText()).isEqualTo("tsa");
        assertThat(made.has("issuing")).isFalse();
        assertThat(made.path("newRoots")).isEmpty();
        assertThat(made.path("timestamping").path("subject").asText()).contains("CN=Signet Timestamp Authority G2");
        List<X509Certificate> chain = Pem.decodeCertificates(
                made.path("timestamping").path("chainPem").asText());
        X509Certificate secondTsa = chain.get(0);
        assertThat(chain)
                .containsExactly(
                        secondTsa,
                        server.assembly().ca().issuing(),
                        server.assembly().ca().root());
        assertThat(secondTsa.getIssuerX500Principal().getName()).contains("CN=Signet Issuing CA G2");
        assertThat(secondTsa.getPublicKey()).isNotEqualTo(firstTsa.getPublicKey());
        assertThat(tsaCertificate()).isEqualTo(secondTsa);
        // the new key went where keys.new-ca-keys says: software by default
        assertThat(Files.readString(server.dataDir().resolve("tsa").resolve("tsa.properties")))
                .contains("backend=software")
                .contains("generation=2");
        assertThat(Files.exists(server.dataDir().resolve("tsa").resolve("tsa-2.pem")))
                .isTrue();

        timestamp("after_tsa");
        assertThat(tokenSigner("after_tsa")).isEqualTo(secondTsa);
        for (String name : List.of("before", "after_issuing", "after_tsa")) {
            Processes.Result verified = Openssl.run(
                    "ts",
                    "-verify",
                    "-in",
                    dir.resolve(name + ".tsr").toString(),
                    "-queryfile",
                    dir.resolve(name + ".tsq").toString(),
                    "-CAfile",
                    root.toString());
            assertThat(verified.exitCode())
                    .as(name + ": " + verified.output() + verified.error())
                    .isZero();
            assertThat(verified.output()).contains("Verification: OK");
        }

        // the status and the trust bundle show the new certificate
        JsonNode timestamping = authority(status(), "timestamping");
        assertThat(timestamping.path("subject").asText()).contains("CN=Signet Timestamp Authority G2");
        assertThat(timestamping.path("notAfter").asText())
                .isEqualTo(secondTsa.getNotAfter().toInstant().toString());
        TrustBundle bundle = TrustBundle.parse(
                NativeCalls.get(server, "/v1/trust-bundle").body().getBytes(StandardCharsets.ISO_8859_1));
        assertThat(bundle.timestampChain()).containsExactlyElementsOf(chain);

        // a restart opens generation 2
        server = server.restart();
        assertThat(tsaCertificate()).isEqualTo(secondTsa);
    }

    @Test
    @Order(3)
    void theStatusAdvisesARenewalNearTheEndAndARenewalClearsIt() throws Exception {
        X509Certificate current = tsaCertificate();
        // 200 days before the TSA certificate ends: within the year's window, the CA still far from its end
        clock.set(current.getNotAfter().toInstant().minus(Duration.ofDays(200)));
        try {
            JsonNode status = status();
            assertThat(authority(status, "timestamping").path("daysLeft").asLong())
                    .isBetween(199L, 200L);
            assertThat(status.path("advice").toString())
                    .contains("the time-stamping certificate expires on")
                    .contains("signet ca renew --tsa")
                    .doesNotContain("the issuing CA expires");
            ok(renew("tsa"));
            assertThat(status().path("advice").toString()).doesNotContain("time-stamping");
        } finally {
            clock.set(java.time.Instant.now());
        }
    }

    @Test
    @Order(2)
    void aBadKindOrAnAnonymousCallerRenewsNothing() throws Exception {
        X509Certificate before = tsaCertificate();
        HttpResponse<String> bad = renew("timestamp");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("kind must be issuing, root or tsa");
        HttpResponse<byte[]> anonymous = HTTP.send(
                HttpRequest.newBuilder(server.endpoint().resolve("/v1/ca/renew"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"tsa\"}"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(anonymous.statusCode()).isNotEqualTo(200);
        assertThat(tsaCertificate()).isEqualTo(before);
    }

    private static X509Certificate tsaCertificate() {
        return server.assembly().timestampAuthority().chain().get(0);
    }

    /** An openssl query {@code NAME.tsq} answered by {@code POST /v1/timestamp} into {@code NAME.tsr}. */
    private static void timestamp(String name) throws Exception {
        Path data = Files.writeString(dir.resolve(name + ".txt"), "time-stamped " + name);
        Path query = dir.resolve(name + ".tsq");
        Processes.Result q =
                Openssl.run("ts", "-query", "-data", data.toString(), "-sha256", "-cert", "-out", query.toString());
        assertThat(q.exitCode()).as(q.output() + q.error()).isZero();
        HttpResponse<byte[]> reply = HTTP.send(
                HttpRequest.newBuilder(server.endpoint().resolve("/v1/timestamp"))
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(query)))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        Files.write(dir.resolve(name + ".tsr"), reply.body());
    }

    private static X509Certificate tokenSigner(String name) throws Exception {
        TimeStampToken token =
                new TimeStampResponse(Files.readAllBytes(dir.resolve(name + ".tsr"))).getTimeStampToken();
        @SuppressWarnings("unchecked")
        X509CertificateHolder holder = (X509CertificateHolder)
                token.getCertificates().getMatches(token.getSID()).iterator().next();
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder);
    }

    private static JsonNode authority(JsonNode status, String role) {
        for (JsonNode c : status.path("authority")) {
            if (c.path("role").asText().equals(role)) {
                return c;
            }
        }
        throw new AssertionError("no " + role + " in " + status);
    }

    private static JsonNode status() throws Exception {
        return ok(NativeCalls.get(server, "/v1/ca/status"));
    }

    private static HttpResponse<String> renew(String kind) throws Exception {
        return NativeCalls.post(server, "/v1/ca/renew", Map.of("kind", kind));
    }
}
