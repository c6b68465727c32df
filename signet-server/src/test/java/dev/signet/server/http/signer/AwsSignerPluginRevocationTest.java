package dev.signet.server.http.signer;

import static dev.signet.server.http.signer.SignerTestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.testing.AwsSignerPlugin;
import dev.signet.core.testing.NotationPluginRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.signer.model.PutSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;

/**
 * Notation verifying a Signet signature with the AWS Signer plugin, against a real server: the
 * envelope comes from SignPayload (what the plugin's {@code generate-envelope} returns unchanged),
 * Notation's {@code verify-signature} request is built from it ({@link NotationPluginRequest}), the
 * plugin's checks run as its source has them ({@link AwsSignerPlugin}), and its GetRevocationStatus
 * call goes to the server exactly as its Go SDK client writes it with {@code
 * aws-signer-endpoint-url=http://signet.localhost:PORT} ({@link GoSdkRevocationRequest}: host {@code
 * data-signet.localhost:PORT}).
 */
class AwsSignerPluginRevocationTest {
    static final String NOTATION = "Notation-OCI-SHA384-ECDSA";
    static final String PAYLOAD = NotationSignPayloadIntegrationTest.PAYLOAD;
    static final List<String> BOTH = List.of(AwsSignerPlugin.TRUSTED_IDENTITY, AwsSignerPlugin.REVOCATION_CHECK);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static SignerTestServer server;
    static final List<String> sent = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Signed(
            String name, PutSigningProfileResponse profile, SignPayloadResponse job, NotationPluginRequest request) {
        String profileArn() {
            return profile.profileVersionArn()
                    .substring(0, profile.profileVersionArn().lastIndexOf('/'));
        }

        String jobArn() {
            return "arn:aws:signer:us-east-1:000000000000:/signing-jobs/" + job.jobId();
        }
    }

    static Signed sign(String prefix) throws Exception {
        String name = unique(prefix);
        PutSigningProfileResponse profile =
                server.signer.putSigningProfile(b -> b.profileName(name).platformId(NOTATION));
        SignPayloadResponse job = server.signer.signPayload(b -> b.profileName(name)
                .payload(SdkBytes.fromUtf8String(PAYLOAD))
                .payloadFormat("application/vnd.cncf.notary.payload.v1+json"));
        return new Signed(
                name, profile, job, NotationPluginRequest.of(job.signature().asByteArray()));
    }

    /** The plugin's GetRevocationStatus over the wire, as its Go client sends it. */
    static List<String> getRevocationStatus(AwsSignerPlugin.RevocationInput input) throws Exception {
        String host = "data-signet.localhost:" + server.server.endpoint().getPort();
        String request = GoSdkRevocationRequest.request(input, host, server.server.credentials(), Instant.now());
        synchronized (sent) {
            sent.add(request);
        }
        GoSdkRevocationRequest.Answer answer =
                GoSdkRevocationRequest.send(request, server.server.endpoint().getPort());
        if (answer.status() != 200) {
            throw new Exception("HTTP " + answer.status() + ": " + answer.body());
        }
        List<String> revoked = new ArrayList<>();
        JsonNode entities = JSON.readTree(answer.body()).path("revokedEntities");
        entities.forEach(e -> revoked.add(e.textValue()));
        return revoked;
    }

    static AwsSignerPlugin.Result revocationResult(Signed s) throws Exception {
        AwsSignerPlugin.Response response = AwsSignerPlugin.verify(
                s.request(), List.of(s.profileArn()), BOTH, AwsSignerPluginRevocationTest::getRevocationStatus);
        assertThat(response.verificationResults()
                        .get(AwsSignerPlugin.TRUSTED_IDENTITY)
                        .success())
                .isTrue();
        assertThat(response.processedAttributes()).containsAll(s.request().unprocessedAttributes());
        return response.verificationResults().get(AwsSignerPlugin.REVOCATION_CHECK);
    }

    @Test
    void aSignatureNobodyRevokedPassesTheRevocationCheck() throws Exception {
        Signed s = sign("clean");

        assertThat(revocationResult(s)).isEqualTo(new AwsSignerPlugin.Result(true, "Signature is not revoked."));
    }

