package dev.signet.server.keys;

import static dev.signet.server.http.NativeCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.SoftHsm;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.Check;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import dev.signet.server.KeySettings;
import dev.signet.server.http.NativeCalls;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.testing.TestServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.GetSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.SigningProfileStatus;
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * Bring your own certificate, end to end on a server whose keys may go to a SoftHSM2 token: a
 * profile made with {@code externalCertificate} is PendingCertificate and refuses to sign, naming
 * why; its CSR is signed by its key on the token; a test CA playing the public CA issues the
 * certificate; every wrong chain is refused (a table) and leaves the profile pending; the right one
 * makes it Active, and its signatures chain to the test CA's root, which openssl cms,
 * osslsigncode and jarsigner accept as the only trust for the signer. Also: rotation (a pending
 * version), renewal (a new version with the same key), and an existing key imported onto the token.
 */
class ExternalCertificateIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static SoftHsm hsm;
    static TestServer server;
    static SignerClient signer;
    static S3Client s3;
    static TestPublicCa ca;
    static Path testRoot;

    @BeforeAll
    static void start() throws Exception {
        hsm = SoftHsm.create(dir.resolve("hsm"), "byo");
        Path pinFile = Files.writeString(dir.resolve("pin"), SoftHsm.PIN + "\n");
        // new profile keys go to software unless a request names the token
        KeySettings keys = new KeySettings(
                java.util.Optional.of(hsm.settings(4)),
                java.util.Optional.of(pinFile),
                java.util.Optional.empty(),
                "software");
        server = TestServer.start(Clock.systemUTC(), c -> c.withKeys(keys));
        signer = server.signer();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("sources"));
        s3.putBucketVersioning(
                b -> b.bucket("sources").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket("signed"));
        ca = new TestPublicCa("Example");
        testRoot = Files.writeString(dir.resolve("test-root.pem"), ca.rootPem());
    }

    @AfterAll
    static void stop() {
        signer.close();
        s3.close();
        server.close();
    }

    @Test
    void aPendingProfileRefusesToSignUntilItsCertificateIsInstalled() throws Exception {
        JsonNode created = put("byo_cms", "Signet-CMS-SHA256-ECDSA", "pkcs11");
        assertThat(created.get("status").asText()).isEqualTo("PendingCertificate");
        assertThat(created.get("certificateState").asText()).isEqualTo("PendingCertificate");
        assertThat(created.get("keyBackend").asText()).isEqualTo("pkcs11");
        assertThat(Pkcs11Tool.privateKeys(hsm)).isPositive();

        GetSigningProfileResponse pending = signer.getSigningProfile(b -> b.profileName("byo_cms"));
        assertThat(pending.status()).isEqualTo(SigningProfileStatus.UNKNOWN_TO_SDK_VERSION);
        assertThat(pending.statusAsString()).isEqualTo("PendingCertificate");
        assertThat(pending.statusReason()).contains("signet profile csr byo_cms");

        Path artifact = Files.write(dir.resolve("cms.bin"), Pkcs11AllPlatformsIntegrationTest.random(20_000, 9));
        assertThatThrownBy(() -> signCms("byo_cms", artifact))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("signing profile byo_cms is PendingCertificate and cannot sign");
        assertThatThrownBy(() -> Pkcs11AllPlatformsIntegrationTest.startJob(signer, s3, "byo_cms", artifact))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("is PendingCertificate and cannot sign");

        String csr = csr("byo_cms", "CN=Example Code Signing,O=Example Ltd");
        PublicKey key = TestPublicCa.csrKey(csr);
        X509Certificate leaf =
                ca.leaf(key, "CN=Example Code Signing,O=Example Ltd", TestPublicCa.Leaf.codeSigning(Instant.now()));
        JsonNode installed = install("byo_cms", ca.chainPem(leaf));
        assertThat(installed.get("status").asText()).isEqualTo("Active");
        assertThat(installed.get("certificateState").asText()).isEqualTo("External");
        assertThat(signer.getSigningProfile(b -> b.profileName("byo_cms")).status())
                .isEqualTo(SigningProfileStatus.ACTIVE);

        byte[] signature = signCms("byo_cms", artifact);
        Processes.Result verified = OpensslCms.verify(artifact, signature, testRoot);
        assertThat(verified.ok()).as(verified.output()).isTrue();
        Path signetRoot = server.dataDir().resolve("ca").resolve("root.pem");
        assertThat(OpensslCms.verify(artifact, signature, signetRoot).ok())
                .as("Signet's own root does not vouch for this signer")
                .isFalse();

        HttpResponse<String> again = send(
                "/v1/profiles/certificate", Map.of("profileName", "byo_cms", "certificateChain", ca.chainPem(leaf)));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("it is already installed on signing profile byo_cms");
    }

    /** Each wrong chain is refused with its reason, and the profile stays pending. */
    @Test
    void wrongChainsAreRefusedNamingTheReason() throws Exception {
        put("byo_refusals", "Signet-CMS-SHA256-ECDSA", "pkcs11");
        PublicKey key = TestPublicCa.csrKey(csr("byo_refusals", "CN=Refusals"));
        Instant now = Instant.now();
        TestPublicCa.Leaf good = TestPublicCa.Leaf.codeSigning(now);
        X509Certificate right = ca.leaf(key, "CN=Refusals", good);
        TestPublicCa other = new TestPublicCa("Other");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("wrong key", ca.chainPem(ca.leaf(TestPublicCa.ecKey().getPublic(), "CN=Refusals", good)));
        cases.put(
                "missing EKU",
                ca.chainPem(ca.leaf(
                        key,
                        "CN=Refusals",
                        new TestPublicCa.Leaf(
                                KeyPurposeId.id_kp_serverAuth,
                                KeyUsage.digitalSignature,
                                good.notBefore(),
                                good.notAfter()))));
        cases.put(
                "no digitalSignature",
                ca.chainPem(ca.leaf(
                        key,
                        "CN=Refusals",
                        new TestPublicCa.Leaf(
                                KeyPurposeId.id_kp_codeSigning,
                                KeyUsage.keyAgreement,
                                good.notBefore(),
                                good.notAfter()))));
        cases.put(
                "expired",
                ca.chainPem(ca.leaf(
                        key,
                        "CN=Refusals",
                        new TestPublicCa.Leaf(
                                KeyPurposeId.id_kp_codeSigning,
                                KeyUsage.digitalSignature,
                                now.minus(Duration.ofDays(10)),
                                now.minus(Duration.ofDays(1))))));
        cases.put(
                "not yet valid",
                ca.chainPem(ca.leaf(
                        key,
                        "CN=Refusals",
                        new TestPublicCa.Leaf(
                                KeyPurposeId.id_kp_codeSigning,
                                KeyUsage.digitalSignature,
                                now.plus(Duration.ofDays(1)),
                                now.plus(Duration.ofDays(10))))));
        cases.put("intermediate missing", Pem.encode(right) + ca.rootPem());
        cases.put("root missing", Pem.encode(right) + Pem.encode(ca.intermediate));
        cases.put("leaf alone", Pem.encode(right));
        cases.put("another CA's root", Pem.encode(right) + Pem.encode(ca.intermediate) + other.rootPem());
        cases.put("not PEM", "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        Map<String, String> reasons = Map.ofEntries(
                Map.entry("wrong key", "the certificate's public key is not this profile version's key"),
                Map.entry("missing EKU", "extended key usage lacks codeSigning (1.3.6.1.5.5.7.3.3)"),
                Map.entry("no digitalSignature", "key usage lacks digitalSignature"),
                Map.entry("expired", "certificate 0 of the chain is not valid now"),
                Map.entry("not yet valid", "certificate 0 of the chain is not valid now"),
                Map.entry(
                        "intermediate missing", "certificate 0 of the chain is not issued and signed by certificate 1"),
                Map.entry("root missing", "the chain does not end in a self-signed root certificate"),
                Map.entry("leaf alone", "the chain holds only the certificate"),
                Map.entry("another CA's root", "certificate 1 of the chain is not issued and signed by certificate 2"),
                Map.entry("not PEM", "certificateChain is not PEM certificate text"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> refused = send(
                    "/v1/profiles/certificate",
                    Map.of("profileName", "byo_refusals", "certificateChain", c.getValue()));
            assertThat(refused.statusCode())
                    .as(c.getKey() + ": " + refused.body())
                    .isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("message").asText())
                    .as(c.getKey())
                    .startsWith("certificate not installed: ")
                    .contains(reasons.get(c.getKey()));
        }
        assertThat(signer.getSigningProfile(b -> b.profileName("byo_refusals")).statusAsString())
                .isEqualTo("PendingCertificate");
        assertThat(install("byo_refusals", ca.chainPem(right)).get("status").asText())
                .isEqualTo("Active");
    }

    @Test
    void authenticodeFromAnExternalCertificateVerifiesWithOnlyTheTestRoot() throws Exception {
        Path exe = dir.resolve("hello.exe");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/hello.exe")) {
            Files.write(exe, in.readAllBytes());
        }
        activate("byo_pe", "Signet-Authenticode-SHA256-RSA", "pkcs11");
        Path signed = Pkcs11AllPlatformsIntegrationTest.awaitSigned(
                signer, s3, Pkcs11AllPlatformsIntegrationTest.startJob(signer, s3, "byo_pe", exe), dir);
        Path signetRoot = server.dataDir().resolve("ca").resolve("root.pem");
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
        Processes.Result wrongRoot = Tools.run(
                "osslsigncode",
                "verify",
                "-CAfile",
                signetRoot.toString(),
                "-TSA-CAfile",
                signetRoot.toString(),
                "-in",
                signed.toString());
        assertThat(wrongRoot.exitCode()).as(wrongRoot.output()).isNotZero();
    }

    @Test
    void aJarFromAnExternalCertificateVerifiesWithJarsignerAndTheTestRoot() throws Exception {
        activate("byo_jar", "Signet-JAR-SHA256-ECDSA", "software");
        Path jar = Pkcs11AllPlatformsIntegrationTest.jar(dir.resolve("byo.jar"));
        Path signed = Pkcs11AllPlatformsIntegrationTest.awaitSigned(
                signer, s3, Pkcs11AllPlatformsIntegrationTest.startJob(signer, s3, "byo_jar", jar), dir);
        // the test root vouches for the signer; Signet's root for its time-stamp authority only
        Path truststore = Pkcs11AllPlatformsIntegrationTest.truststore(testRoot, dir.resolve("test-trust.p12"));
        Processes.Result tsa = Tools.run(
                "keytool",
                "-importcert",
                "-noprompt",
                "-alias",
                "signet-tsa-root",
                "-file",
                server.dataDir().resolve("ca").resolve("root.pem").toString(),
                "-keystore",
                truststore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        assertThat(tsa.exitCode()).as(tsa.output()).isZero();
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
        assertThat(verified.output()).contains("jar verified").contains("O=Test Public CA, CN=Example Root (root)");
    }

    @Test
    void putRefusesAnUnknownBackendAndExternalCertificateWithImportedMaterialsPlatformsWork() throws Exception {
        HttpResponse<String> unknown = send(
                "/v1/profiles",
                Map.of("profileName", "byo_unknown", "platformId", "Signet-CMS-SHA256-ECDSA", "keyBackend", "kms"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body())
                .contains("keyBackend kms is not configured on this server; configured: [pkcs11, software]");
        HttpResponse<String> csrOfIssued = send(
                "/v1/profiles",
                Map.of("profileName", "byo_issued", "platformId", "Signet-CMS-SHA256-ECDSA", "keyBackend", "pkcs11"));
        assertThat(csrOfIssued.statusCode()).as(csrOfIssued.body()).isEqualTo(200);
        assertThat(JSON.readTree(csrOfIssued.body()).get("certificateState").asText())
                .isEqualTo("Issued");
        HttpResponse<String> refused = send("/v1/profiles/csr", Map.of("profileName", "byo_issued"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("has a certificate from Signet's CA");
        // an IoT platform takes a token key with an outside CA's certificate instead of imported material
        JsonNode iot = put("byo_iot", "AmazonFreeRTOS-Default", "pkcs11");
        assertThat(iot.get("status").asText()).isEqualTo("PendingCertificate");
    }

    /**
     * The IoT platforms, which otherwise sign only with imported material, sign with a token key
     * and the test CA's certificate; Signet's verifier, trusting only the test root, accepts them.
     */
    @Test
    void iotPlatformsSignWithATokenKeyAndAnExternalCertificate() throws Exception {
        Verifier verifier = Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(ca.rootPem()))
                .build();
        for (String platform : List.of(
                "AmazonFreeRTOS-Default", "AWSIoTDeviceManagement-SHA256-ECDSA", "AmazonFreeRTOS-TI-CC3220SF")) {
            String name = "byo_" + platform.replaceAll("[^A-Za-z0-9]", "_");
            activate(name, platform, "pkcs11");
            Path firmware = Files.write(
                    dir.resolve(name + ".bin"), Pkcs11AllPlatformsIntegrationTest.random(30_000, platform.hashCode()));
            Path signed = Pkcs11AllPlatformsIntegrationTest.awaitSigned(
                    signer, s3, Pkcs11AllPlatformsIntegrationTest.startJob(signer, s3, name, firmware), dir);
            VerificationResult result = platform.equals("AWSIoTDeviceManagement-SHA256-ECDSA")
                    ? verifier.verify(new Subject.File(firmware), Files.readAllBytes(signed))
                    : verifier.verify(new Subject.File(signed), new byte[0]);
            assertThat(result.checks())
                    .as(platform)
                    .filteredOn(c -> c.check() == Check.INTEGRITY || c.check() == Check.CHAIN)
                    .hasSize(2)
                    .allSatisfy(c -> assertThat(c.passed())
                            .as(platform + ": " + c.message())
                            .isTrue());
        }
    }

    /**
     * Rotating an external-certificate profile makes a new version with a new key on the token,
     * waiting for its certificate, while the current version keeps signing; the CSR and the
     * installation act on the new version, whose certificate makes it the current version.
     */
    @Test
    void rotationMakesAPendingVersionThatReplacesTheCurrentOneWhenItsCertificateIsInstalled() throws Exception {
        activate("byo_rotate", "Signet-CMS-SHA256-ECDSA", "pkcs11");
        String first =
                signer.getSigningProfile(b -> b.profileName("byo_rotate")).profileVersion();
        Path artifact = Files.write(dir.resolve("rotate.bin"), Pkcs11AllPlatformsIntegrationTest.random(8_000, 3));
        byte[] before = signCms("byo_rotate", artifact);
        PublicKey firstKey = TestPublicCa.csrKey(csr("byo_rotate", "CN=byo_rotate"));

        JsonNode pending = ok(send("/v1/profiles/rotate", Map.of("profileName", "byo_rotate")));
        String second = pending.get("profileVersion").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(pending.get("certificateState").asText()).isEqualTo("PendingCertificate");
        assertThat(pending.get("keyBackend").asText()).isEqualTo("pkcs11");
        GetSigningProfileResponse during = signer.getSigningProfile(b -> b.profileName("byo_rotate"));
        assertThat(during.profileVersion())
                .as("the current version keeps signing")
                .isEqualTo(first);
        assertThat(during.status()).isEqualTo(SigningProfileStatus.ACTIVE);
        // the native get shows the pending version beside the current one
        JsonNode both = ok(send("/v1/profiles/get", Map.of("profileName", "byo_rotate")));
        assertThat(both.get("profileVersion").asText()).isEqualTo(first);
        assertThat(both.get("certificateState").asText()).isEqualTo("External");
        assertThat(both.path("pendingVersion").path("profileVersion").asText()).isEqualTo(second);
        assertThat(both.path("pendingVersion").path("certificateState").asText())
                .isEqualTo("PendingCertificate");
        assertThat(send("/v1/profiles/get", Map.of("profileName", "no_such_profile"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("/v1/profiles/get", Map.of("profileName", "byo_rotate", "extra", "x"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(OpensslCms.verify(artifact, signCms("byo_rotate", artifact), testRoot)
                        .ok())
                .isTrue();
        HttpResponse<String> twice = send("/v1/profiles/rotate", Map.of("profileName", "byo_rotate"));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("already has a new version (" + second + ") waiting for its certificate");

        PublicKey newKey = TestPublicCa.csrKey(csr("byo_rotate", "CN=byo_rotate"));
        assertThat(newKey.getEncoded()).isNotEqualTo(firstKey.getEncoded());
        HttpResponse<String> oldKey = send(
                "/v1/profiles/certificate",
                Map.of(
                        "profileName",
                        "byo_rotate",
                        "certificateChain",
                        ca.chainPem(ca.leaf(firstKey, "CN=byo_rotate", TestPublicCa.Leaf.codeSigning(Instant.now())))));
        assertThat(oldKey.statusCode()).isEqualTo(400);
        assertThat(oldKey.body()).contains("the certificate's public key is not this profile version's key");
        assertThat(signer.getSigningProfile(b -> b.profileName("byo_rotate")).profileVersion())
                .isEqualTo(first);

        JsonNode installed = install(
                "byo_rotate",
                ca.chainPem(ca.leaf(newKey, "CN=byo_rotate", TestPublicCa.Leaf.codeSigning(Instant.now()))));
        assertThat(installed.get("profileVersion").asText()).isEqualTo(second);
        assertThat(installed.get("status").asText()).isEqualTo("Active");
        assertThat(signer.getSigningProfile(b -> b.profileName("byo_rotate")).profileVersion())
                .isEqualTo(second);
        assertThat(ok(send("/v1/profiles/get", Map.of("profileName", "byo_rotate")))
                        .has("pendingVersion"))
                .isFalse();
        byte[] after = signCms("byo_rotate", artifact);
        assertThat(signerKey(after)).isEqualTo(newKey.getEncoded());
        assertThat(OpensslCms.verify(artifact, after, testRoot).ok()).isTrue();
        assertThat(OpensslCms.verify(artifact, before, testRoot).ok())
                .as("the replaced version's signatures keep verifying")
                .isTrue();
    }

    /**
     * A renewed certificate for the same key, installed on an Active external profile, becomes a new
     * version with that key; the same checks as the first install apply, and the certificate already
     * installed is refused.
     */
    @Test
    void aRenewedCertificateForTheSameKeyBecomesANewVersion() throws Exception {
        activate("byo_renew", "Signet-CMS-SHA256-ECDSA", "software");
        GetSigningProfileResponse first = signer.getSigningProfile(b -> b.profileName("byo_renew"));
        Path artifact = Files.write(dir.resolve("renew.bin"), Pkcs11AllPlatformsIntegrationTest.random(6_000, 5));
        byte[] before = signCms("byo_renew", artifact);
        PublicKey key = TestPublicCa.csrKey(csr("byo_renew", "CN=byo_renew"));
        Instant now = Instant.now();

        HttpResponse<String> noEku = send(
                "/v1/profiles/certificate",
                Map.of(
                        "profileName",
                        "byo_renew",
                        "certificateChain",
                        ca.chainPem(ca.leaf(
                                key,
                                "CN=byo_renew",
                                new TestPublicCa.Leaf(
                                        KeyPurposeId.id_kp_serverAuth,
                                        KeyUsage.digitalSignature,
                                        now.minus(Duration.ofHours(1)),
                                        now.plus(Duration.ofDays(90)))))));
        assertThat(noEku.statusCode()).isEqualTo(400);
        assertThat(noEku.body()).contains("extended key usage lacks codeSigning");
        HttpResponse<String> otherKey = send(
                "/v1/profiles/certificate",
                Map.of(
                        "profileName",
                        "byo_renew",
                        "certificateChain",
                        ca.chainPem(ca.leaf(
                                TestPublicCa.ecKey().getPublic(),
                                "CN=byo_renew",
                                TestPublicCa.Leaf.codeSigning(now)))));
        assertThat(otherKey.statusCode()).isEqualTo(400);
        assertThat(otherKey.body()).contains("the certificate's public key is not this profile version's key");
        assertThat(signer.getSigningProfile(b -> b.profileName("byo_renew")).profileVersion())
                .isEqualTo(first.profileVersion());

        X509Certificate renewed = ca.leaf(
                key,
                "CN=byo_renew",
                new TestPublicCa.Leaf(
                        KeyPurposeId.id_kp_codeSigning,
                        KeyUsage.digitalSignature,
                        now.minus(Duration.ofHours(1)),
                        now.plus(Duration.ofDays(365))));
        JsonNode installed = install("byo_renew", ca.chainPem(renewed));
        assertThat(installed.get("profileVersion").asText()).isNotEqualTo(first.profileVersion());
        assertThat(installed.get("certificateState").asText()).isEqualTo("External");
        assertThat(installed.get("keyBackend").asText()).isEqualTo("software");
        byte[] after = signCms("byo_renew", artifact);
        assertThat(signerCertificate(after)).isEqualTo(renewed);
        assertThat(signerKey(after)).as("the same key").isEqualTo(signerKey(before));
        assertThat(signerCertificate(before)).isNotEqualTo(renewed);
        assertThat(OpensslCms.verify(artifact, after, testRoot).ok()).isTrue();
        assertThat(OpensslCms.verify(artifact, before, testRoot).ok()).isTrue();

        HttpResponse<String> again = send(
                "/v1/profiles/certificate",
                Map.of("profileName", "byo_renew", "certificateChain", ca.chainPem(renewed)));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("it is already installed on signing profile byo_renew");
    }

    /**
     * An existing key and certificate chain imported into the token ({@code keyBackend: pkcs11},
     * from a PKCS#8 key as {@code signet certificate import} sends it) become a profile's version on
     * a Signet platform (CMS) and on the JAR platform (the JCA bridge): the key is a private,
     * sensitive, non-extractable token object, and the signatures verify with the test root.
     */
    @Test
    void anImportedKeyGoesOntoTheTokenAndSignsOnAnyPlatform() throws Exception {
        int keysBefore = Pkcs11Tool.privateKeys(hsm);
        int protectedBefore = Pkcs11Tool.sensitiveNonExtractablePrivateKeys(hsm);
        java.security.KeyPair pair = TestPublicCa.ecKey();
        X509Certificate leaf =
                ca.leaf(pair.getPublic(), "CN=Imported Token Signer", TestPublicCa.Leaf.codeSigning(Instant.now()));
        Map<String, String> body = new LinkedHashMap<>();
        body.put("certificate", Pem.encode(leaf));
        body.put("privateKey", Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
        body.put("certificateChain", Pem.encode(ca.intermediate) + ca.rootPem());
        body.put("keyBackend", "pkcs11");
        JsonNode imported = ok(send("/v1/certificates", body));
        assertThat(imported.get("keyBackend").asText()).isEqualTo("pkcs11");
        assertThat(Pkcs11Tool.privateKeys(hsm)).isEqualTo(keysBefore + 1);
        assertThat(Pkcs11Tool.sensitiveNonExtractablePrivateKeys(hsm)).isEqualTo(protectedBefore + 1);
        String certificateArn = imported.get("certificateArn").asText();

        body.put("keyBackend", "nowhere");
        HttpResponse<String> unknown = send("/v1/certificates", body);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("keyBackend nowhere is not configured on this server");

        JsonNode cms = ok(send(
                "/v1/profiles",
                Map.of(
                        "profileName",
                        "imported_token_cms",
                        "platformId",
                        "Signet-CMS-SHA256-ECDSA",
                        "certificateArn",
                        certificateArn)));
        assertThat(cms.get("certificateState").asText()).isEqualTo("Imported");
        assertThat(cms.get("keyBackend").asText()).isEqualTo("pkcs11");
        Path artifact =
                Files.write(dir.resolve("imported-token.bin"), Pkcs11AllPlatformsIntegrationTest.random(4_000, 11));
        byte[] signature = signCms("imported_token_cms", artifact);
        Processes.Result verified = OpensslCms.verify(artifact, signature, testRoot);
        assertThat(verified.ok()).as(verified.output()).isTrue();
        assertThat(signerCertificate(signature)).isEqualTo(leaf);

        ok(send(
                "/v1/profiles",
                Map.of(
                        "profileName",
                        "imported_token_jar",
                        "platformId",
                        "Signet-JAR-SHA256-ECDSA",
                        "certificateArn",
                        certificateArn)));
        Path signed = Pkcs11AllPlatformsIntegrationTest.awaitSigned(
                signer,
                s3,
                Pkcs11AllPlatformsIntegrationTest.startJob(
                        signer,
                        s3,
                        "imported_token_jar",
                        Pkcs11AllPlatformsIntegrationTest.jar(dir.resolve("imported-token.jar"))),
                dir);
        Verifier verifier = Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(ca.rootPem()))
                .build();
        VerificationResult result = verifier.verify(new Subject.File(signed), new byte[0]);
        assertThat(result.checks())
                .filteredOn(c -> c.check() == Check.INTEGRITY || c.check() == Check.CHAIN)
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
    }

    /** The certificate that made a CMS signature. */
    static X509Certificate signerCertificate(byte[] signature) throws Exception {
        CMSSignedData cms = new CMSSignedData(signature);
        SignerInformation info = cms.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        X509CertificateHolder holder = (X509CertificateHolder)
                cms.getCertificates().getMatches(info.getSID()).iterator().next();
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /** The encoded public key of the certificate that made a CMS signature. */
    private static byte[] signerKey(byte[] signature) throws Exception {
        return signerCertificate(signature).getPublicKey().getEncoded();
    }

    /** A profile on {@code platform} with its key in {@code backend}, made Active with a test CA certificate. */
    private static void activate(String name, String platform, String backend) throws Exception {
        put(name, platform, backend);
        PublicKey key = TestPublicCa.csrKey(csr(name, "CN=" + name));
        install(name, ca.chainPem(ca.leaf(key, "CN=" + name, TestPublicCa.Leaf.codeSigning(Instant.now()))));
    }

    private static JsonNode put(String name, String platform, String backend) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profileName", name);
        body.put("platformId", platform);
        body.put("keyBackend", backend);
        body.put("externalCertificate", true);
        return ok(send("/v1/profiles", body));
    }

    private static String csr(String name, String subject) throws Exception {
        String csr = ok(send("/v1/profiles/csr", Map.of("profileName", name, "subject", subject)))
                .get("csr")
                .asText();
        assertThat(csr).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        return csr;
    }

    private static JsonNode install(String name, String chainPem) throws Exception {
        return ok(send("/v1/profiles/certificate", Map.of("profileName", name, "certificateChain", chainPem)));
    }

    private static HttpResponse<String> send(String path, Map<String, ?> body) throws Exception {
        return NativeCalls.post(server, path, body);
    }

    private static byte[] signCms(String profile, Path artifact) throws Exception {
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);
        return signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat("application/vnd.signet.digest+sha256"))
                .signature()
                .asByteArray();
    }
}
