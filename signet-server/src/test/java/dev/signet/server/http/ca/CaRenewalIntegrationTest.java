package dev.signet.server.http.ca;

import static dev.signet.server.http.NativeCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.Subject;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.core.testing.Processes;
import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.core.verify.Decision;
import dev.signet.core.verify.DeployGate;
import dev.signet.core.verify.UntrustedArtifactAction;
import dev.signet.server.http.NativeCalls;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * {@code POST /v1/ca/renew} on the real server: a CMS signature made before the renewals, after an
 * issuing-CA renewal and after a root renewal each verify with openssl (against the old root, and
 * the last also against the new root alone, the first against the new root with the reverse cross
 * certificate of {@code GET /v1/ca/cross.pem}) and with the offline deploy gate over the trust bundle;
 * each issuing CA serves its CRL; the status shows every generation; a restart opens the renewed CA.
 */
class CaRenewalIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    static Path dir;

    static TestServer server;
    static SignerClient signer;
    static Path artifact;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        signer = server.signer();
        artifact = Files.writeString(dir.resolve("artifact.txt"), "release 2.0.0\n".repeat(100));
    }

    @AfterAll
    static void stop() {
        signer.close();
        server.close();
    }

    @Test
    void signaturesBeforeAndAfterEachRenewalVerifyWithOpensslAndTheOfflineGate() throws Exception {
        Path oldRoot = Files.writeString(
                dir.resolve("old-root.pem"), Pem.encode(server.assembly().ca().root()));
        Map<String, byte[]> signatures = new LinkedHashMap<>();
        signatures.put("before", putAndSign("before"));

        JsonNode issuing = ok(renew("issuing"));
        assertThat(issuing.path("issuing").path("generation").asInt()).isEqualTo(2);
        assertThat(issuing.path("issuing").path("subject").asText()).contains("CN=Signet Issuing CA G2");
        assertThat(issuing.path("newRoots")).isEmpty();
        signatures.put("after_issuing", putAndSign("after_issuing"));
        assertThat(signerIssuer(signatures.get("after_issuing"))).contains("CN=Signet Issuing CA G2");
        // the profile made before keeps its certificate from the first issuing CA
        assertThat(signerIssuer(putAndSignAgain("before"))).contains("CN=Signet Issuing CA,");

        JsonNode root = ok(renew("root"));
        assertThat(root.path("issuing").path("generation").asInt()).isEqualTo(3);
        assertThat(root.path("newRoots")).hasSize(1);
        Path newRoot = Files.writeString(
                dir.resolve("new-root.pem"),
                root.path("newRoots").get(0).path("pem").asText());
        signatures.put("after_root", putAndSign("after_root"));
        assertThat(signerIssuer(signatures.get("after_root"))).contains("CN=Signet Issuing CA G3");

        for (Map.Entry<String, byte[]> s : signatures.entrySet()) {
            Processes.Result verified = OpensslCms.verify(artifact, s.getValue(), oldRoot);
            assertThat(verified.ok()).as(s.getKey() + ": " + verified.output()).isTrue();
        }
        Processes.Result underNewRoot = OpensslCms.verify(artifact, signatures.get("after_root"), newRoot);
        assertThat(underNewRoot.ok()).as(underNewRoot.output()).isTrue();
        Processes.Result oldUnderNewRoot = OpensslCms.verify(artifact, signatures.get("before"), newRoot);
        assertThat(oldUnderNewRoot.ok())
                .as("a chain of the old root does not verify under the new root alone")
                .isFalse();
        // ... but does with the reverse cross certificate from GET /v1/ca/cross.pem as an intermediate
        HttpResponse<byte[]> crossPem = get("/v1/ca/cross.pem");
        assertThat(crossPem.statusCode()).isEqualTo(200);
        List<X509Certificate> cross =
                Pem.decodeCertificates(new String(crossPem.body(), java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(cross).containsExactlyElementsOf(server.assembly().ca().crossCertificates());
        assertThat(cross).hasSize(2);
        assertThat(cross.get(1).getSubjectX500Principal())
                .isEqualTo(server.assembly().ca().root().getSubjectX500Principal());
        // the leaf and issuing CA the old signature carries; openssl verify and PKIX trusting only the new root
        List<X509Certificate> carried = carried(signatures.get("before"));
        X509Certificate oldLeaf = carried.get(0);
        X509Certificate oldIssuing = server.assembly().ca().issuingCas().get(0).certificate();
        assertThat(carried).contains(oldIssuing);
        Path leafPem = Files.writeString(dir.resolve("old-leaf.pem"), Pem.encode(oldLeaf));
        Path untrusted = Files.writeString(
                dir.resolve("old-untrusted.pem"),
                Pem.encode(oldIssuing) + new String(crossPem.body(), java.nio.charset.StandardCharsets.US_ASCII));
        Processes.Result viaReverse = dev.signet.core.testing.Openssl.run(
                "verify", "-CAfile", newRoot.toString(), "-untrusted", untrusted.toString(), leafPem.toString());
        assertThat(viaReverse.ok()).as(viaReverse.output() + viaReverse.error()).isTrue();
        Path withoutCross = Files.writeString(dir.resolve("old-issuing.pem"), Pem.encode(oldIssuing));
        assertThat(dev.signet.core.testing.Openssl.run(
                                "verify",
                                "-CAfile",
                                newRoot.toString(),
                                "-untrusted",
                                withoutCross.toString(),
                                leafPem.toString())
                        .ok())
                .isFalse();
        // Java PKIX backtracks past the old root the signature carries, to the reverse cross certificate
        List<X509Certificate> pool = new ArrayList<>(carried);
        pool.addAll(cross);
        pkix(oldLeaf, pool, server.assembly().ca().roots().get(1));

        // the offline gate over the trust bundle, which carries both roots
        TrustBundle bundle = TrustBundle.parse(trustBundle());
        assertThat(bundle.roots())
                .containsExactlyElementsOf(server.assembly().ca().roots());
        assertThat(bundle.roots()).hasSize(2);
        for (Map.Entry<String, byte[]> s : signatures.entrySet()) {
            String versionArn =
                    signer.getSigningProfile(b -> b.profileName(s.getKey())).profileVersionArn();
            DeployGate gate = DeployGate.fromTrustBundle(
                    bundle,
                    new CodeSigningPolicy(List.of(versionArn), UntrustedArtifactAction.ENFORCE),
                    Clock.systemUTC());
            Decision decision = gate.decide(new Subject.File(artifact), s.getValue());
            assertThat(decision.allowed())
                    .as(s.getKey() + ": " + decision.blocking())
                    .isTrue();
        }

        // each issuing CA's CRL, signed by it
        List<X509Certificate> issuers = new ArrayList<>();
        server.assembly().ca().issuingCas().forEach(ca -> issuers.add(ca.certificate()));
        for (int g = 1; g <= 3; g++) {
            HttpResponse<byte[]> crl = get("/v1/ca/issuing.crl" + (g == 1 ? "" : "?generation=" + g));
            assertThat(crl.statusCode()).isEqualTo(200);
            X509CRL parsed =
                    (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crl.body()));
            parsed.verify(issuers.get(g - 1).getPublicKey());
        }
        // an unknown generation or garbage: the native API's JSON error, not a plain-text 404
        for (Map.Entry<String, Integer> bad : Map.of(
                        "4", 404, "0", 400, "x", 400, "", 400, "99999999999", 400, "-1", 400, "%00", 400)
                .entrySet()) {
            HttpResponse<byte[]> refused = get("/v1/ca/issuing.crl?generation=" + bad.getKey());
            assertThat(refused.statusCode()).as(bad.getKey()).isEqualTo(bad.getValue());
            assertThat(refused.headers().firstValue("content-type").orElse("")).startsWith("application/json");
            JsonNode error = JSON.readTree(refused.body());
            assertThat(error.path("__type").asText() + error.path("code").asText() + error.toString())
                    .contains(bad.getValue() == 404 ? "ResourceNotFoundException" : "ValidationException");
        }
        assertThat(new String(get("/v1/ca/roots.pem").body(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(Pem.encode(server.assembly().ca().roots().get(0))
                        + Pem.encode(server.assembly().ca().roots().get(1)));

        // the status shows every generation and advises nothing for a fresh CA
        JsonNode status = ok(NativeCalls.get(server, "/v1/ca/status"));
        List<String> roles = new ArrayList<>();
        status.path("authority").forEach(c -> roles.add(c.path("role").asText()));
        assertThat(roles).containsExactly("root-g1", "root", "issuing-g1", "issuing-g2", "issuing", "timestamping");
        assertThat(status.path("advice").toString())
                .doesNotContain("issuing CA")
                .doesNotContain("root certificate");

        // a restart opens the renewed CA; signatures still verify and new ones come from generation 3
        server = server.restart();
        signer.close();
        signer = server.signer();
        assertThat(server.assembly().ca().issuingCas()).hasSize(3);
        assertThat(server.assembly().ca().roots()).hasSize(2);
        byte[] afterRestart = putAndSign("after_restart");
        assertThat(signerIssuer(afterRestart)).contains("CN=Signet Issuing CA G3");
        assertThat(OpensslCms.verify(artifact, afterRestart, oldRoot).ok()).isTrue();
        assertThat(OpensslCms.verify(artifact, afterRestart, newRoot).ok()).isTrue();
    }

    @Test
    void aBadKindIsRefusedAndChangesNothing() throws Exception {
        int revision = server.assembly().ca().revision();
        HttpResponse<String> bad = renew("intermediate");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("kind must be issuing, root or tsa");
        HttpResponse<String> extra = NativeCalls.post(server, "/v1/ca/renew", Map.of("kind", "root", "force", true));
        assertThat(extra.statusCode()).isEqualTo(400);
        assertThat(server.assembly().ca().revision()).isEqualTo(revision);
        HttpResponse<byte[]> anonymous = HTTP.send(
                HttpRequest.newBuilder(server.endpoint().resolve("/v1/ca/renew"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"root\"}"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(anonymous.statusCode()).isNotEqualTo(200);
        assertThat(server.assembly().ca().revision()).isEqualTo(revision);
    }

    private static byte[] putAndSign(String profile) throws Exception {
        signer.putSigningProfile(b -> b.profileName(profile).platformId("Signet-CMS-SHA256-ECDSA"));
        return putAndSignAgain(profile);
    }

    private static byte[] putAndSignAgain(String profile) throws Exception {
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);
        return signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat("application/vnd.signet.digest+sha256"))
                .signature()
                .asByteArray();
    }

    /** The issuer of the certificate that signed {@code signature}. */
    private static String signerIssuer(byte[] signature) throws Exception {
        CMSSignedData cms = new CMSSignedData(signature);
        SignerInformation info = cms.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        X509CertificateHolder certificate = (X509CertificateHolder)
                cms.getCertificates().getMatches(info.getSID()).iterator().next();
        return certificate.getIssuer().toString();
    }

    /** The signer's certificate first, then the other certificates the CMS signature carries. */
    private static List<X509Certificate> carried(byte[] signature) throws Exception {
        CMSSignedData cms = new CMSSignedData(signature);
        SignerInformation info = cms.getSignerInfos().getSigners().iterator().next();
        var converter = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter();
        List<X509Certificate> out = new ArrayList<>();
        @SuppressWarnings("unchecked")
        java.util.Collection<X509CertificateHolder> all = cms.getCertificates().getMatches(null);
        @SuppressWarnings("unchecked")
        X509CertificateHolder signer = (X509CertificateHolder)
                cms.getCertificates().getMatches(info.getSID()).iterator().next();
        out.add(converter.getCertificate(signer));
        for (X509CertificateHolder h : all) {
            if (!h.equals(signer)) {
                out.add(converter.getCertificate(h));
            }
        }
        return out;
    }

    private static void pkix(X509Certificate leaf, List<X509Certificate> pool, X509Certificate anchor)
            throws Exception {
        java.security.cert.X509CertSelector target = new java.security.cert.X509CertSelector();
        target.setCertificate(leaf);
        java.security.cert.PKIXBuilderParameters params = new java.security.cert.PKIXBuilderParameters(
                java.util.Set.of(new java.security.cert.TrustAnchor(anchor, null)), target);
        params.setRevocationEnabled(false);
        params.addCertStore(java.security.cert.CertStore.getInstance(
                "Collection", new java.security.cert.CollectionCertStoreParameters(pool)));
        java.security.cert.CertPathBuilder.getInstance("PKIX").build(params);
    }

    private static HttpResponse<String> renew(String kind) throws Exception {
        return NativeCalls.post(server, "/v1/ca/renew", Map.of("kind", kind));
    }

    private static byte[] trustBundle() throws Exception {
        HttpResponse<String> response = NativeCalls.get(server, "/v1/trust-bundle");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        URI uri = server.endpoint().resolve(path);
        return HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
