package dev.signet.core.format.authenticode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.testing.Tools;
import dev.signet.core.tsa.Timestamper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PEs outside {@link PeImage}'s plain shape, which StartSigningJob signs with jsign: the client
 * ({@link AuthenticodeClientSigning}, through {@link JsignClientSigning}) signs each one
 * StartSigningJob signs, into the same bytes without a time-stamp (into its output channel as
 * {@code signet sign} does, and to a stream) and the same structure with one, which osslsigncode
 * verifies; and it refuses each one StartSigningJob refuses, in the same words.
 */
class JsignPeClientSigningTest {
    private static final String PLATFORM = "Signet-Authenticode-SHA256-RSA";
    private static final AuthenticodeFormat FORMAT = new AuthenticodeFormat();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** Offsets in {@link TestPe#build}: the optional header, its fields, the section header. */
    private static final int OPTIONAL = 0x58;

    private static final int SIZE_OF_HEADERS = OPTIONAL + 60;
    private static final int DIRECTORY_COUNT = OPTIONAL + 92;
    private static final int CERTIFICATE_ENTRY = OPTIONAL + 96 + 4 * 8;
    private static final int SECTION_RAW_POINTER = OPTIONAL + 0xE0 + 20;

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey rsa;
    private static Path rootPem;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        rsa = pki.signingKey(KeyAlgorithm.RSA_3072, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        rootPem = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
    }

    /** Each case: its name, how it changes the plain test PE, and StartSigningJob's refusal ("" when it signs). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("header-unaligned", (UnaryOperator<byte[]>) b -> moveHeader(b, 0x44), ""),
                Arguments.of("header-past-64-KiB", (UnaryOperator<byte[]>) b -> stub(b, 0x10000), ""),
                Arguments.of(
                        "four-directories",
                        (UnaryOperator<byte[]>) b -> directories(b, 4),
                        "jsign could not sign the file: No space allocated in the data directories index"),
                Arguments.of("empty-certificate-entry", (UnaryOperator<byte[]>) b -> entry(b, b.length, 0), ""),
                Arguments.of(
                        "certificate-entry-past-the-end",
                        (UnaryOperator<byte[]>) b -> entry(b, b.length + 0x40, 0x20),
                        "jsign could not sign the file: Invalid data directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theClientSignsWhatStartSigningJobSignsIntoTheSameBytes(
            String name, UnaryOperator<byte[]> shape, String jobRefusal) throws Exception {
        Path pe = Files.write(dir.resolve(name + ".exe"), shape.apply(TestPe.build()));
        assertThat(PeImage.open(pe)).as("outside PeImage's plain shape").isEmpty();
        byte[] before = Files.readAllBytes(pe);

        Optional<byte[]> job = jobSigns(pe, Optional.empty());
        if (!jobRefusal.isEmpty()) {
            String refusal = refusal(pe);
            assertThat(refusal).startsWith(jobRefusal);
            assertThatThrownBy(() -> client().prepare(PLATFORM, pe, n -> {}))
                    .isInstanceOf(FormatException.class)
                    .hasMessage(refusal);
            return;
        }
        assertThat(job).as("StartSigningJob signs it").isPresent();
        assertThat(clientSignsToStream(pe, Optional.empty())).isEqualTo(job.get());
        assertThat(clientSignsIntoOutput(pe, Optional.empty(), dir.resolve(name + ".client.exe")))
                .isEqualTo(job.get());
        assertThat(Files.readAllBytes(pe)).as("the artifact is only read").isEqualTo(before);

        byte[] jobStamped = jobSigns(pe, Optional.of(pki.tsa())).orElseThrow();
        Path output = dir.resolve(name + ".tsa.exe");
        byte[] clientStamped = clientSignsIntoOutput(pe, Optional.of(pki.tsa()), output);
        if (SignedPe.layout(jobStamped).isPresent()) { // SignedPe reads headers below 64 KiB only
            assertThat(AuthenticodeStructure.of(clientStamped)).isEqualTo(AuthenticodeStructure.of(jobStamped));
        }
        assertThat(FORMAT.verify(new Subject.File(output), new byte[0]).intact())
                .isTrue();
        Processes.Result result = Tools.run(
                "osslsigncode",
                "verify",
                "-CAfile",
                rootPem.toString(),
                "-TSA-CAfile",
                rootPem.toString(),
                "-in",
                output.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Signature verification: ok");
    }

    /** The client refuses, before anything is sent, a PE whose certificate table jsign reads as a signature. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aSignedFileOfEachShapeIsRefusedByBothPaths(String name, UnaryOperator<byte[]> shape, String jobRefusal)
            throws Exception {
        if (!jobRefusal.isEmpty()) {
            return; // StartSigningJob does not sign it, so there is no signed file of this shape
        }
        Path pe = Files.write(dir.resolve("signed-" + name + ".exe"), shape.apply(TestPe.build()));
        Path signed = Files.write(
                dir.resolve("signed-" + name + ".signed.exe"),
                jobSigns(pe, Optional.empty()).orElseThrow());
        assertThat(jobSigns(signed, Optional.empty())).isEmpty();
        assertThatThrownBy(() -> client().prepare(PLATFORM, signed, n -> {}))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("already");
    }

    private static ClientSigning client() {
        return ClientSignings.forPlatform(PLATFORM).orElseThrow();
    }

    private static SignatureMetadata metadata() {
        return new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty());
    }

    /** StartSigningJob's format code on the whole file; empty when it refuses the file. */
    private static Optional<byte[]> jobSigns(Path pe, Optional<Timestamper> tsa) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            FORMAT.sign(new SignRequest(new Subject.File(pe), rsa, metadata(), tsa), out);
        } catch (FormatException e) {
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }

