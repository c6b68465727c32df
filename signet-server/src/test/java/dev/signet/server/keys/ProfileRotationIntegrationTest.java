package dev.signet.server.keys;

import static dev.signet.server.http.NativeCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.testing.Processes;
import dev.signet.server.http.NativeCalls;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.store.signer.JdbiProfileRepository;
import dev.signet.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.GetSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.SigningProfileStatus;

/**
 * {@code POST /v1/profiles/rotate} on the real server: a new version with a new key and certificate
 * signs from then on, the replaced version's signatures keep verifying and can be revoked on their
 * own, and what cannot rotate is refused naming why.
 */
class ProfileRotationIntegrationTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static SignerClient signer;
    static Path artifact;
    static Path signetRoot;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        signer = server.signer();
        artifact = Files.writeString(dir.resolve("artifact.txt"), "release 1.2.3\n".repeat(100));
        signetRoot = server.dataDir().resolve("ca").resolve("root.pem");
    }

    @AfterAll
    static void stop() {
        signer.close();
        server.close();
    }

    @Test
    void aRotatedProfileSignsWithANewKeyAndItsOldSignaturesKeepVerifying() throws Exception {
        put("rotating");
        GetSigningProfileResponse before = signer.getSigningProfile(b -> b.profileName("rotating"));
        byte[] old = sign("rotating");

        JsonNode rotated = ok(rotate(Map.of("profileName", "rotating")));
        assertThat(rotated.get("profileVersion").asText())
                .matches("[A-Za-z0-9]{10}")
                .isNotEqualTo(before.profileVersion());
        assertThat(rotated.get("status").asText()).isEqualTo("Active");
        assertThat(rotated.get("certificateState").asText()).isEqualTo("Issued");
        GetSigningProfileResponse after = signer.getSigningProfile(b -> b.profileName("rotating"));
        assertThat(after.profileVersion())
                .isEqualTo(rotated.get("profileVersion").asText());
        assertThat(after.profileVersionArn()).endsWith("/rotating/" + after.profileVersion());
        assertThat(after.status()).isEqualTo(SigningProfileStatus.ACTIVE);

        byte[] fresh = sign("rotating");
        assertThat(signerKey(fresh)).isNotEqualTo(signerKey(old));
        for (byte[] signature : new byte[][] {old, fresh}) {
            Processes.Result verified = OpensslCms.verify(artifact, signature, signetRoot);
            assertThat(verified.ok()).as(verified.output()).isTrue();
        }
        assertThat(signer.listSigningJobs(b -> b.maxResults(25)).jobs())
                .filteredOn(j -> j.profileName().equals("rotating"))
                .extracting(j -> j.profileVersion())
                .containsExactlyInAnyOrder(before.profileVersion(), after.profileVersion());

        // revoking the replaced version leaves the profile signing with the new one
        signer.revokeSigningProfile(b -> b.profileName("rotating")
                .profileVersion(before.profileVersion())
                .effectiveTime(Instant.now())
                .reason("rotated"));
        assertThat(signer.getSigningProfile(b -> b.profileName("rotating")).status())
                .isEqualTo(SigningProfileStatus.ACTIVE);
        assertThat(OpensslCms.verify(artifact, sign("rotating"), signetRoot).ok())
                .isTrue();
    }

    /**
     * Another node rotated the profile while this node had the old version cached: the signature
     * made with the old version is dropped at the record and the request is signed again with the
     * new one.
     */
    @Test
    void aSignatureOfAVersionRotatedElsewhereIsMadeAgainWithTheNewVersion() throws Exception {
        put("rotated_elsewhere");
        sign("rotated_elsewhere");
        JdbiProfileRepository repository =
                new JdbiProfileRepository(server.assembly().database());
        String account = signer.getSigningProfile(b -> b.profileName("rotated_elsewhere"))
                .arn()
                .split(":")[4];
        SigningProfile cached = repository.find(account, "rotated_elsewhere").orElseThrow();
        SigningProfile other = new SigningProfile(
                cached.ownerAccount(),
                cached.name(),
                "Elsewhere1",
                cached.platformId(),
                cached.platformDisplayName(),
                cached.certificateArn(),
                cached.key(),
                cached.certificateChainPem(),
                cached.certificateState(),
                cached.validity(),
                cached.overrides(),
                cached.signingParameters(),
                cached.tags(),
                cached.status(),
                cached.statusReason(),
                cached.createdAt());
        assertThat(repository.addVersion(other, cached.version(), Instant.now()))
                .isTrue();

        sign("rotated_elsewhere");
        assertThat(signer.listSigningJobs(b -> b.maxResults(25)).jobs())
                .filteredOn(j -> j.profileName().equals("rotated_elsewhere"))
                .extracting(j -> j.profileVersion())
                .containsExactlyInAnyOrder(cached.version(), "Elsewhere1");
    }

    @Test
    void whatCannotRotateIsRefusedNamingWhy() throws Exception {
        HttpResponse<String> unknown = rotate(Map.of("profileName", "no_such_profile"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("signing profile no_such_profile does not exist");

        put("canceled_one");
        signer.cancelSigningProfile(b -> b.profileName("canceled_one"));
        HttpResponse<String> canceled = rotate(Map.of("profileName", "canceled_one"));
        assertThat(canceled.statusCode()).isEqualTo(400);
        assertThat(canceled.body()).contains("signing profile canceled_one is Canceled and cannot be rotated");

        ok(send(
                "/v1/profiles",
                Map.of(
                        "profileName",
                        "outside_ca",
                        "platformId",
                        "Signet-CMS-SHA256-ECDSA",
                        "externalCertificate",
                        true)));
        HttpResponse<String> external = rotate(Map.of("profileName", "outside_ca"));
        assertThat(external.statusCode()).isEqualTo(400);
        assertThat(external.body()).contains("is waiting for the certificate of its first key");

        put("bad_backend");
        String version =
                signer.getSigningProfile(b -> b.profileName("bad_backend")).profileVersion();
        HttpResponse<String> backend = rotate(Map.of("profileName", "bad_backend", "keyBackend", "nowhere"));
        assertThat(backend.statusCode()).isEqualTo(400);
        assertThat(backend.body()).contains("nowhere");
        assertThat(signer.getSigningProfile(b -> b.profileName("bad_backend")).profileVersion())
                .as("a refused rotation changes nothing")
                .isEqualTo(version);

        HttpResponse<String> extra = rotate(Map.of("profileName", "bad_backend", "force", "yes"));
        assertThat(extra.statusCode()).isEqualTo(400);
        assertThat(extra.body()).contains("unknown member force");
    }

    private static void put(String name) {
        signer.putSigningProfile(b -> b.profileName(name).platformId("Signet-CMS-SHA256-ECDSA"));
    }

    private static byte[] sign(String profile) throws Exception {
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);
        return signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat("application/vnd.signet.digest+sha256"))
                .signature()
                .asByteArray();
    }

    /** The public key of the certificate that signed {@code signature}. */
    private static SubjectPublicKeyInfo signerKey(byte[] signature) throws Exception {
        CMSSignedData cms = new CMSSignedData(signature);
        SignerInformation info = cms.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        X509CertificateHolder certificate = (X509CertificateHolder)
                cms.getCertificates().getMatches(info.getSID()).iterator().next();
        return certificate.getSubjectPublicKeyInfo();
    }

    private static HttpResponse<String> rotate(Map<String, ?> body) throws Exception {
        return send("/v1/profiles/rotate", body);
    }

    private static HttpResponse<String> send(String path, Map<String, ?> body) throws Exception {
        return NativeCalls.post(server, path, body);
    }
}
