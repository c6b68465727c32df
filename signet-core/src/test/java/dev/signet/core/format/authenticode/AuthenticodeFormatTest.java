package dev.signet.core.format.authenticode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.testing.Tools;
import dev.signet.core.tsa.Timestamper;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticodeFormatTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final AuthenticodeFormat FORMAT = new AuthenticodeFormat();
    static final String SCRIPT = "Write-Output 'hello from Signet'\r\n";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey key;
    private static Path exe;
    private static Path signedExe;
    private static Path rootPem;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        key = pki.signingKey(KeyAlgorithm.RSA_3072, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        exe = Files.write(dir.resolve("hello.exe"), TestPe.build());
        signedExe = Files.write(dir.resolve("hello-signed.exe"), sign(exe, Optional.of(pki.tsa())));
        rootPem = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
    }

    static byte[] sign(Path file, Optional<Timestamper> timestamper) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(
                new SignRequest(
                        new Subject.File(file),
                        key,
                        new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty()),
                        timestamper),
                out);
        return out.toByteArray();
    }

    static Processes.Result osslsigncode(Path file) {
        return Tools.run(
                "osslsigncode",
                "verify",
                "-CAfile",
                rootPem.toString(),
                "-TSA-CAfile",
                rootPem.toString(),
                "-in",
                file.toString());
    }

    @Test
    void osslsigncodeAcceptsTheUnsignedTestExecutableAsAPe() {
        Processes.Result result = Tools.run(
                "osslsigncode",
                "extract-signature",
                "-in",
                exe.toString(),
                "-out",
                dir.resolve("none.p7").toString());
        assertThat(result.output()).containsIgnoringCase("signature");
    }

    @Test
    void osslsigncodeVerifiesTheSignedExecutable() {
        Processes.Result result = osslsigncode(signedExe);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Signature verification: ok").containsIgnoringCase("timestamp");
    }

    @Test
    void coreVerifiesIt() throws Exception {
        SignatureEvidence evidence = FORMAT.verify(new Subject.File(signedExe), new byte[0]);
        assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        assertThat(evidence.chain().get(0)).isEqualTo(key.certificate());
        assertThat(evidence.timestamp()).isPresent();
        VerificationResult result = verifier().verify(new Subject.File(signedExe), new byte[0]);
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
    }

    @Test
    void signsPowerShellScripts() throws Exception {
        Path script = Files.writeString(dir.resolve("hello.ps1"), SCRIPT);
        Path signed = Files.write(dir.resolve("hello-signed.ps1"), sign(script, Optional.of(pki.tsa())));
        assertThat(Files.readString(signed)).contains("# SIG # Begin signature block");
        VerificationResult result = verifier().verify(FORMAT, new Subject.File(signed), new byte[0]);
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
        Path copy = Files.copy(signed, dir.resolve("copy-signed.ps1"));
        Processes.Result ossl = osslsigncode(copy);
        assertThat(ossl.exitCode()).as(ossl.output()).isZero();
        Path tampered = Files.writeString(
                dir.resolve("tampered.ps1"), Files.readString(signed).replace("hello", "HELLO"));
        assertThat(verifier()
                        .verify(FORMAT, new Subject.File(tampered), new byte[0])
                        .checks()
                        .get(0)
                        .passed())
                .isFalse();
        assertThat(osslsigncode(tampered).exitCode()).isNotZero();
    }

    /**
     * A compound file with two streams, which jsign treats as an MSI package. Checked by Signet
     * only: osslsigncode 2.9 refuses compound files whose directory starts at sector 0, as Apache
     * POI writes them, even unsigned ("Corrupted First Directory Sector Location").
     */
    @Test
    void signsMsiPackages() throws Exception {
        Path msi = dir.resolve("tiny.msi");
        try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs =
                        new org.apache.poi.poifs.filesystem.POIFSFileSystem();
                java.io.OutputStream out = Files.newOutputStream(msi)) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[70_000]), "Payload");
            fs.createDocument(
                    new java.io.ByteArrayInputStream("hello msi".getBytes(StandardCharsets.US_ASCII)), "Summary");
            fs.writeFilesystem(out);
        }
        assertThat(FORMAT.detect(Files.readAllBytes(msi))).isTrue();
        Path signed = Files.write(dir.resolve("tiny-signed.msi"), sign(msi, Optional.of(pki.tsa())));
        VerificationResult result = verifier().verify(new Subject.File(signed), new byte[0]);
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
        byte[] tampered = Files.readAllBytes(signed);
        tampered[0x200 * 3 + 10] ^= 0x01; // inside the Payload stream's data
        Path changed = Files.write(dir.resolve("tiny-tampered.msi"), tampered);
        assertThat(verifier()
                        .verify(new Subject.File(changed), new byte[0])
                        .checks()
                        .get(0)
                        .passed())
                .isFalse();
    }

    /**
     * A real Windows Installer package built by msitools' wixl, so osslsigncode checks it too: the
     * unsigned package reads as "no signature" (not a parse error), the signed one verifies in both,
     * and a flipped byte in the embedded cabinet fails both.
     */
    @Test
    void osslsigncodeVerifiesASignedWixlPackage() throws Exception {
        Path msi = WixlPackages.build(dir.resolve("wixl"), "hello from Signet\n");
        Processes.Result unsigned = Tools.run("osslsigncode", "verify", "-in", msi.toString());
        assertThat(unsigned.exitCode()).as(unsigned.output()).isNotZero();
        assertThat(unsigned.output()).as(unsigned.output()).contains("MSI file has no signature");
        assertThat(FORMAT.detect(Files.readAllBytes(msi))).isTrue();

        Path signed = Files.write(dir.resolve("wixl-signed.msi"), sign(msi, Optional.of(pki.tsa())));
        Processes.Result ossl = osslsigncode(signed);
        assertThat(ossl.exitCode()).as(ossl.output()).isZero();
        assertThat(ossl.output()).contains("Signature verification: ok").containsIgnoringCase("timestamp");
        VerificationResult result = verifier().verify(new Subject.File(signed), new byte[0]);
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());

        byte[] tampered = Files.readAllBytes(signed);
        int cabinet = indexOf(tampered, "MSCF".getBytes(StandardCharsets.US_ASCII));
        tampered[cabinet + 5] ^= 0x01; // reserved header field of the embedded cabinet stream
        Path changed = Files.write(dir.resolve("wixl-tampered.msi"), tampered);
        CheckResult integrity = verifier()
                .verify(new Subject.File(changed), new byte[0])
                .checks()
                .get(0);
        assertThat(integrity.passed()).as(integrity.message()).isFalse();
        Processes.Result osslTampered = osslsigncode(changed);
        assertThat(osslTampered.exitCode()).as(osslTampered.output()).isNotZero();
    }

    @Test
    void refusesAnAlreadySignedFile() {
        assertThatThrownBy(() -> sign(signedExe, Optional.empty()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("already");
    }

    /**
     * DOS header, PE optional header, section body, the signed digest, the signer's certificate,
     * the signature value, and the time-stamp token's signature at the tail.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {"dos", "optional-header", "section", "section-end", "digest", "certificate", "signature", "tail"
            })
    void tamperingFailsBothVerifiers(String region) throws Exception {
        byte[] bytes = Files.readAllBytes(signedExe);
        int offset = offsetOf(region, bytes);
        bytes[offset] ^= 0x01;
        Path tampered = Files.write(dir.resolve("tampered.exe"), bytes);
        CheckResult integrity = verifier()
                .verify(new Subject.File(tampered), new byte[0])
                .checks()
                .get(0);
        assertThat(integrity.passed()).as(integrity.message()).isFalse();
        // a damaged e_lfanew hides the PE header and so its certificate table: no signature found
        assertThat(integrity.reason())
                .isIn(
                        region.equals("dos")
                                ? List.of(ReasonCode.UNSIGNED)
                                : List.of(ReasonCode.INTEGRITY, ReasonCode.MALFORMED));
        // osslsigncode treats a damaged time-stamp as absent (and still exits 0 while the signer's
        // certificate is valid), but says so; Signet fails integrity
        Processes.Result ossl = osslsigncode(tampered);
        assertThat(ossl.exitCode() != 0 || ossl.output().contains("Timestamp Server Signature verification: failed"))
                .as(region + " at " + offset + ": " + ossl.output())
                .isTrue();
    }

    @Test
    void malformedInputsAreFormatErrors() throws Exception {
        byte[] badHeader = TestPe.build();
        badHeader[0x3C] = 0x7F; // e_lfanew points past the PE signature
        badHeader[0x3D] = 0x7F;
        Path bad = Files.write(dir.resolve("bad.exe"), badHeader);
        Path truncated = Files.write(dir.resolve("truncated.exe"), Arrays.copyOf(TestPe.build(), 0x80));
        Path binary = Files.write(dir.resolve("garbage.bin"), new byte[] {0, 1, 2, 3, (byte) 0xff});
        Map<Path, String> reasons = Map.of(
                bad, "malformed PE file: PE signature not found as expected at offset 0x7f7f",
                truncated, "Invalid data directory",
                binary, "not a PE file, MSI package or PowerShell script");
        for (Path file : List.of(bad, truncated, binary)) {
            assertThatThrownBy(() -> sign(file, Optional.empty()))
                    .as(file.toString())
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining(reasons.get(file));
        }
        assertThatThrownBy(() -> FORMAT.verify(new Subject.File(exe), new byte[0]))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("no Authenticode signature");
        assertThat(FORMAT.detect("MZ".getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void detectsAnEmbeddedSignatureOnlyInASignedFile() throws Exception {
        byte[] pe = Files.readAllBytes(signedExe);
        Path truncated = Files.write(dir.resolve("signed-truncated.exe"), Arrays.copyOf(pe, pe.length - 10));
        Path headerOnly = Files.write(dir.resolve("header-only.exe"), Arrays.copyOf(pe, 0x80));
        byte[] farPe = TestPe.build();
        farPe[0x3C] = (byte) 0xF0;
        farPe[0x3F] = (byte) 0x7F;
        Path far = Files.write(dir.resolve("far.exe"), farPe);
        Path garbage = Files.write(dir.resolve("garbage.exe"), new byte[] {'M', 'Z', 1, 2, 3});
        Path script = Files.writeString(dir.resolve("detect.ps1"), SCRIPT);
        Path signedScript = Files.write(dir.resolve("detect-signed.ps1"), sign(script, Optional.empty()));
        assertThat(FORMAT.detectEmbedded(signedExe)).isTrue();
        assertThat(FORMAT.isSigned(signedExe)).isTrue();
        assertThat(FORMAT.detectEmbedded(signedScript)).isTrue();
        for (Path notSigned : List.of(exe, truncated, headerOnly, far, garbage, script, dir.resolve("missing.exe"))) {
            assertThat(FORMAT.detectEmbedded(notSigned))
                    .as(notSigned.toString())
                    .isFalse();
        }
    }

    @Test
    void detectsTheSignatureStreamOfAnMsi() throws Exception {
        Path msi = dir.resolve("detect.msi");
        try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs =
                        new org.apache.poi.poifs.filesystem.POIFSFileSystem();
                java.io.OutputStream out = Files.newOutputStream(msi)) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[5000]), "Payload");
            fs.writeFilesystem(out);
        }
        Path signed = Files.write(dir.resolve("detect-signed.msi"), sign(msi, Optional.empty()));
        assertThat(FORMAT.detectEmbedded(msi)).isFalse();
        assertThat(FORMAT.detectEmbedded(signed)).isTrue();
        byte[] bytes = Files.readAllBytes(signed);
        Path truncated = Files.write(dir.resolve("detect-truncated.msi"), Arrays.copyOf(bytes, 600));
        assertThat(FORMAT.detectEmbedded(truncated)).isFalse();
    }

    @Test
    void anUnsignedPeIsUnsignedToTheVerifier() {
        assertThat(verifier()
                        .verify(new Subject.File(exe), new byte[0])
                        .checks()
                        .get(0)
                        .reason())
                .isEqualTo(ReasonCode.UNSIGNED);
    }

    private static int offsetOf(String region, byte[] bytes) throws Exception {
        return switch (region) {
            case "dos" -> 0x3C;
            case "optional-header" -> 0x58 + 16; // AddressOfEntryPoint
            case "section" -> 0x200;
            case "section-end" -> 0x3F0;
            case "digest" -> indexOf(bytes, authenticodeDigest()) + 5;
            case "certificate" -> indexOf(bytes, key.certificate().getEncoded()) + 200;
            case "signature" -> indexOf(bytes, signatureValue()) + 100;
            case "tail" -> bytes.length - 20;
            default -> throw new IllegalArgumentException(region);
        };
    }

    private static byte[] authenticodeDigest() throws Exception {
        try (net.jsign.pe.PEFile pe = new net.jsign.pe.PEFile(exe.toFile())) {
            return pe.computeDigest(net.jsign.DigestAlgorithm.SHA256);
        }
    }

    private static byte[] signatureValue() throws Exception {
        Path copy = Files.copy(signedExe, dir.resolve("read.exe"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (net.jsign.pe.PEFile pe = new net.jsign.pe.PEFile(copy.toFile())) {
            return pe.getSignatures().get(0).getSignerInfos().iterator().next().getSignature();
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found in the signed file");
    }

    private static Verifier verifier() {
        return Verifier.builder().trustedRoots(List.of(pki.root())).build();
    }
}
