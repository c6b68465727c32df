package dev.signet.server.http.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.Subject;
import dev.signet.core.revocation.RevocationDataException;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.RevokedProfileVersion;
import dev.signet.core.revocation.RevokedSignature;
import dev.signet.core.revocation.SignedRevocationList;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.server.http.NativeCalls;
import dev.signet.server.http.RawRequests;
import dev.signet.server.testing.MutableClock;
import dev.signet.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.PutSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;

/**
 * {@code GET /v1/revocation-list} (public) and {@code GET /v1/trust-bundle} (authenticated) on a
 * real server whose service clock the test moves: the signed documents verify against the Signet
 * root and carry what was revoked through the Signer API.
 */
class TrustRoutesIntegrationTest {
    static final String CMS = "Signet-CMS-SHA256-ECDSA";
    static final byte[] DIGEST = new byte[32];

    static MutableClock clock;
    static TestServer server;
    static SignerClient signer;
    static String revokedSignatureId;
    static String revokedJobArn;
    static String revokedVersionArn;
    static Instant effective;

    @BeforeAll
    static void start() throws Exception {
        clock = MutableClock.ofNow();
        server = TestServer.start(clock);
        signer = server.signer();
        String name = "trust_" + UUID.randomUUID().toString().substring(0, 8);
        PutSigningProfileResponse profile =
                signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        SignPayloadResponse signed = signer.signPayload(b -> b.profileName(name)
                .payload(SdkBytes.fromByteArray(DIGEST))
                .payloadFormat("application/vnd.signet.digest+sha256"));
        signer.revokeSignature(b -> b.jobId(signed.jobId()).reason("bad build"));
        revokedSignatureId = SignatureFormats.forPlatform(CMS)
                .orElseThrow()
                .verify(
                        new Subject.Digest(HashAlgorithm.SHA256, DIGEST),
                        signed.signature().asByteArray())
                .signatureId()
                .orElseThrow();
        revokedJobArn = "arn:aws:signer:us-east-1:000000000000:/signing-jobs/" + signed.jobId();
        effective = clock.instant().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        signer.revokeSigningProfile(b -> b.profileName(name)
                .profileVersion(profile.profileVersion())
                .reason("key leaked")
                .effectiveTime(effective));
        revokedVersionArn = profile.profileVersionArn();
    }

    @AfterAll
    static void stop() {
        signer.close();
        server.close();
    }

    static HttpResponse<String> unsignedGet(String path) throws Exception {
        return RawRequests.send("GET", server.endpoint().resolve(path), Map.of(), new byte[0]);
    }

    static byte[] bytes(HttpResponse<String> response) {
        return response.body().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static void assertRevoked(RevocationList list) {
        assertThat(list.signatures())
                .contains(new RevokedSignature(
                        revokedSignatureId,
                        revokedJobArn,
                        list.signatures().stream()
                                .filter(s -> s.jobArn().equals(revokedJobArn))
                                .findFirst()
                                .orElseThrow()
                                .revokedAt()));
        assertThat(list.profileVersion(revokedVersionArn))
                .get()
                .extracting(RevokedProfileVersion::effectiveFrom)
                .isEqualTo(effective);
    }

    @Test
    void anyoneGetsTheSignedListIssuedAtTheServiceClocksNow() throws Exception {
        Instant now = Instant.parse("2030-01-01T00:00:00.250Z");
        clock.set(now);

        HttpResponse<String> response = unsignedGet("/v1/revocation-list");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/vnd.signet.revocation-list+jose"));
        RevocationList list = SignedRevocationList.verify(
                bytes(response), List.of(server.assembly().ca().root()));
        assertThat(list.issuedAt()).isEqualTo(now);
        assertThat(list.nextUpdate()).isEqualTo(now.plus(Duration.ofDays(7)));
        assertRevoked(list);
    }

    @Test
    void theListDoesNotVerifyUnderAnotherRoot() throws Exception {
        HttpResponse<String> response = unsignedGet("/v1/revocation-list");
        assertThatThrownBy(() -> SignedRevocationList.verify(
                        bytes(response),
                        List.of(server.assembly().timestampAuthority().chain().get(0))))
                .isInstanceOf(RevocationDataException.class)
                .hasMessageContaining("which does not chain to a trusted root");
    }

    @Test
    void anAuthenticatedCallerGetsTheSignedTrustBundle() throws Exception {
        HttpResponse<String> response = NativeCalls.get(server, "/v1/trust-bundle");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/vnd.signet.trust-bundle+jose"));
        TrustBundle bundle = TrustBundle.parse(bytes(response));
        assertThat(bundle.roots()).first().isEqualTo(server.assembly().ca().root());
        assertThat(bundle.timestampChain())
                .isEqualTo(server.assembly().timestampAuthority().chain());
        assertThat(bundle.createdAt()).isEqualTo(bundle.revocationList().issuedAt());
        assertRevoked(bundle.revocationList());
        assertThat(SignedRevocationList.verify(bundle.signedRevocationList(), bundle.roots()))
                .isEqualTo(bundle.revocationList());

        // one base64url character of the payload replaced by another: still a JWS, no longer the signed one
        byte[] tampered = bytes(response);
        int payload = indexOf(tampered, (byte) '.', 0) + 1;
        int at = (payload + indexOf(tampered, (byte) '.', payload)) / 2;
        tampered[at] = (byte) (tampered[at] == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> TrustBundle.parse(tampered))
                .isInstanceOf(RevocationDataException.class)
                .hasMessage("the trust bundle signature does not verify with its signer's key (changed?)");
    }

    @Test
    void theTrustBundleIsNotServedToAnonymousCallers() throws Exception {
        HttpResponse<String> response = unsignedGet("/v1/trust-bundle");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("x5c").contains("NotFoundException");
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no '" + (char) b + "' after " + from);
    }
}
