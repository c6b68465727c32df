package dev.signet.core.format.jar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
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
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JarFormatTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final JarFormat FORMAT = new JarFormat();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey key;
    private static Path unsigned;
    private static Path signed;
    private static Path truststore;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        key = pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        unsigned = TestJars.write(dir.resolve("app.jar"));
        signed = Files.write(dir.resolve("app-signed.jar"), sign(unsigned, Optional.of(pki.tsa())));
        Path root = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
        truststore = TestJars.truststore(root, dir.resolve("trust.p12"));
    }

    static byte[] sign(Path jar, Optional<Timestamper> timestamper) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(
                new SignRequest(
                        new Subject.File(jar),
                        key,
                        new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty()),
                        timestamper),
                out);
        return out.toByteArray();
    }

    static Processes.Result jarsigner(Path jar, String... extra) {
        return TestJars.jarsignerVerify(truststore, jar, extra);
    }

    @Test
    void jarsignerAcceptsTheSignedJarStrictly() {
        Processes.Result result = jarsigner(signed, "-verbose");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("jar verified").containsIgnoringCase("timestamped by");
    }

    @Test
    void coreVerifiesItWithChainAndTimestamp() throws Exception {
        SignatureEvidence evidence = FORMAT.verify(new Subject.File(signed), new byte[0]);
        assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        assertThat(evidence.chain().get(0)).isEqualTo(key.certificate());
        assertThat(evidence.timestamp()).isPresent();
        VerificationResult result = verifier().verify(new Subject.File(signed), new byte[0]);
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
    }

    @Test
    void isRecognisedByContentButPlainZipsAreNot() throws Exception {
        byte[] head = Arrays.copyOf(Files.readAllBytes(signed), 512);
        assertThat(SignatureFormats.detect(head)).containsInstanceOf(JarFormat.class);
        assertThat(FORMAT.detect("PK\u0003\u0004 not a jar".getBytes(StandardCharsets.ISO_8859_1)))
                .isFalse();
    }

    @Test
    void signsWithoutATimestamper() throws Exception {
        Path plain = Files.write(dir.resolve("plain.jar"), sign(unsigned, Optional.empty()));
        assertThat(FORMAT.verify(new Subject.File(plain), new byte[0]).timestamp())
                .isEmpty();
        assertThat(jarsigner(plain).exitCode()).isZero();
    }

    @Test
    void refusesAnAlreadySignedJar() {
        assertThatThrownBy(() -> sign(signed, Optional.empty()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("already signed");
    }

    /** Header (manifest), body (deflated and stored entries), signature file and block, tail. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "META-INF/MANIFEST.MF:40",
                "META-INF/SIGNET.SF:60",
                "META-INF/SIGNET.EC:200",
                "META-INF/SIGNET.EC:-20",
                "dev/example/Hello.txt:3",
                "dev/example/random.bin:1000",
                "z-last.properties:2"
            })
    void tamperingFailsBothVerifiers(String where) throws Exception {
        byte[] bytes = Files.readAllBytes(signed);
        String name = where.substring(0, where.indexOf(':'));
        int delta = Integer.parseInt(where.substring(where.indexOf(':') + 1));
        assertThat(TestJars.dataOffset(bytes, name)).isPositive();
        int offset = TestJars.dataOffset(bytes, name) + (delta >= 0 ? delta : (int) compressedSize(name) + delta);
        bytes[offset] ^= 0x01;
        Path tampered = Files.write(dir.resolve("tampered.jar"), bytes);
        CheckResult integrity = verifier()
                .verify(new Subject.File(tampered), new byte[0])
                .checks()
                .get(0);
        assertThat(integrity.passed()).as(integrity.message()).isFalse();
        assertThat(integrity.reason()).isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
        assertThat(jarsigner(tampered).exitCode()).as(where).isNotZero();
    }

    /** Found by fuzzing: the JDK's zip reader throws IllegalArgumentException for such a name. */
    @Test
    void anEntryNameThatIsNotUtf8IsAFormatError() throws Exception {
        byte[] bytes;
        try (var in = JarFormatTest.class.getResourceAsStream(
                "JarFormatFuzzInputs/detectEmbedded/found-entry-name-not-utf8.jar")) {
            bytes = in.readAllBytes();
        }
        Path bad = Files.write(dir.resolve("bad-name.jar"), bytes);
        assertThat(FORMAT.detectEmbedded(bad)).isFalse();
        assertThatThrownBy(() -> FORMAT.verify(new Subject.File(bad), new byte[0]))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not a readable JAR: an entry name cannot be decoded");
        // this input names META-INF/SIGNET.SF before the undecodable name
        assertThatThrownBy(() -> sign(bad, Optional.empty()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("the JAR is already signed");
    }

    @Test
    void truncatedAndGarbageInputsAreFormatErrors() throws Exception {
        byte[] bytes = Files.readAllBytes(unsigned);
        Path truncated = Files.write(dir.resolve("truncated.jar"), Arrays.copyOf(bytes, bytes.length / 2));
        Path garbage = Files.writeString(dir.resolve("garbage.jar"), "this is not a zip at all");
        for (Path bad : List.of(truncated, garbage)) {
            assertThatThrownBy(() -> sign(bad, Optional.empty()))
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining("not a JAR (zip) file");
            assertThatThrownBy(() -> FORMAT.verify(new Subject.File(bad), new byte[0]))
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining("not a readable JAR");
        }
        assertThatThrownBy(() -> FORMAT.verify(new Subject.File(unsigned), new byte[0]))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not signed");
    }

    @Test
    void detectsAnEmbeddedSignatureOnlyInASignedJar() throws Exception {
        byte[] bytes = Files.readAllBytes(signed);
        Path truncated = Files.write(dir.resolve("signed-truncated.jar"), Arrays.copyOf(bytes, bytes.length - 30));
        Path garbage = Files.writeString(dir.resolve("garbage-detect.jar"), "PK\u0003\u0004 garbage");
        assertThat(FORMAT.detectEmbedded(signed)).isTrue();
        assertThat(FORMAT.isSigned(signed)).isTrue();
        for (Path notSigned : List.of(unsigned, truncated, garbage, dir.resolve("missing.jar"), dir)) {
            assertThat(FORMAT.detectEmbedded(notSigned))
                    .as(notSigned.toString())
                    .isFalse();
        }
    }

    @Test
    void anUnsignedJarIsUnsignedToTheVerifierAndASignedOneIsFound() {
        assertThat(verifier()
                        .verify(new Subject.File(unsigned), new byte[0])
                        .checks()
                        .get(0)
                        .reason())
                .isEqualTo(ReasonCode.UNSIGNED);
        assertThat(verifier().verify(new Subject.File(signed), new byte[0]).checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
    }

    private static long compressedSize(String name) throws Exception {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(signed.toFile())) {
            return zip.getEntry(name).getCompressedSize();
        }
    }

    private static Verifier verifier() {
        return Verifier.builder().trustedRoots(List.of(pki.root())).build();
    }
}
