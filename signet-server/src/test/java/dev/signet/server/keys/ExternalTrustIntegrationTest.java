package dev.signet.server.keys;

import static dev.signet.server.http.NativeCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.format.Subject;
import dev.signet.core.format.cms.CmsDetachedFormat;
import dev.signet.core.format.cms.CmsSignatureBuilder;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.core.verify.DeployGate;
import dev.signet.core.verify.ReasonCode;
import dev.signet.server.http.NativeCalls;
import dev.signet.server.http.verify.OnlineGate;
import dev.signet.server.http.verify.Outcome;
import dev.signet.server.http.verify.Sample;
import dev.signet.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * The online deploy gate ({@code POST /v1/verify}) and the trust bundle (the offline gate) trust an
 * outside CA's chain installed on a profile version as they trust imported material: its root
 * vouches for that version's certificate alone, which signs for that version alone; a certificate
 * of another key issued by the same CA fails CHAIN and PUBLISHER; revoking the version is seen by
 * both gates. A test CA plays the public CA; CMS (a detached signature over a digest) and JAR (an
 * embedded signature, uploaded whole).
 */
class ExternalTrustIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestServer server;
    static SignerClient signer;
    static S3Client s3;
    static TestPublicCa ca;
    static OnlineGate online;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        signer = server.signer();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("sources"));
        s3.putBucketVersioning(
                b -> b.bucket("sources").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket("signed"));
        ca = new TestPublicCa("Trusted");
        online = new OnlineGate(server);
    }

    @AfterAll
    static void stop() {
        signer.close();
        s3.close();
        server.close();
    }

    @Test
    void bothGatesTrustTheExternalChainForItsVersionOnlyAndSeeItsRevocation() throws Exception {
        String version = activate("ext_cms", "Signet-CMS-SHA256-ECDSA");
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, "external cms".getBytes(StandardCharsets.UTF_8));
        byte[] signature = sign("ext_cms", digest);
        Sample signed = new Sample(new Subject.Digest(HashAlgorithm.SHA256, digest), signature);
        JsonNode policy = policy(version);

        Outcome allowed = online.decideInline(signed, policy);
        assertThat(allowed.allowed()).as(allowed.toString()).isTrue();
        assertThat(allowed.failedChecks()).isEmpty();
        assertThat(allowed.checks()).contains("CHAIN=OK", "PUBLISHER=OK");
        assertThat(offline(signed, policy)).isEqualTo(allowed);

        // the same CA certifies a key Signet never held: its root vouches for no other certificate
        Sample foreign = new Sample(new Subject.Digest(HashAlgorithm.SHA256, digest), foreignSignature(digest));
        Outcome refused = online.decideInline(foreign, policy);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.checks()).contains("CHAIN=UNTRUSTED_CHAIN", "PUBLISHER=UNTRUSTED_PUBLISHER");
        assertThat(offline(foreign, policy)).isEqualTo(refused);

        signer.revokeSigningProfile(b -> b.profileName("ext_cms")
                .profileVersion(version.substring(version.lastIndexOf('/') + 1))
                .effectiveTime(Instant.now().minus(Duration.ofMinutes(1)))
                .reason("key compromise"));
        Outcome revoked = online.decideInline(signed, policy);
        assertThat(revoked.allowed()).isFalse();
        assertThat(revoked.failedReasons()).containsExactly(ReasonCode.PROFILE_REVOKED);
        assertThat(offline(signed, policy)).isEqualTo(revoked);
    }

    @Test
    void anEmbeddedJarSignatureUnderAnExternalCertificatePassesBothGates() throws Exception {
        String version = activate("ext_jar", "Signet-JAR-SHA256-ECDSA");
        Path jar = Pkcs11AllPlatformsIntegrationTest.jar(dir.resolve("ext.jar"));
        Path signed = Pkcs11AllPlatformsIntegrationTest.awaitSigned(
                signer, s3, Pkcs11AllPlatformsIntegrationTest.startJob(signer, s3, "ext_jar", jar), dir);
        Sample sample = new Sample(new Subject.File(signed), new byte[0]);

        Outcome allowed = online.decideInline(sample, policy(version));
        assertThat(allowed.allowed()).as(allowed.toString()).isTrue();
        assertThat(allowed.checks()).contains("CHAIN=OK", "PUBLISHER=OK");
        assertThat(offline(sample, policy(version))).isEqualTo(allowed);

        // another profile's version is not this certificate's publisher
        Outcome otherPublisher = online.decideInline(sample, policy(version.replace("/ext_jar/", "/ext_cms/")));
        assertThat(otherPublisher.failedReasons()).containsExactly(ReasonCode.UNTRUSTED_PUBLISHER);
    }

    /** A renewed certificate is a new version: each signature is the publisher of its own version. */
    @Test
    void signaturesBeforeAndAfterARenewalAreTheirOwnVersionsPublishers() throws Exception {
        String first = activate("ext_renew", "Signet-CMS-SHA256-ECDSA");
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, "renewal".getBytes(StandardCharsets.UTF_8));
        Sample before = new Sample(new Subject.Digest(HashAlgorithm.SHA256, digest), sign("ext_renew", digest));
        PublicKey key = TestPublicCa.csrKey(ok(send("/v1/profiles/csr", Map.of("profileName", "ext_renew")))
                .get("csr")
                .asText());
        String renewedChain = ca.chainPem(ca.leaf(
                key,
                "CN=ext_renew",
                new TestPublicCa.Leaf(
                        KeyPurposeId.id_kp_codeSigning,
                        KeyUsage.digitalSignature,
                        Instant.now().minus(Duration.ofHours(2)),
                        Instant.now().plus(Duration.ofDays(400)))));
        String second = ok(send(
                        "/v1/profiles/certificate",
                        Map.of("profileName", "ext_renew", "certificateChain", renewedChain)))
                .get("profileVersionArn")
                .asText();
        assertThat(second).isNotEqualTo(first);
        Sample after = new Sample(new Subject.Digest(HashAlgorithm.SHA256, digest), sign("ext_renew", digest));

        for (Sample sample : List.of(before, after)) {
            boolean old = sample == before;
            Outcome onlyFirst = online.decideInline(sample, policy(first));
            assertThat(onlyFirst.allowed()).as(onlyFirst.toString()).isEqualTo(old);
            assertThat(offline(sample, policy(first))).isEqualTo(onlyFirst);
            Outcome onlySecond = online.decideInline(sample, policy(second));
            assertThat(onlySecond.allowed()).as(onlySecond.toString()).isEqualTo(!old);
            assertThat(onlySecond.failedReasons()).isEqualTo(old ? Set.of(ReasonCode.UNTRUSTED_PUBLISHER) : Set.of());
        }
    }

    /** The trust bundle's decision, as {@code signet verify --trust-bundle} makes it. */
    private static Outcome offline(Sample sample, JsonNode policy) throws Exception {
        HttpResponse<String> response = NativeCalls.get(server, "/v1/trust-bundle");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        TrustBundle bundle = TrustBundle.parse(response.body().getBytes(StandardCharsets.UTF_8));
        DeployGate gate = DeployGate.fromTrustBundle(
                bundle, CodeSigningPolicy.parseJson(JSON.writeValueAsBytes(policy)), Clock.systemUTC());
        return Outcome.of(gate.decide(sample.subject(), sample.signature()));
    }

    private static JsonNode policy(String profileVersionArn) {
        ObjectNode policy = JSON.createObjectNode();
        policy.putObject("AllowedPublishers")
                .putArray("SigningProfileVersionArns")
                .add(profileVersionArn);
        policy.putObject("CodeSigningPolicies").put("UntrustedArtifactOnDeployment", "Enforce");
        return policy;
    }

    private static byte[] sign(String profile, byte[] digest) {
        return signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat("application/vnd.signet.digest+sha256"))
                .signature()
                .asByteArray();
    }

    /** A CMS signature by a key outside Signet whose certificate the same test CA issued. */
    private static byte[] foreignSignature(byte[] digest) throws Exception {
        SoftwareKeyBackend keys =
                new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("foreign.key")), dir.resolve("foreign-keys"));
        KeyHandle key = keys.generate(KeyAlgorithm.ECDSA_P256);
        X509Certificate leaf =
                ca.leaf(keys.publicKey(key), "CN=Impostor,O=Example Ltd", TestPublicCa.Leaf.codeSigning(Instant.now()));
        SigningKey signingKey = new SigningKey(keys, key, List.of(leaf, ca.intermediate, ca.root));
        return CmsSignatureBuilder.build(
                        CmsDetachedFormat.ID, signingKey, HashAlgorithm.SHA256, digest, Instant.now(), Optional.empty())
                .der();
    }

    /** A profile made with an external certificate, made Active; its version ARN. */
    private static String activate(String name, String platform) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profileName", name);
        body.put("platformId", platform);
        body.put("externalCertificate", true);
        ok(send("/v1/profiles", body));
        String csr = ok(send("/v1/profiles/csr", Map.of("profileName", name)))
                .get("csr")
                .asText();
        PublicKey key = TestPublicCa.csrKey(csr);
        String chain = ca.chainPem(ca.leaf(key, "CN=" + name, TestPublicCa.Leaf.codeSigning(Instant.now())));
        JsonNode installed =
                ok(send("/v1/profiles/certificate", Map.of("profileName", name, "certificateChain", chain)));
        assertThat(installed.get("certificateState").asText()).isEqualTo("External");
        String arn = signer.getSigningProfile(b -> b.profileName(name)).profileVersionArn();
        assertThat(arn).contains("/signing-profiles/" + name + "/");
        return arn;
    }

    private static HttpResponse<String> send(String path, Map<String, ?> body) throws Exception {
        return NativeCalls.post(server, path, body);
    }
}
