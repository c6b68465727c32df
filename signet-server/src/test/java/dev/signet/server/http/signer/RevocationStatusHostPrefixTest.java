package dev.signet.server.http.signer;

import static dev.signet.server.http.signer.SignerTestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.PutSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * {@code SignerClient.getRevocationStatus} against a real server, with the SDK's host prefix
 * injection disabled and enabled. Enabled, SDK 2.40.2 sends to {@code verification.<endpoint host>}
 * (its endpoint rules; the API model's own prefix is {@code data-}, covered by the raw-request test
 * in SignerRevocationIntegrationTest). An Apache HTTP client whose DNS resolver maps only {@code
 * data-*}, {@code verification.*} and {@code localhost} to 127.0.0.1 (and refuses every other
 * name) carries the requests there, so no real DNS is asked. The second enabled client's endpoint is
 * itself a {@code data-} host.
 */
class RevocationStatusHostPrefixTest {
    static final String CMS = "Signet-CMS-SHA256-ECDSA";

    @TempDir
    static Path dir;

    static SignerTestServer server;
    static final Set<String> resolved = ConcurrentHashMap.newKeySet();
    static SignerClient prefixed;
    static SignerClient prefixedData;
    static SignerClient unprefixed;

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
        int port = server.server.endpoint().getPort();
        prefixed = prefixedClient(URI.create("http://localhost:" + port));
        prefixedData = prefixedClient(URI.create("http://data-localhost:" + port));
        unprefixed = server.server.signer(b -> b.overrideConfiguration(
                o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)));
    }

    @AfterAll
    static void stop() {
        Stream.of(prefixed, prefixedData, unprefixed).forEach(SignerClient::close);
        server.close();
    }

    /** Host prefix injection on (the SDK's default), through the loopback-only resolver. */
    static SignerClient prefixedClient(URI endpoint) {
        return server.server.signer(b -> b.endpointOverride(endpoint)
                .httpClient(ApacheHttpClient.builder()
                        .dnsResolver(RevocationStatusHostPrefixTest::loopbackOnly)
                        .build()));
    }

    static InetAddress[] loopbackOnly(String host) throws UnknownHostException {
        String name = host.toLowerCase(Locale.ROOT);
        if (!name.equals("localhost") && !name.startsWith("data-") && !name.startsWith("verification.")) {
            throw new UnknownHostException(host + " (tests resolve only loopback names)");
        }
        resolved.add(name);
        return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
    }

    static Stream<Named<SignerClient>> clients() {
        return Stream.of(
                Named.of("prefix injection disabled", unprefixed),
                Named.of("prefix injection enabled, endpoint localhost", prefixed),
                Named.of("prefix injection enabled, endpoint data-localhost", prefixedData));
    }

    static SignPayloadResponse sign(String profile) {
        return server.signer.signPayload(b -> b.profileName(profile)
                .payload(SdkBytes.fromByteArray(new byte[32]))
                .payloadFormat("application/vnd.signet.digest+sha256"));
    }

    static String jobArn(String jobId) {
        return "arn:aws:signer:us-east-1:000000000000:/signing-jobs/" + jobId;
    }

    static List<String> status(SignerClient client, String versionArn, String jobId, Instant at, String... hashes) {
        return client.getRevocationStatus(b -> b.signatureTimestamp(at)
                        .platformId(CMS)
                        .profileVersionArn(versionArn)
                        .jobArn(jobArn(jobId))
                        .certificateHashes(hashes))
                .revokedEntities();
    }

    @ParameterizedTest
    @MethodSource("clients")
    void nothingRevokedReportsNothing(SignerClient client) throws Exception {
        String name = unique("clean");
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        SignPayloadResponse signed = sign(name);
        String leaf =
                SignerRevocationIntegrationTest.leafHash(signed.signature().asByteArray());

        assertThat(status(client, profile.profileVersionArn(), signed.jobId(), Instant.now(), leaf))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("clients")
    void aRevokedJobIsReportedByItsArn(SignerClient client) {
        String name = unique("job");
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        SignPayloadResponse kept = sign(name);
        SignPayloadResponse revoked = sign(name);
        server.signer.revokeSignature(b -> b.jobId(revoked.jobId()).reason("compromised build"));

        assertThat(status(client, profile.profileVersionArn(), revoked.jobId(), Instant.now(), "00"))
                .containsExactly(jobArn(revoked.jobId()));
        assertThat(status(client, profile.profileVersionArn(), kept.jobId(), Instant.now(), "00"))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("clients")
    void aRevokedProfileVersionIsReportedForSignaturesFromItsEffectiveTime(SignerClient client) throws Exception {
        String name = unique("version");
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        SignPayloadResponse signed = sign(name);
        String leaf =
                SignerRevocationIntegrationTest.leafHash(signed.signature().asByteArray());
        Instant effective = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        server.signer.revokeSigningProfile(b -> b.profileName(name)
                .profileVersion(profile.profileVersion())
                .reason("key leaked")
                .effectiveTime(effective));

        assertThat(status(client, profile.profileVersionArn(), signed.jobId(), effective.plusSeconds(1), leaf, "ff"))
                .containsExactlyInAnyOrder(profile.profileVersionArn(), leaf);
        assertThat(status(client, profile.profileVersionArn(), signed.jobId(), effective, leaf))
                .containsExactlyInAnyOrder(profile.profileVersionArn(), leaf);
        assertThat(status(client, profile.profileVersionArn(), signed.jobId(), effective.minusSeconds(1), leaf))
                .isEmpty();
    }

    @Test
    void theEnabledClientsReallySentToThePrefixedHosts() {
        String name = unique("probe");
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        SignPayloadResponse signed = sign(name);
        status(prefixed, profile.profileVersionArn(), signed.jobId(), Instant.now(), "00");
        status(prefixedData, profile.profileVersionArn(), signed.jobId(), Instant.now(), "00");

        assertThat(resolved).contains("verification.localhost", "verification.data-localhost");
        assertThat(resolved).doesNotContain("localhost", "data-localhost");
    }

    @Test
    void movingTheEffectiveTimeEarlierChangesTheAnswerAndMovingItLaterIsRefused() {
        String name = unique("move");
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        SignPayloadResponse signed = sign(name);
        Instant first = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        Instant signedAt = first.minus(Duration.ofMinutes(30));
        Instant earlier = first.minus(Duration.ofHours(1));
        server.signer.revokeSigningProfile(b -> b.profileName(name)
                .profileVersion(profile.profileVersion())
                .reason("key leaked")
                .effectiveTime(first));
        assertThat(status(prefixed, profile.profileVersionArn(), signed.jobId(), signedAt, "00"))
                .isEmpty();

        server.signer.revokeSigningProfile(b -> b.profileName(name)
                .profileVersion(profile.profileVersion())
                .reason("worse than we thought")
                .effectiveTime(earlier));

        assertThat(status(prefixed, profile.profileVersionArn(), signed.jobId(), signedAt, "00"))
                .containsExactly(profile.profileVersionArn());
        var record = server.signer.getSigningProfile(b -> b.profileName(name)).revocationRecord();
        assertThat(record.revocationEffectiveFrom()).isEqualTo(earlier);

        for (Instant refused : List.of(earlier, first)) {
            assertThatThrownBy(() -> server.signer.revokeSigningProfile(b -> b.profileName(name)
                            .profileVersion(profile.profileVersion())
                            .reason("later")
                            .effectiveTime(refused)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("already revoked effective " + earlier)
                    .hasMessageContaining("can only move earlier");
        }
        assertThat(server.signer
                        .getSigningProfile(b -> b.profileName(name))
                        .revocationRecord()
                        .revocationEffectiveFrom())
                .isEqualTo(earlier);
        assertThat(status(unprefixed, profile.profileVersionArn(), signed.jobId(), signedAt, "00"))
                .containsExactly(profile.profileVersionArn());
    }
}
