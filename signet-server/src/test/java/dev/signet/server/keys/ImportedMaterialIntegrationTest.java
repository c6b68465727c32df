package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.Tools;
import dev.signet.server.http.NativeCalls;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.testing.TestServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Map;
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
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * An existing key and certificate (here from a test CA playing the public CA) imported with {@code
 * POST /v1/certificates} sign on the platforms whose keys Signet otherwise makes: CMS (openssl cms
 * -CAfile the test root), Authenticode (osslsigncode -CAfile the test root) and JAR (jarsigner with
 * the test root in the trust store). A key of another algorithm than the platform's, or a
 * certificate without codeSigning, is refused.
 */
class ImportedMaterialIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestServer server;
    static SignerClient signer;
    static S3Client s3;
    static TestPublicCa ca;
    static Path testRoot;
    static Path signetRoot;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        signer = server.signer();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("sources"));
        s3.putBucketVersioning(
                b -> b.bucket("sources").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket("signed"));
        ca = new TestPublicCa("Imported");
        testRoot = Files.writeString(dir.resolve("test-root.pem"), ca.rootPem());
        signetRoot = server.dataDir().resolve("ca").resolve("root.pem");
    }

    @AfterAll
    static void stop() {
        signer.close();
        s3.close();
        server.close();
    }

    @Test
    void cmsSignsWithImportedMaterialAndOpensslVerifiesWithTheTestRoot() throws Exception {
        profile("imported_cms", "Signet-CMS-SHA256-ECDSA", importCodeSigning(ec("secp256r1")));
        Path artifact = Files.write(dir.resolve("cms.bin"), Pkcs11AllPlatformsIntegrationTest.random(10_000, 4));
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);
        byte[] signature = signer.signPayload(b -> b.profileName("imported_cms")
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat("application/vnd.signet.digest+sha256"))
                .signature()
                .asByteArray();
        Processes.Result verified = OpensslCms.verify(artifact, signature, testRoot);
        assertThat(verified.ok()).as(verified.output()).isTrue();
        assertThat(OpensslCms.verify(artifact, signature, signetRoot).ok()).isFalse();
    }

    @Test
    void authenticodeSignsWithAnImportedRsaKey() throws Exception {
        profile("imported_pe", "Signet-Authenticode-SHA256-RSA", importCodeSigning(rsa(3072)));
        Path exe = dir.resolve("hello.exe");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/hello.exe")) {
            Files.write(exe, in.readAllBytes());
        }
        Path signed = Pkcs11AllPlatformsIntegrationTest.awaitSigned(
                signer, s3, Pkcs11AllPlatformsIntegrationTest.startJob(signer, s3, "imported_pe", exe), dir);
        Processes.Result verified = Tools.run(
                "osslsigncode",
                "verify",
                "-CAfile",
                testRoot.toString(),
                "-TSA-CAfile",
                signetRoot.toString(),
                "-in",
                signed.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Signature verification: ok");
    }

    @Test
    void aJarSignsWithImportedMaterialAndJarsignerVerifies() throws Exception {
        profile("imported_jar", "Signet-JAR-SHA256-ECDSA", importCodeSigning(ec("secp256r1")));
        Path jar = Pkcs11AllPlatformsIntegrationTest.jar(dir.resolve("imported.jar"));
        Path signed = Pkcs11AllPlatformsIntegrationTest.awaitSigned(
                signer, s3, Pkcs11AllPlatformsIntegrationTest.startJob(signer, s3, "imported_jar", jar), dir);
        Path truststore = Pkcs11AllPlatformsIntegrationTest.truststore(testRoot, dir.resolve("trust.p12"));
        Tools.ok(
                dir,
                "keytool",
                "-importcert",
                "-noprompt",
                "-alias",
                "signet-tsa-root",
                "-file",
                signetRoot.toString(),
                "-keystore",
                truststore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        Processes.Result verified = Tools.run(
                "jarsigner",
                "-verify",
                "-strict",
                "-verbose",
                "-certs",
                "-keystore",
                truststore.toString(),
                "-storepass",
                "changeit",
                signed.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("jar verified").contains("CN=Imported Root (root)");
    }

    @Test
    void anotherKeyAlgorithmOrNoCodeSigningIsRefused() throws Exception {
        String p384 = importCodeSigning(ec("secp384r1"));
        assertThatThrownBy(() -> profile("imported_p384", "Signet-CMS-SHA256-ECDSA", p384))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "the imported certificate has a ECDSA_P384 key; platform Signet-CMS-SHA256-ECDSA signs with ECDSA_P256 keys");
        KeyPair key = ec("secp256r1");
        TestPublicCa.Leaf serverAuth = new TestPublicCa.Leaf(
                KeyPurposeId.id_kp_serverAuth,
                KeyUsage.digitalSignature,
                Instant.now().minusSeconds(3600),
                Instant.now().plusSeconds(86_400));
        String tls = importCertificate(key, serverAuth);
        assertThatThrownBy(() -> profile("imported_tls", "Signet-CMS-SHA256-ECDSA", tls))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "the imported certificate: the certificate's extended key usage lacks codeSigning");
    }

    /**
     * Rotating a profile with imported material takes the new material in the same call; without it
     * the rotation is refused naming what to do, and changes nothing.
     */
    @Test
    void rotationTakesNewImportedMaterialOrIsRefusedSayingSo() throws Exception {
        String first = importCodeSigning(ec("secp256r1"));
        profile("imported_rotating", "Signet-CMS-SHA256-ECDSA", first);
        String before = signer.getSigningProfile(b -> b.profileName("imported_rotating"))
                .profileVersion();

        HttpResponse<String> refused = rotate(Map.of("profileName", "imported_rotating"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("signs with imported material")
                .contains("signet profile rotate imported_rotating --certificate-arn ARN");
        HttpResponse<String> same = rotate(Map.of("profileName", "imported_rotating", "certificateArn", first));
        assertThat(same.statusCode()).isEqualTo(400);
        assertThat(same.body()).contains("is already the material of imported_rotating's current version");
        assertThat(signer.getSigningProfile(b -> b.profileName("imported_rotating"))
                        .profileVersion())
                .isEqualTo(before);

        String second = importCodeSigning(ec("secp256r1"));
        HttpResponse<String> rotated = rotate(Map.of("profileName", "imported_rotating", "certificateArn", second));
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        var now = signer.getSigningProfile(b -> b.profileName("imported_rotating"));
        assertThat(now.profileVersion()).isNotEqualTo(before);
        assertThat(now.signingMaterial().certificateArn()).isEqualTo(second);
        Path artifact = Files.write(dir.resolve("rotated.bin"), Pkcs11AllPlatformsIntegrationTest.random(5_000, 8));
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);
        byte[] signature = signer.signPayload(b -> b.profileName("imported_rotating")
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat("application/vnd.signet.digest+sha256"))
                .signature()
                .asByteArray();
        Processes.Result verified = OpensslCms.verify(artifact, signature, testRoot);
        assertThat(verified.ok()).as(verified.output()).isTrue();
    }

    private static HttpResponse<String> rotate(Map<String, String> body) throws Exception {
        return NativeCalls.post(server, "/v1/profiles/rotate", body);
    }

    private static void profile(String name, String platform, String certificateArn) {
        signer.putSigningProfile(
                b -> b.profileName(name).platformId(platform).signingMaterial(m -> m.certificateArn(certificateArn)));
    }

    private static String importCodeSigning(KeyPair key) throws Exception {
        return importCertificate(key, TestPublicCa.Leaf.codeSigning(Instant.now()));
    }

    private static String importCertificate(KeyPair key, TestPublicCa.Leaf leaf) throws Exception {
        var certificate = ca.leaf(key.getPublic(), "CN=Imported Signer", leaf);
        Map<String, String> body = Map.of(
                "certificate", Pem.encode(certificate),
                "privateKey", Pem.encode("PRIVATE KEY", key.getPrivate().getEncoded()),
                "certificateChain", Pem.encode(ca.intermediate) + ca.rootPem());
        HttpResponse<String> response = NativeCalls.post(server, "/v1/certificates", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("certificateArn").asText();
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
