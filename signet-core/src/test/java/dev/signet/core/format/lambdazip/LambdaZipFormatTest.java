package dev.signet.core.format.lambdazip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.TestPki;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.Check;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LambdaZipFormatTest {
    private static final LambdaZipFormat FORMAT = new LambdaZipFormat();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String JOB =
            "arn:aws:signer:us-east-1:000000000000:/signing-jobs/3f1e0000-0000-4000-8000-000000000001";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey key;
    private static byte[] original;
    private static byte[] signed;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        key = pki.signingKey(KeyAlgorithm.ECDSA_P384, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        original = TestZips.function(7);
        signed = sign(original);
    }

    static byte[] sign(byte[] zip) throws Exception {
        Path input = Files.write(Files.createTempFile(dir, "in-", ".zip"), zip);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(new SignRequest(new Subject.File(input), key, metadata()), out);
        return out.toByteArray();
    }

    static SignatureMetadata metadata() {
        return new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.of(JOB));
    }

    private static VerificationResult verify(byte[] zip) throws IOException {
        Path file = Files.write(Files.createTempFile(dir, "v-", ".zip"), zip);
        return Verifier.builder().trustedRoots(List.of(pki.root())).build().verify(new Subject.File(file), new byte[0]);
    }

    @Test
    void signedZipVerifiesAndKeepsEveryOriginalByte() throws Exception {
        VerificationResult result = verify(signed);
        assertThat(result.valid()).as(result.toString()).isTrue();
        int centralOffset =
                ZipLayout.read(Files.write(dir.resolve("orig.zip"), original)).centralOffset() > 0
                        ? (int) ZipLayout.read(dir.resolve("orig.zip")).centralOffset()
                        : 0;
        assertThat(Arrays.copyOf(signed, centralOffset)).isEqualTo(Arrays.copyOf(original, centralOffset));
        assertThat(SignatureFormats.forPlatform("AWSLambda-SHA384-ECDSA")).get().isInstanceOf(LambdaZipFormat.class);
        assertThat(FORMAT.outputSuffix()).isEqualTo(".zip");
        assertThat(FORMAT.detectEmbedded(dir.resolve("orig.zip"))).isFalse();
    }

    @Test
    void signedZipStillReadsWithJavaUtilZipUnzipAndPython() throws Exception {
        Path file = Files.write(dir.resolve("readers.zip"), signed);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName))
                    .containsExactly("index.py", "lib/blob.bin", "lib/", "META-INF/signet.sig");
            zip.stream().forEach(e -> {
                try {
                    zip.getInputStream(e).readAllBytes();
                } catch (IOException ex) {
                    throw new AssertionError(ex);
                }
            });
        }
        List<String> streamed = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(signed))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                in.readAllBytes();
                streamed.add(e.getName());
            }
        }
        assertThat(streamed).hasSize(4);
        var unzip = Tools.run("unzip", "-t", file.toString());
        assertThat(unzip.exitCode()).as(unzip.output()).isZero();
        assertThat(unzip.output()).contains("No errors detected");
        var python = Tools.run(
                "python3",
                "-c",
                "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); r = z.testzip(); print(len(z.namelist())); sys.exit(0 if r is None else 1)",
                file.toString());
        assertThat(python.exitCode()).as(python.output()).isZero();
        assertThat(python.output().strip()).isEqualTo("4");
    }

    @Test
    void alreadySignedZipIsRefused() {
        assertThatThrownBy(() -> sign(signed))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("already signed");
    }

    @Test
    void unsignedZipIsUnsigned() throws Exception {
        assertThat(verify(original).checks().get(0).reason()).isEqualTo(ReasonCode.UNSIGNED);
    }

    @Test
    void digestsAndOtherKeysAreRefused() {
        SigningKey p256 = pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
        Path input = dir.resolve("k.zip");
        assertThatThrownBy(() -> {
                    Files.write(input, original);
                    FORMAT.sign(
                            new SignRequest(new Subject.File(input), p256, metadata()), new ByteArrayOutputStream());
                })
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("P-384");
        assertThatThrownBy(() -> FORMAT.sign(
                        new SignRequest(
                                new Subject.Digest(dev.signet.core.crypto.HashAlgorithm.SHA384, new byte[48]),
                                key,
                                metadata()),
                        new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not digests");
    }

    /** Positions across the whole signed zip: entries, signature entry, central directory, end record. */
    static Stream<Integer> tamperPositions() {
        Random random = new Random(1234);
        List<Integer> positions = new ArrayList<>(
                List.of(0, 1, 4, 30, signed.length / 2, signed.length - 1, signed.length - 22, signed.length - 10));
        IntStream.range(0, 60).forEach(i -> positions.add(random.nextInt(signed.length)));
        int sigLocal = indexOf(signed, "PK\u0003\u0004".getBytes(), original.length - 200);
        for (int i = 0; i < 20; i++) {
            positions.add(original.length - 22 + random.nextInt(signed.length - original.length));
        }
        positions.add(Math.max(0, sigLocal));
        return positions.stream().distinct();
    }

    @ParameterizedTest
    @MethodSource("tamperPositions")
    void anyChangedByteFailsIntegrity(int position) throws Exception {
        for (int bit : new int[] {0x01, 0x80}) {
            byte[] tampered = signed.clone();
            tampered[position] ^= (byte) bit;
            VerificationResult result = verify(tampered);
            assertThat(result.valid()).as("byte " + position + " bit " + bit).isFalse();
            assertThat(result.checks().get(0).check()).isEqualTo(Check.INTEGRITY);
            assertThat(result.checks().get(0).reason())
                    .as("byte " + position + " bit " + bit + ": "
                            + result.checks().get(0).message())
                    .isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
        }
    }

    static Stream<Arguments> malformedZips() {
        byte[] zip = TestZips.function(3);
        int central = indexOf(zip, new byte[] {0x50, 0x4b, 1, 2}, 0);
        return Stream.of(
                Arguments.of("empty", TestZips.empty(), "empty"),
                Arguments.of("truncated", Arrays.copyOf(zip, zip.length - 7), "end record"),
                Arguments.of("truncated half", Arrays.copyOf(zip, zip.length / 2), "end record"),
                Arguments.of("not a zip", "hello".getBytes(), "zip"),
                Arguments.of("trailing data", concat(zip, new byte[] {1, 2, 3}), "end record"),
                Arguments.of("prefixed data", concat(new byte[] {9, 9, 9, 9}, zip), "central directory"),
                Arguments.of("1 GiB declared, not held", declared(zip, 1 << 30, 0), "inflates to"),
                Arguments.of(
                        "1 GiB declared in the central directory only",
                        patch32(zip, central + 24, 1 << 30),
                        "descriptor"),
                Arguments.of("over 4 GiB declared uncompressed", overDeclared(zip), "4 GiB"),
                Arguments.of(
                        "1 GB declared compressed", patch32(zip, central + 20, 1 << 30), "more than the zip holds"),
                Arguments.of("overlapping entries", overlapping(zip), "overlaps"),
                Arguments.of("zip64 marker", patch32(zip, central + 42, -1), "zip64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedZips")
    void malformedZipsAreRefusedWithAReason(String name, byte[] zip, String reason) {
        assertThatThrownBy(() -> sign(zip)).isInstanceOf(FormatException.class).hasMessageContaining(reason);
    }

    /**
     * The first and third entries (deflated, with data descriptors) each declaring 3.75 GiB
     * uncompressed in their central header and descriptor alike: 7.5 GiB in all.
     */
    private static byte[] overDeclared(byte[] zip) {
        return declared(declared(zip, 0xF000_0000, 0), 0xF000_0000, 2);
    }

    /** Entry {@code index} (deflated, with a data descriptor) declaring {@code size} uncompressed in its central header and descriptor. */
    private static byte[] declared(byte[] zip, int size, int index) {
        int central = indexOf(zip, new byte[] {0x50, 0x4b, 1, 2}, 0);
        int descriptor = indexOf(zip, new byte[] {0x50, 0x4b, 7, 8}, 0);
        for (int i = 0; i < index; i++) {
            central = indexOf(zip, new byte[] {0x50, 0x4b, 1, 2}, central + 4);
        }
        for (int i = 0; i < index / 2; i++) { // the stored entry between them has no descriptor
            descriptor = indexOf(zip, new byte[] {0x50, 0x4b, 7, 8}, descriptor + 4);
        }
        return patch32(patch32(zip, central + 24, size), descriptor + 12, size);
    }

    /**
     * The third entry moved back into the second entry's data (stored, so no data descriptor is
     * overwritten and the overlap is what is found).
     */
    private static byte[] overlapping(byte[] zip) {
        int first = indexOf(zip, new byte[] {0x50, 0x4b, 1, 2}, 0);
        int second = indexOf(zip, new byte[] {0x50, 0x4b, 1, 2}, first + 4);
        int third = indexOf(zip, new byte[] {0x50, 0x4b, 1, 2}, second + 4);
        int thirdLocal = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getInt(third + 42);
        // copy the third entry (header, data, descriptor) 10 bytes earlier, over the end of the second's data
        byte[] out = zip.clone();
        System.arraycopy(zip, thirdLocal, out, thirdLocal - 10, first - thirdLocal);
        return patch32(out, third + 42, thirdLocal - 10);
    }

    static byte[] patch32(byte[] zip, int at, int value) {
        byte[] out = zip.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
