package dev.signet.core.format.lambdazip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.Subject;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.testing.TestPki;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.Check;
import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.core.verify.Decision;
import dev.signet.core.verify.DeployGate;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.UntrustedArtifactAction;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Zips whose entries lie about what they hold (issue 13, item 10): a deflate bomb declaring a few
 * bytes, wrong CRC-32s, sizes that differ between the headers or from the data, data descriptors
 * that disagree, unsupported methods and encryption. Signing refuses each; a signed one (signed
 * here without the checks) verifies as MALFORMED, so the deploy gate blocks it even under Warn. Every
 * zip is built in the test; the 2 GiB bomb is about 2 MB of deflate data.
 */
class LambdaZipContentsTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final byte[] SOURCE =
            "def handler(event, context):\n    return {'ok': True}\n".repeat(40).getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey key;

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir.resolve("pki"));
        key = pki.signingKey(KeyAlgorithm.ECDSA_P384, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
    }

    static byte[] zip(RawZip.Entry... entries) {
        return RawZip.build(List.of(entries));
    }

    static RawZip.Entry index() {
        return RawZip.deflated("index.py", SOURCE);
    }

    /** A 2 GiB deflate bomb in an entry whose headers declare 10 bytes (and the CRC of 10 zeros). */
    static RawZip.Entry bomb() {
        return new RawZip.Entry("bomb.bin", 8, RawZip.zerosBomb(2048), RawZip.crc(new byte[10]), 10);
    }

    static Stream<Arguments> lyingZips() {
        RawZip.Entry wrongCrc = index();
        wrongCrc.crc ^= 1;
        RawZip.Entry fewer = index();
        fewer.uncompressed += 5;
        RawZip.Entry storedSizes = RawZip.stored("lib/blob.bin", SOURCE);
        storedSizes.uncompressed += 1;
        RawZip.Entry trailing = index();
        trailing.data = concat(trailing.data, new byte[] {1, 2, 3, 4});
        trailing.compressed = trailing.data.length;
        RawZip.Entry truncated = index();
        truncated.data = Arrays.copyOf(truncated.data, truncated.data.length - 3);
        truncated.compressed = truncated.data.length;
        byte[] noise = new byte[600];
        new Random(5).nextBytes(noise);
        noise[0] = 0x07; // BTYPE 11: a reserved block type, never valid deflate
        RawZip.Entry notDeflate = new RawZip.Entry("index.py", 8, noise, 0, 600);
        RawZip.Entry bzip2 = index();
        bzip2.method = 12;
        RawZip.Entry encrypted = index();
        encrypted.flags = 1;
        RawZip.Entry localSize = index();
        localSize.localUncompressed = localSize.uncompressed + 1;
        RawZip.Entry localCrc = index();
        localCrc.localCrc = localCrc.crc ^ 0x100;
        RawZip.Entry descriptor = index();
        descriptor.flags = 8;
        descriptor.localCrc = 0L;
        descriptor.localCompressed = 0L;
        descriptor.localUncompressed = 0L;
        descriptor.descriptor = RawZip.descriptor(descriptor.crc ^ 1, descriptor.compressed, descriptor.uncompressed);
        RawZip.Entry noDescriptor = index();
        noDescriptor.flags = 8;
        return Stream.of(
                Arguments.of(
                        "a 2 GiB deflate bomb declaring 10 bytes",
                        zip(index(), bomb()),
                        "entry 'bomb.bin' inflates to more than the 10 bytes its headers declare"),
                Arguments.of(
                        "a wrong CRC-32",
                        zip(wrongCrc),
                        "entry 'index.py' has CRC-32 " + hex(RawZip.crc(SOURCE)) + ", not the "
                                + hex(RawZip.crc(SOURCE) ^ 1) + " its headers declare"),
                Arguments.of(
                        "fewer bytes than declared",
                        zip(fewer),
                        "entry 'index.py' inflates to " + SOURCE.length + " bytes, not the " + (SOURCE.length + 5)
                                + " its headers declare"),
                Arguments.of(
                        "a stored entry whose sizes differ",
                        zip(storedSizes),
                        "entry 'lib/blob.bin' is stored, yet its compressed size " + SOURCE.length
                                + " differs from its size " + (SOURCE.length + 1)),
                Arguments.of(
                        "bytes after the deflate stream",
                        zip(trailing),
                        "entry 'index.py': its deflate data ends before its declared compressed size"),
                Arguments.of(
                        "a truncated deflate stream",
                        zip(truncated),
                        "entry 'index.py': its deflate data is truncated"),
                Arguments.of("not deflate data", zip(notDeflate), "entry 'index.py' is not valid deflate data"),
                Arguments.of(
                        "an unsupported method",
                        zip(bzip2),
                        "entry 'index.py' uses compression method 12; only stored (0) and deflated (8)"),
                Arguments.of("an encrypted entry", zip(encrypted), "entry 'index.py' is encrypted"),
                Arguments.of(
                        "a local size that is not the central one",
                        zip(localSize),
                        "entry 'index.py': local and central headers disagree"),
                Arguments.of(
                        "a local CRC-32 that is not the central one",
                        zip(localCrc),
                        "entry 'index.py': local and central headers disagree"),
                Arguments.of(
                        "a data descriptor that disagrees",
                        zip(descriptor),
                        "entry 'index.py': its data descriptor disagrees with the central directory"),
                Arguments.of(
                        "a data descriptor flagged but missing",
                        zip(noDescriptor),
                        "entry 'index.py': its data descriptor disagrees with the central directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lyingZips")
    void signingRefusesAZipWhoseEntriesLie(String name, byte[] zip, String reason) {
        assertThatThrownBy(() -> sign(zip)).isInstanceOf(FormatException.class).hasMessageContaining(reason);
    }

    @Test
    void honestZipsStillSign() throws Exception {
        RawZip.Entry withDescriptor = RawZip.deflated("lib/util.py", SOURCE);
        withDescriptor.flags = 8;
        withDescriptor.localCrc = 0L;
        withDescriptor.localCompressed = 0L;
        withDescriptor.localUncompressed = 0L;
        withDescriptor.descriptor =
                RawZip.descriptor(withDescriptor.crc, withDescriptor.compressed, withDescriptor.uncompressed);
        RawZip.Entry empty = RawZip.deflated("empty.txt", new byte[0]);
        byte[] zip = zip(index(), RawZip.stored("lib/blob.bin", SOURCE), withDescriptor, empty);

        VerificationResult result = verify(sign(zip));

        assertThat(result.valid()).as(result.toString()).isTrue();
    }

    @Test
    void theBombReallyHoldsTwoGibibytes() {
        // the same construction at 3 MiB, inflated in full: the bomb is what its name says
        byte[] small = RawZip.zerosBomb(3);
        Inflater inflater = new Inflater(true);
        inflater.setInput(small);
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try {
            while (!inflater.finished()) {
                total += inflater.inflate(buffer);
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        }
        assertThat(total).isEqualTo(3L << 20);
        assertThat(RawZip.zerosBomb(2048).length).isLessThan(4 << 20);
    }

    @Test
    void aSignedZipWhoseEntriesLieIsMalformedAndTheGateBlocksItEvenUnderWarn() throws Exception {
        byte[] signed = signWithoutChecks(zip(index(), bomb()));

        VerificationResult result = verify(signed);
        assertThat(result.checks().get(0).check()).isEqualTo(Check.INTEGRITY);
        assertThat(result.checks().get(0).reason()).isEqualTo(ReasonCode.MALFORMED);
        assertThat(result.checks().get(0).message())
                .isEqualTo("entry 'bomb.bin' inflates to more than the 10 bytes its headers declare");

        RevocationList list = new RevocationList(NOW, NOW.plus(Duration.ofDays(7)), List.of(), List.of());
        DeployGate gate = DeployGate.builder()
                .policy(new CodeSigningPolicy(List.of(TestPki.ARN), UntrustedArtifactAction.WARN))
                .trustedRoots(List.of(pki.root()))
                .revocationList(list)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
        Decision decision = gate.decide(new Subject.File(write(signed)), new byte[0]);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.blocking()).extracting(c -> c.reason()).containsExactly(ReasonCode.MALFORMED);
    }

    @Test
    void unzipAgreesThatAWrongCrcIsBad() throws Exception {
        RawZip.Entry wrongCrc = RawZip.stored("index.py", SOURCE);
        wrongCrc.crc ^= 1;
        Path file = write(zip(wrongCrc));
        var unzip = Tools.run("unzip", "-t", file.toString());
        assertThat(unzip.exitCode()).as(unzip.output()).isNotZero();
        assertThat(unzip.output()).contains("bad CRC");
        assertThatThrownBy(() -> sign(zip(wrongCrc))).hasMessageContaining("CRC-32");
    }

    private static byte[] sign(byte[] zip) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LambdaZipFormat()
                .sign(new SignRequest(new Subject.File(write(zip)), key, LambdaZipFormatTest.metadata()), out);
        return out.toByteArray();
    }

    private static VerificationResult verify(byte[] zip) throws Exception {
        return Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build()
                .verify(new Subject.File(write(zip)), new byte[0]);
    }

    /**
     * The signed zip Signet wrote before it checked entry contents: the original, the signature
     * entry, the central directory with its header, the end record (docs/formats.md, lambda-zip).
     */
    private static byte[] signWithoutChecks(byte[] zip) throws Exception {
        Path input = write(zip);
        ZipLayout layout = ZipLayout.read(input);
        byte[] block = LambdaZipToken.sign(
                        key,
                        new LambdaZipToken.Claims(
                                Digests.digest(HashAlgorithm.SHA384, input),
                                layout.size(),
                                TestPki.ARN,
                                Optional.empty(),
                                NOW,
                                NOW.plus(Duration.ofDays(30))))
                .block();
        int c = (int) layout.centralOffset();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(zip, 0, c);
        out.writeBytes(SignatureEntry.localHeader(block));
        out.writeBytes(block);
        out.write(zip, c, (int) layout.centralSize());
        out.writeBytes(SignatureEntry.centralHeader(block, c));
        out.writeBytes(SignatureEntry.endRecord(
                layout.entries().size() + 1,
                layout.centralSize() + SignatureEntry.centralLength(),
                c + SignatureEntry.localLength() + block.length,
                layout.comment()));
        return out.toByteArray();
    }

    private static Path write(byte[] zip) throws Exception {
        return Files.write(Files.createTempFile(dir, "z-", ".zip"), zip);
    }

    private static String hex(long crc) {
        return String.format("%08x", crc);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return LambdaZipFormatTest.concat(a, b);
    }
}
