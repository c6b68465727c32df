package dev.signet.core.format.cms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed test vector of docs/formats.md: still verifies, with the documented result. */
class CmsTestVectorTest {
    private static final String DIR = "/vectors/cms-detached/";

    @TempDir
    Path dir;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CmsTestVectorTest.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static Properties expected() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(new String(resource("expected.properties"), StandardCharsets.UTF_8)));
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa_p256.p7s", "rsa_3072.p7s"})
    void theVectorVerifiesAsDocumented(String signatureName) throws Exception {
        Properties expected = expected();
        byte[] input = resource("input.txt");
        assertThat(HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, input)))
                .isEqualTo("2a930d419871caf9f1ac7be165bc667a4948b3dcaf8a2b0fe07b61842c2edaad");
        Path file = Files.write(dir.resolve("input.txt"), input);
        byte[] signature = resource(signatureName);
        List<X509Certificate> roots =
                Pem.decodeCertificates(new String(resource("root.pem"), StandardCharsets.US_ASCII));
        Instant verifyAt = Instant.parse(expected.getProperty("verifyAt"));

        SignatureEvidence evidence = new CmsDetachedFormat().verify(new Subject.File(file), signature);
        assertThat(evidence.intact()).isTrue();
        assertThat(evidence.signingTime()).contains(Instant.parse(expected.getProperty("signingTime")));
        assertThat(evidence.chain()).hasSize(3);
        assertThat(evidence.chain().get(2)).isEqualTo(roots.get(0));
        assertThat(evidence.chain().get(0).getNotAfter().toInstant())
                .isEqualTo(Instant.parse(expected.getProperty("expiresAt")));
        assertThat(CertificateAuthority.profileVersionArn(evidence.chain().get(0)))
                .contains(expected.getProperty("profileVersionArn"));

        Verifier verifier = Verifier.builder()
                .trustedRoots(roots)
                .clock(Clock.fixed(verifyAt, ZoneOffset.UTC))
                .build();
        VerificationResult result = verifier.verify(new Subject.File(file), signature);
        assertThat(result.checks()).extracting(CheckResult::reason).containsOnly(ReasonCode.OK);

        Verifier later = Verifier.builder()
                .trustedRoots(roots)
                .clock(Clock.fixed(
                        Instant.parse(expected.getProperty("expiresAt")).plusSeconds(1), ZoneOffset.UTC))
                .build();
        assertThat(later.verify(new Subject.File(file), signature)
                        .checks()
                        .get(2)
                        .reason())
                .isEqualTo(ReasonCode.EXPIRED);

        byte[] changed = input.clone();
        changed[0] ^= 0x20;
        Path tampered = Files.write(dir.resolve("tampered.txt"), changed);
        assertThat(verifier.verify(new Subject.File(tampered), signature)
                        .checks()
                        .get(0)
                        .reason())
                .isEqualTo(ReasonCode.INTEGRITY);

        Path root = Files.write(dir.resolve("root.pem"), resource("root.pem"));
        Path sig = Files.write(dir.resolve("sig.p7s"), signature);
        String attime = Long.toString(verifyAt.getEpochSecond());
        Processes.Result ok = Openssl.cmsVerify(sig, file, root, "-attime", attime);
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        Processes.Result bad = Openssl.cmsVerify(sig, tampered, root, "-attime", attime);
        assertThat(bad.exitCode()).isNotZero();
    }
}
