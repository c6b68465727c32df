package dev.signet.core.format.jar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestVectors;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed jar vector ({@code vectors/jar}, documented in docs/formats.md); jarsigner checks it
 * against a PKCS#12 trust store made from the vector's {@code root.pem}.
 */
class JarTestVectorTest {
    private static final TestVectors VECTOR = TestVectors.of("jar");

    @TempDir
    static Path dir;

    private static Path truststore;

    @BeforeAll
    static void trustTheRoot() {
        truststore = TestJars.truststore(VECTOR.file("root.pem"), dir.resolve("trust.p12"));
    }

    private static Processes.Result jarsigner(Path jar) {
        return TestJars.jarsignerVerify(truststore, jar);
    }

    @Test
    void theSignedVectorVerifiesWithSignetAndJarsigner() throws Exception {
        Path signed = VECTOR.file("app.signed.jar");
        VerificationResult result = VECTOR.verify(signed, new byte[0]);
        assertThat(result.valid()).as(result.toString()).isTrue();
        Processes.Result verified = jarsigner(signed);
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("jar verified");
        assertThat(new JarFormat().detectEmbedded(signed)).isTrue();
    }

    /**
     * {@code vectors/jar-payload} (docs/formats.md, "SignPayload and client-side signing" under
     * jar): the client's payload for {@code app.jar} inflates to the committed {@code app.SF}, as
     * the committed payload (an older client's, without the jar's digest) does, and ends with the
     * jar's SHA-256; the server signs it into a block that verifies against it.
     */
    @Test
    void theClientsPayloadForTheVectorIsTheCommittedSignatureFile() throws Exception {
        TestVectors payloads = TestVectors.of("jar-payload");
        byte[] signatureFile = Files.readAllBytes(payloads.file("app.SF"));
        byte[] committed = Files.readAllBytes(payloads.file("app.payload.deflate"));
        byte[] sent = new JarClientSigning()
                .prepare("Signet-JAR-SHA256-ECDSA", VECTOR.file("app.jar"), n -> {})
                .payload();
        assertThat(JarClientSigningTest.inflate(sent)).isEqualTo(signatureFile);
        assertThat(JarClientSigningTest.inflate(committed)).isEqualTo(signatureFile);
        assertThat(JarSignatureFilePayload.parse(committed).signatureFile().render())
                .isEqualTo(signatureFile);
        String jarDigest = "sha256:ff28c368701fb3f4cb9a783b63badc74b14ce831cfc0aef1ac5a69fe9a320120";
        assertThat(new String(sent, StandardCharsets.ISO_8859_1)).endsWith(jarDigest);
        assertThat(new JarFormat().statedArtifactDigest(new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, sent)))
                .contains(jarDigest);
        assertThat(JarSignatureFilePayload.parse(committed).artifactDigest())
                .as("a payload from a client before the trailer")
                .isEmpty();
        assertThat(HexFormat.of().formatHex(JarSignatureBlock.sha256(signatureFile)))
                .isEqualTo("51b07f21f654bbb839f1bcc7f9d833e838ca3e8950cb2dc68be3617ce96ce5ce");
    }

    @Test
    void theUnsignedInputIsUnsigned() throws Exception {
        Path input = VECTOR.file("app.jar");
        assertThat(new JarFormat().detectEmbedded(input)).isFalse();
        assertThat(VECTOR.verify(input, new byte[0]).checks().get(0).reason()).isEqualTo(ReasonCode.UNSIGNED);
    }

    @Test
    void aFlippedByteFailsBoth() throws Exception {
        byte[] bytes = Files.readAllBytes(VECTOR.file("app.signed.jar"));
        int offset = TestJars.dataOffset(bytes, "dev/example/random.bin");
        assertThat(offset).isPositive();
        bytes[offset + 1000] ^= 0x01;
        Path tampered = Files.write(dir.resolve("tampered.jar"), bytes);
        VerificationResult result = VECTOR.verify(tampered, new byte[0]);
        assertThat(result.checks().get(0).reason()).isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
        assertThat(jarsigner(tampered).exitCode()).isNotZero();
    }
}
