package dev.signet.server.http.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.core.verify.DeployGate;
import dev.signet.core.verify.UntrustedArtifactAction;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An imported certificate's root is trusted for that certificate alone (issue 13, item 4): another
 * certificate under the same customer root, even one whose URI SAN names a Signet profile version,
 * fails CHAIN and PUBLISHER online ({@code POST /v1/verify}) and offline (the exported trust
 * bundle), while the imported certificate's own signatures still pass for the profile that uses it.
 */
class ImportedTrustIntegrationTest {
    @TempDir
    static Path dir;

    static MatrixServer server;
    static OnlineGate online;
    static String cmsVersionArn;
    static String iotVersionArn;
    static Path firmware;

    @BeforeAll
    static void start() throws Exception {
        server = new MatrixServer(Clock.systemUTC(), dir.resolve("pki"));
        online = new OnlineGate(server.server);
        cmsVersionArn = server.putProfile("signet_cms", "Signet-CMS-SHA256-ECDSA", null);
        String certificateArn = server.importLeaf("device", false);
        iotVersionArn = server.putProfile("device_fw", "AWSIoTDeviceManagement-SHA256-ECDSA", certificateArn);
        byte[] bytes = new byte[10_000];
        new Random(13).nextBytes(bytes);
        firmware = Files.write(dir.resolve("fw.bin"), bytes);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCertificateUnderAnImportedRootNamingASignetProfileFailsChainAndPublisher() throws Exception {
        Sample spoofed = signedByUnimportedLeaf("spoof", "URI:" + cmsVersionArn);
        String csc = codeSigningConfig(cmsVersionArn);

        Outcome on = online.decide(spoofed, csc);
        Outcome off = offline(spoofed, cmsVersionArn);

        for (Outcome outcome : List.of(on, off)) {
            assertThat(outcome.allowed()).as(outcome.toString()).isFalse();
            assertThat(outcome.checks()).contains("CHAIN=UNTRUSTED_CHAIN", "PUBLISHER=UNTRUSTED_PUBLISHER");
        }
        assertThat(off).isEqualTo(on);
    }

    @Test
    void anotherCertificateUnderAnImportedRootFailsChain() throws Exception {
        Sample other = signedByUnimportedLeaf("stranger", null);
        String csc = codeSigningConfig(iotVersionArn);

        Outcome on = online.decide(other, csc);
        Outcome off = offline(other, iotVersionArn);

        assertThat(on.checks()).contains("CHAIN=UNTRUSTED_CHAIN", "PUBLISHER=UNTRUSTED_PUBLISHER");
        assertThat(off).isEqualTo(on);
    }

    @Test
    void theImportedCertificateStillSignsForTheProfileThatUsesIt() throws Exception {
        byte[] signed = server.awaitSigned(server.startJob("device_fw", firmware));
        Sample sample = new Sample(new Subject.File(firmware), signed);
        String csc = codeSigningConfig(iotVersionArn);

        Outcome on = online.decide(sample, csc);
        Outcome off = offline(sample, iotVersionArn);

        assertThat(on.allowed()).as(on.toString()).isTrue();
        assertThat(on.failedChecks()).as(on.toString()).isEmpty();
        assertThat(off).isEqualTo(on);
    }

    /**
     * A CMS signature over the firmware by a fresh leaf of the customer root that was NOT imported,
     * claiming the CMS profile version; {@code san} is its subjectAltName, or none.
     */
    private static Sample signedByUnimportedLeaf(String name, String san) throws Exception {
        Path pki = server.pki;
        String ext = "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n"
                + (san == null ? "" : "subjectAltName=" + san + "\n");
        Files.writeString(pki.resolve(name + ".ext"), ext);
        Tools.ok(
                pki,
                "openssl",
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                name + ".key");
        Tools.ok(pki, "openssl", "req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        Tools.ok(
                pki,
                "openssl",
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "root.pem",
                "-CAkey",
                "root.key",
                "-CAcreateserial",
                "-days",
                "1",
                "-extfile",
                name + ".ext",
                "-out",
                name + ".pem");
        X509Certificate leaf = Pem.decodeCertificates(Files.readString(pki.resolve(name + ".pem")))
                .get(0);
        X509Certificate root = Pem.decodeCertificates(Files.readString(pki.resolve("root.pem")))
                .get(0);
        PrivateKey key = CryptoProviders.keyFactory("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(
                        Pem.decode("PRIVATE KEY", Files.readString(pki.resolve(name + ".key")))));
        SoftwareKeyBackend keys = new SoftwareKeyBackend(
                MasterKey.loadOrCreate(dir.resolve(name + "-master.key")), dir.resolve(name + "-keys"));
        KeyHandle handle = keys.importKey(key, leaf.getPublicKey());
        SigningKey signing = new SigningKey(keys, handle, List.of(leaf, root));
        Instant now = Instant.now();
        SignatureMetadata metadata =
                new SignatureMetadata(now, now.plus(Duration.ofHours(12)), cmsVersionArn, Optional.empty());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureFormats.forPlatform("Signet-CMS-SHA256-ECDSA")
                .orElseThrow()
                .sign(new SignRequest(new Subject.File(firmware), signing, metadata), out);
        return new Sample(new Subject.File(firmware), out.toByteArray());
    }

    private static String codeSigningConfig(String allowed) {
        return server.lambda
                .createCodeSigningConfig(b -> b.allowedPublishers(p -> p.signingProfileVersionArns(allowed))
                        .codeSigningPolicies(p -> p.untrustedArtifactOnDeployment("Enforce")))
                .codeSigningConfig()
                .codeSigningConfigArn();
    }

    /** The offline gate over the bundle GET /v1/trust-bundle serves now. */
    private static Outcome offline(Sample sample, String allowed) throws Exception {
        TrustBundle bundle = TrustBundle.parse(server.trustBundle());
        DeployGate gate = DeployGate.fromTrustBundle(
                bundle, new CodeSigningPolicy(List.of(allowed), UntrustedArtifactAction.ENFORCE), Clock.systemUTC());
        return Outcome.of(gate.decide(sample.subject(), sample.signature()));
    }
}