    @Test
    void theRequestIsTheGoClientsToTheDataPrefixedHost() throws Exception {
        Signed s = sign("wire");
        revocationResult(s);

        String last;
        synchronized (sent) {
            last = sent.get(sent.size() - 1);
        }
        String line = last.substring(0, last.indexOf("\r\n"));
        List<String> hashes = AwsSignerPlugin.certificateHashes(s.request().certificateChain());
        String expectedQuery = "certificateHashes=" + hashes.get(0) + "&certificateHashes=" + hashes.get(1)
                + "&certificateHashes=" + hashes.get(2) + "&jobArn="
                + s.jobArn().replace(":", "%3A").replace("/", "%2F")
                + "&platformId=Notation-OCI-SHA384-ECDSA&profileVersionArn="
                + s.profile().profileVersionArn().replace(":", "%3A").replace("/", "%2F")
                + "&signatureTimestamp="
                + s.request().authenticSigningTime().orElseThrow().toString().replace(":", "%3A");
        assertThat(line).isEqualTo("GET /revocations?" + expectedQuery + " HTTP/1.1");
        assertThat(last)
                .contains("\r\nHost: data-signet.localhost:"
                        + server.server.endpoint().getPort() + "\r\n");
    }

    @Test
    void aRevokedJobIsReportedByItsArn() throws Exception {
        Signed s = sign("job");
        server.signer.revokeSignature(b -> b.jobId(s.job().jobId()).reason("compromised build"));

        assertThat(revocationResult(s))
                .isEqualTo(new AwsSignerPlugin.Result(false, "Resource(s) " + s.jobArn() + " have been revoked."));
    }

    @Test
    void aProfileVersionRevokedFromBeforeTheSignatureReportsTheVersionAndItsCertificate() throws Exception {
        Signed s = sign("version");
        Instant signedAt = s.request().authenticSigningTime().orElseThrow();
        server.signer.revokeSigningProfile(b -> b.profileName(s.name())
                .profileVersion(s.profile().profileVersion())
                .reason("key leaked")
                .effectiveTime(signedAt.minus(Duration.ofMinutes(1))));

        AwsSignerPlugin.Result result = revocationResult(s);

        assertThat(result)
                .isEqualTo(new AwsSignerPlugin.Result(
                        false,
                        "Resource(s) " + s.profile().profileVersionArn()
                                + " have been revoked.Certificate(s) have been revoked."));
        // what the server named: the version ARN and the leaf's identifier, exactly as sent
        List<String> hashes = AwsSignerPlugin.certificateHashes(s.request().certificateChain());
        assertThat(getRevocationStatus(input(s, hashes)))
                .containsExactlyInAnyOrder(s.profile().profileVersionArn(), hashes.get(0));
    }

    @Test
    void aProfileVersionRevokedOnlyFromAfterTheSignatureLeavesItValid() throws Exception {
        Signed s = sign("later");
        Instant signedAt = s.request().authenticSigningTime().orElseThrow();
        // RevokeSigningProfile refuses a future effective time: wait (bounded) until one second after signing
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Instant.now().isBefore(signedAt.plusSeconds(1)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Instant after = signedAt.plusSeconds(1);
        server.signer.revokeSigningProfile(b -> b.profileName(s.name())
                .profileVersion(s.profile().profileVersion())
                .reason("retired")
                .effectiveTime(after));

        assertThat(revocationResult(s)).isEqualTo(new AwsSignerPlugin.Result(true, "Signature is not revoked."));
    }

    @Test
    void certificateIdentifiersMatchInEitherCaseAndAreReportedAsSent() throws Exception {
        Signed s = sign("case");
        Instant signedAt = s.request().authenticSigningTime().orElseThrow();
        server.signer.revokeSigningProfile(b -> b.profileName(s.name())
                .profileVersion(s.profile().profileVersion())
                .reason("key leaked")
                .effectiveTime(signedAt.minus(Duration.ofMinutes(1))));
        List<String> hashes = AwsSignerPlugin.certificateHashes(s.request().certificateChain());
        String upper = hashes.get(0).toUpperCase(Locale.ROOT);
        String mixed =
                hashes.get(0).substring(0, 96) + hashes.get(0).substring(96).toUpperCase(Locale.ROOT);

        assertThat(getRevocationStatus(input(s, List.of(upper, hashes.get(1), hashes.get(2)))))
                .containsExactlyInAnyOrder(s.profile().profileVersionArn(), upper);
        assertThat(getRevocationStatus(input(s, List.of(mixed))))
                .containsExactlyInAnyOrder(s.profile().profileVersionArn(), mixed);
        // the CA certificates' identifiers are shared by every profile and never reported
        assertThat(getRevocationStatus(input(s, List.of(hashes.get(1), hashes.get(2)))))
                .containsExactly(s.profile().profileVersionArn());
    }

    static AwsSignerPlugin.RevocationInput input(Signed s, List<String> hashes) {
        return new AwsSignerPlugin.RevocationInput(
                hashes,
                s.jobArn(),
                AwsSignerPlugin.PLATFORM,
                s.profile().profileVersionArn(),
                s.request().authenticSigningTime().orElseThrow());
    }
}
