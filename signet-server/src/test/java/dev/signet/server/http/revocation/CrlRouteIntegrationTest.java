package dev.signet.server.http.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.format.notation.NotationJwsFormat;
import dev.signet.server.http.s3.S3Routes;
import dev.signet.server.http.signer.SignerRoutes;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * {@code GET /v1/ca/issuing.crl} on a server configured with a CRL URL: portable Notation profiles'
 * certificates name it, the CRL lists a revoked version's certificate with its effective time as
 * invalidity date, follows a move of that time, and is handed out unchanged while nothing changes.
 */
class CrlRouteIntegrationTest {
    static final URI CRL_URL = URI.create("http://signet.example:8080/v1/ca/issuing.crl");
    static final String PAYLOAD = "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"digest\":\"sha256:" + "0123456789abcdef".repeat(4) + "\",\"size\":1234}}";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static TestServer server;
    static SignerClient signer;

    @BeforeAll
    static void start() {
        server = TestServer.start(
                List.of(SignerRoutes::new, S3Routes::new), Clock.systemUTC(), c -> c.withCrlUrl(CRL_URL));
        signer = server.signer();
    }

    @AfterAll
    static void stop() {
        signer.close();
        server.close();
    }

    static List<X509Certificate> chain(String profile, Map<String, String> parameters) throws Exception {
        signer.putSigningProfile(b ->
                b.profileName(profile).platformId("Notation-OCI-SHA384-ECDSA").signingParameters(parameters));
        byte[] envelope = signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromUtf8String(PAYLOAD))
                        .payloadFormat("application/vnd.cncf.notary.payload.v1+json"))
                .signature()
                .asByteArray();
        return NotationJwsFormat.describe(envelope).chain();
    }

    static HttpResponse<byte[]> fetch() throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.endpoint().resolve("/v1/ca/issuing.crl"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static X509CRL crl(HttpResponse<byte[]> response, X509Certificate issuing) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/pkix-crl");
        X509CRL crl = (X509CRL)
                CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(response.body()));
        crl.verify(issuing.getPublicKey());
        return crl;
    }

    static BigInteger number(X509CRL crl) {
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(crl.getExtensionValue("2.5.29.20"))
                        .getOctets())
                .getValue();
    }

    static Instant invalidity(X509CRL crl, X509Certificate leaf) throws Exception {
        return ASN1GeneralizedTime.getInstance(ASN1OctetString.getInstance(
                                crl.getRevokedCertificate(leaf).getExtensionValue("2.5.29.24"))
                        .getOctets())
                .getDate()
                .toInstant();
    }

    @Test
    void onlyPortableProfilesNameTheConfiguredDistributionPoint() throws Exception {
        X509Certificate portable = chain("crl_portable_only", Map.of("signet:envelope", "portable"))
                .get(0);
        X509Certificate plugin = chain("crl_plugin_only", Map.of()).get(0);

        assertThat(portable.getExtensionValue("2.5.29.31")).isNotNull();
        assertThat(new String(portable.getExtensionValue("2.5.29.31"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains(CRL_URL.toString());
        assertThat(plugin.getExtensionValue("2.5.29.31")).isNull();
    }

    @Test
    void aRevokedVersionIsListedFromItsEffectiveTimeAndFollowsAMoveEarlier() throws Exception {
        List<X509Certificate> chain = chain("crl_revoked", Map.of("signet:envelope", "portable"));
        X509Certificate leaf = chain.get(0);
        X509Certificate issuing = chain.get(1);
        X509CRL before = crl(fetch(), issuing);
        assertThat(before.isRevoked(leaf)).isFalse();
        assertThat(before.getNextUpdate().toInstant())
                .isEqualTo(before.getThisUpdate().toInstant().plus(Duration.ofHours(24)));
        HttpResponse<byte[]> again = fetch();
        assertThat(again.body())
                .as("unchanged revocations: the same signed CRL")
                .isEqualTo(before.getEncoded());

        var profile = signer.getSigningProfile(b -> b.profileName("crl_revoked"));
        Instant effective = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        signer.revokeSigningProfile(b -> b.profileName("crl_revoked")
                .profileVersion(profile.profileVersion())
                .reason("key leaked")
                .effectiveTime(effective));

        X509CRL revoked = crl(fetch(), issuing);
        assertThat(revoked.isRevoked(leaf)).isTrue();
        assertThat(invalidity(revoked, leaf)).isEqualTo(effective);
        assertThat(number(revoked)).isGreaterThan(number(before));

        Instant earlier = effective.minus(Duration.ofDays(1));
        signer.revokeSigningProfile(b -> b.profileName("crl_revoked")
                .profileVersion(profile.profileVersion())
                .reason("earlier")
                .effectiveTime(earlier));
        X509CRL moved = crl(fetch(), issuing);
        assertThat(invalidity(moved, leaf)).isEqualTo(earlier);
        assertThat(number(moved)).isGreaterThan(number(revoked));
    }

    @Test
    void aRevokedSignatureIsNotACertificateRevocation() throws Exception {
        List<X509Certificate> chain = chain("crl_job", Map.of("signet:envelope", "portable"));
        var jobs = signer.listSigningJobs(b -> b.platformId("Notation-OCI-SHA384-ECDSA"))
                .jobs();
        String jobId = jobs.stream()
                .filter(j -> j.profileName().equals("crl_job"))
                .findFirst()
                .orElseThrow()
                .jobId();
        signer.revokeSignature(b -> b.jobId(jobId).reason("bad build"));

        assertThat(crl(fetch(), chain.get(1)).isRevoked(chain.get(0))).isFalse();
    }
}