    private static String refusal(Path pe) {
        try {
            FORMAT.sign(
                    new SignRequest(new Subject.File(pe), rsa, metadata(), Optional.empty()),
                    new ByteArrayOutputStream());
        } catch (FormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("StartSigningJob signed " + pe);
    }

    private static byte[] clientSignsToStream(Path pe, Optional<Timestamper> tsa) throws Exception {
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, pe, n -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prepared.finish(AuthenticodeClientSigningTest.serverSigns(rsa, prepared.payload(), tsa), out);
        return out.toByteArray();
    }

    private static byte[] clientSignsIntoOutput(Path pe, Optional<Timestamper> tsa, Path output) throws Exception {
        try (FileChannel channel = FileChannel.open(
                output,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ClientSigning.Prepared prepared = client().prepare(PLATFORM, pe, n -> {}, channel);
            prepared.finish(AuthenticodeClientSigningTest.serverSigns(rsa, prepared.payload(), tsa), channel);
        }
        return Files.readAllBytes(output);
    }

    /** The PE header moved to {@code offset} inside the first 512 bytes (as PeSigningTest does). */
    private static byte[] moveHeader(byte[] base, int offset) {
        byte[] bytes = new byte[base.length];
        System.arraycopy(base, 0, bytes, 0, 0x40);
        System.arraycopy(base, 0x40, bytes, offset, 0x200 - offset);
        System.arraycopy(base, 0x200, bytes, 0x200, base.length - 0x200);
        le(bytes).putInt(0x3C, offset);
        return bytes;
    }

    /** A DOS stub of {@code length} bytes (a multiple of the file alignment) before the PE header. */
    private static byte[] stub(byte[] base, int length) {
        byte[] bytes = new byte[base.length + length];
        System.arraycopy(base, 0, bytes, 0, 0x40);
        System.arraycopy(base, 0x40, bytes, 0x40 + length, base.length - 0x40);
        ByteBuffer b = le(bytes);
        b.putInt(0x3C, 0x40 + length);
        b.putInt(length + SIZE_OF_HEADERS, b.getInt(length + SIZE_OF_HEADERS) + length);
        b.putInt(length + SECTION_RAW_POINTER, b.getInt(length + SECTION_RAW_POINTER) + length);
        return bytes;
    }

    private static byte[] directories(byte[] base, int count) {
        byte[] bytes = base.clone();
        le(bytes).putInt(DIRECTORY_COUNT, count);
        return bytes;
    }

    private static byte[] entry(byte[] base, int offset, int size) {
        byte[] bytes = base.clone();
        le(bytes).putInt(CERTIFICATE_ENTRY, offset).putInt(CERTIFICATE_ENTRY + 4, size);
        return bytes;
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
