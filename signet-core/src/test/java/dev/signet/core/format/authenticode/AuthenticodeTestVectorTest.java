package dev.signet.core.format.authenticode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestVectors;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed authenticode vector ({@code vectors/authenticode}, documented in docs/formats.md). */
class AuthenticodeTestVectorTest {
    private static final TestVectors VECTOR = TestVectors.of("authenticode");

    @TempDir
    Path dir;

    private Processes.Result osslsigncode(Path file) {
        return Tools.run(
                "osslsigncode", "verify", "-CAfile", VECTOR.file("root.pem").toString(), "-in", file.toString());
    }

    @Test
    void theSignedVectorVerifiesWithSignetAndOsslsigncode() throws Exception {
        Path signed = VECTOR.file("hello.signed.exe");
        VerificationResult result = VECTOR.verify(signed, new byte[0]);
        assertThat(result.valid()).as(result.toString()).isTrue();
        Processes.Result ossl = osslsigncode(signed);
        assertThat(ossl.exitCode()).as(ossl.output()).isZero();
        assertThat(new AuthenticodeFormat().detectEmbedded(signed)).isTrue();
    }

    @Test
    void theUnsignedInputIsUnsigned() throws Exception {
        Path input = VECTOR.file("hello.exe");
        assertThat(new AuthenticodeFormat().detectEmbedded(input)).isFalse();
        assertThat(VECTOR.verify(input, new byte[0]).checks().get(0).reason()).isEqualTo(ReasonCode.UNSIGNED);
    }

    @Test
    void aFlippedByteFailsBoth() throws Exception {
        byte[] bytes = Files.readAllBytes(VECTOR.file("hello.signed.exe"));
        bytes[0x200] ^= 0x01; // the .text section
        Path tampered = Files.write(dir.resolve("tampered.exe"), bytes);
        VerificationResult result = VECTOR.verify(tampered, new byte[0]);
        assertThat(result.checks().get(0).reason()).isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
        assertThat(osslsigncode(tampered).exitCode()).isNotZero();
    }
}
