package dev.signet.core.format.jar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.tsa.Timestamper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarOutputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A jar signed where it lies: the client half ({@link JarClientSigning}) and the server half
 * ({@link JarFormat} with a {@link JarSignatureFilePayload}) give the jar signing the file gives
 * (byte for byte with a deterministic RSA signature), jarsigner accepts it; the payload is the
 * signature file and nothing else; answers for another jar, a changed jar, signed and irregular
 * jars are refused. Hostile payloads: {@link JarSignatureFilePayloadTest}.
 */
class JarClientSigningTest {
    private static final String PLATFORM = "Signet-JAR-SHA256-ECDSA";
    private static final JarFormat FORMAT = new JarFormat();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static Path truststore;
    private static Path tricky;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        tricky = JarSigningTest.trickyJar(dir.resolve("tricky.jar"));
        Path root = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
        truststore = TestJars.truststore(root, dir.resolve("trust.p12"));
    }

    static ClientSigning client() {
        return ClientSignings.forPlatform(PLATFORM).orElseThrow();
    }

    private static SigningKey key(KeyAlgorithm algorithm) {
        return pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
    }

    private static SignRequest request(Subject subject, SigningKey key, boolean stamped) {
        Optional<Timestamper> tsa = stamped ? Optional.of(pki.tsa()) : Optional.empty();
        return new SignRequest(
                subject,
                key,
                new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty()),
                tsa);
    }

    /** What the server does with a payload: the block. */
    private static byte[] serverSigns(byte[] payload, SigningKey key, boolean stamped) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(request(new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, payload), key, stamped), out);
        return out.toByteArray();
    }

    private static byte[] clientSigns(Path jar, SigningKey key, boolean stamped) throws FormatException {
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, jar, n -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prepared.finish(serverSigns(prepared.payload(), key, stamped), out);
        return out.toByteArray();
    }

    private static byte[] fileSigns(Path jar, SigningKey key, boolean stamped) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(request(new Subject.File(jar), key, stamped), out);
        return out.toByteArray();
    }

    /** RSA PKCS#1 v1.5 is deterministic: with the same key and time the two paths give the same bytes. */
    @Test
    void withTheSameRsaSignatureBothPathsGiveTheSameJar() throws Exception {
        SigningKey rsa = key(KeyAlgorithm.RSA_3072);
        byte[] client = clientSigns(tricky, rsa, false);
        assertThat(client).isEqualTo(fileSigns(tricky, rsa, false));
        Path signed = Files.write(dir.resolve("tricky-rsa.signed.jar"), client);
        assertJarsignerAccepts(signed);
        try (ZipFile zip = new ZipFile(signed.toFile())) {
            assertThat(zip.getEntry("META-INF/SIGNET.RSA")).isNotNull();
        }
    }

    /** A jar with a zip comment: both paths keep it and give the same jar; jarsigner -strict accepts it. */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void aCommentedJarSignedHereIsTheJarStartSigningJobWrites(boolean stamped) throws Exception {
        Path commented = JarSigningTest.trickyJar(dir.resolve("commented-" + stamped + ".jar"), Optional.of("CI #42"));
        SigningKey rsa = key(KeyAlgorithm.RSA_3072);
        byte[] client = clientSigns(commented, rsa, false);
        assertThat(client).isEqualTo(fileSigns(commented, rsa, false));

        SigningKey ec = key(KeyAlgorithm.ECDSA_P256);
        Path here = Files.write(dir.resolve("commented-here-" + stamped + ".jar"), clientSigns(commented, ec, stamped));
        Path there = Files.write(dir.resolve("commented-there-" + stamped + ".jar"), fileSigns(commented, ec, stamped));
        JarStructure.assertSame(here, there, stamped);
        assertJarsignerAccepts(here);
        try (ZipFile zip = new ZipFile(here.toFile())) {
            assertThat(zip.getComment()).isEqualTo("CI #42");
        }
        SignatureEvidence verified = FORMAT.verify(new Subject.File(here), new byte[0]);
        assertThat(verified.intact()).as(verified.integrityDetail()).isTrue();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void anEcdsaJarSignedHereHasTheStructureOfTheFileSignedOneAndVerifies(boolean stamped) throws Exception {
        SigningKey ec = key(KeyAlgorithm.ECDSA_P256);
        Path here = Files.write(dir.resolve("here-" + stamped + ".jar"), clientSigns(tricky, ec, stamped));
        Path there = Files.write(dir.resolve("there-" + stamped + ".jar"), fileSigns(tricky, ec, stamped));

        JarStructure.assertSame(here, there, stamped);
        assertJarsignerAccepts(here);
        SignatureEvidence verified = FORMAT.verify(new Subject.File(here), new byte[0]);
        assertThat(verified.intact()).as(verified.integrityDetail()).isTrue();
        assertThat(verified.timestamp().isPresent()).isEqualTo(stamped);
        assertThat(FORMAT.detectEmbedded(here)).isTrue();
    }

    private static void assertJarsignerAccepts(Path jar) {
        Processes.Result verified = TestJars.jarsignerVerify(truststore, jar);
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("jar verified");
    }

    /** The signature file deflated, then the jar's SHA-256 as the job records it; no entry's bytes. */
    @Test
    void thePayloadIsTheDeflatedSignatureFileAndTheJarsDigest() throws Exception {
        AtomicLong progress = new AtomicLong();
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, tricky, progress::addAndGet);
        byte[] inflated = inflate(prepared.payload());

        Path signed =
                Files.write(dir.resolve("payload.signed.jar"), fileSigns(tricky, key(KeyAlgorithm.ECDSA_P256), false));
        try (ZipFile zip = new ZipFile(signed.toFile())) {
            assertThat(inflated)
                    .isEqualTo(zip.getInputStream(zip.getEntry("META-INF/SIGNET.SF"))
                            .readAllBytes());
        }
        assertThat(new String(inflated, StandardCharsets.UTF_8))
                .startsWith("Signature-Version: 1.0\r\nCreated-By: Signet\r\n")
                .doesNotContain("hello");
        assertThat(progress.get()).isEqualTo(Files.size(tricky));
        String jarDigest = "sha256:" + HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, tricky));
        assertThat(new String(prepared.payload(), StandardCharsets.ISO_8859_1)).endsWith(jarDigest);
        assertThat(FORMAT.statedArtifactDigest(
                        new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, prepared.payload())))
                .contains(jarDigest);
        assertThat(client().payloadFormat(PLATFORM))
                .isEqualTo(FORMAT.payloadFormat().orElseThrow());
        assertThat(client().defaultOutput(tricky)).isEqualTo(dir.resolve("tricky.signed.jar"));
        assertThat(client().embedsInArtifact()).isTrue();
    }

    static byte[] inflate(byte[] deflated) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                inflater.setInput(new byte[1]);
            }
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }

    @Test
    void theServersBlockVerifiesAgainstThePayloadAndNotAnother() throws Exception {
        byte[] payload = client().prepare(PLATFORM, tricky, n -> {}).payload();
        byte[] block = serverSigns(payload, key(KeyAlgorithm.ECDSA_P256), true);

        SignatureEvidence good = FORMAT.verify(new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, payload), block);
        assertThat(good.intact()).as(good.integrityDetail()).isTrue();
        assertThat(good.signatureId()).isPresent();
        assertThat(good.timestamp()).isPresent();

        Path other = TestJars.write(dir.resolve("other.jar"));
        byte[] otherPayload = client().prepare(PLATFORM, other, n -> {}).payload();
        SignatureEvidence bad =
                FORMAT.verify(new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, otherPayload), block);
        assertThat(bad.intact()).isFalse();
        assertThat(bad.integrityDetail()).contains("messageDigest is not the SHA-256 of this jar's signature file");
    }

    @Test
    void anAnswerForAnotherJarOrATamperedOneIsNotEmbedded() throws Exception {
        SigningKey ec = key(KeyAlgorithm.ECDSA_P256);
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, tricky, n -> {});
        Path other = TestJars.write(dir.resolve("answer-other.jar"));
        byte[] forOther = serverSigns(client().prepare(PLATFORM, other, n -> {}).payload(), ec, false);
        OutputStream sink = new ByteArrayOutputStream();
        assertThatThrownBy(() -> prepared.finish(forOther, sink))
                .isInstanceOf(FormatException.class)
                .hasMessage("the server's signature block does not sign this jar: the signature block's"
                        + " messageDigest is not the SHA-256 of this jar's signature file");

        byte[] block = serverSigns(prepared.payload(), ec, false);
        byte[] flipped = block.clone();
        int value = indexOfSignatureValue(block);
        flipped[value] ^= 1;
        assertThatThrownBy(() -> prepared.finish(flipped, sink))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("signature value does not verify with its signer certificate's key");
        assertThatThrownBy(() -> prepared.finish("not a block".getBytes(StandardCharsets.US_ASCII), sink))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("the JAR signature block is malformed");
    }

    /** The last byte of the ECDSA value: the SignerInfo's OCTET STRING ends the block when unstamped. */
    private static int indexOfSignatureValue(byte[] block) {
        return block.length - 1;
    }

    @Test
    void aJarChangedAfterHashingIsRefused() throws Exception {
        Path jar = Files.copy(tricky, dir.resolve("changing.jar"));
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, jar, n -> {});
        byte[] block = serverSigns(prepared.payload(), key(KeyAlgorithm.ECDSA_P256), false);
        byte[] bytes = Files.readAllBytes(jar);
        bytes[TestJars.dataOffset(bytes, "stored/random.bin") + 10] ^= 1;
        Files.write(jar, bytes);
        assertThatThrownBy(() -> prepared.finish(block, new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("changed while it was signed");
    }

    /** As StartSigningJob: an already signed jar is refused before anything is sent, as are the irregular ones. */
    @Test
    void signedIrregularAndMalformedJarsAreRefusedBeforeAnythingIsSent() throws Exception {
        Path signed = Files.write(dir.resolve("twice.jar"), fileSigns(tricky, key(KeyAlgorithm.ECDSA_P256), false));
        assertThatThrownBy(() -> client().prepare(PLATFORM, signed, n -> {}))
                .isInstanceOf(FormatException.class)
                .hasMessage(
                        "the JAR is already signed (it carries a jar signature); sign the original artifact instead");

        Path stray = dir.resolve("stray.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(stray))) {
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write(1);
            out.putNextEntry(new ZipEntry("META-INF/OLD.SF"));
            out.write(2);
        }
        assertThatThrownBy(() -> client().prepare(PLATFORM, stray, n -> {}))
                .isInstanceOf(FormatException.class)
                .hasMessage("the JAR is already signed (META-INF/OLD.SF)");

        Path trailing = Files.write(dir.resolve("trailing.jar"), concat(Files.readAllBytes(tricky), new byte[] {0}));
        assertThatThrownBy(() -> client().prepare(PLATFORM, trailing, n -> {}))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("only StartSigningJob signs this JAR");

        Path text = Files.writeString(dir.resolve("text.jar"), "not a jar at all");
        assertThatThrownBy(() -> client().prepare(PLATFORM, text, n -> {}))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("not a readable JAR: ");
    }

    /**
     * A jar of 10,000 entries with class-like names fits SignPayload's limit for this platform,
     * with room to spare; one whose signature file deflates past it is refused with the reason,
     * before anything is sent.
     */
    @Test
    void tenThousandEntriesFitAndTooManyAreRefusedWithTheReason() throws Exception {
        Path big = manyEntries(dir.resolve("big.jar"), 10_000, false);
        byte[] payload = client().prepare(PLATFORM, big, n -> {}).payload();
        System.out.println("10,000 entries: payload " + payload.length + " bytes, signature file "
                + inflate(payload).length + " bytes");
        assertThat(payload.length).isLessThan(JarSignatureFilePayload.MAX_BYTES / 2);
        byte[] block = serverSigns(payload, key(KeyAlgorithm.ECDSA_P256), false);
        assertThat(FORMAT.verify(new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, payload), block)
                        .intact())
                .isTrue();

        Path huge = manyEntries(dir.resolve("huge.jar"), 16_000, true);
        assertThatThrownBy(() -> client().prepare(PLATFORM, huge, n -> {}))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("its signature file (16000 entries) deflates to ")
                .hasMessageContaining("more than the 1048576 SignPayload takes: sign it with StartSigningJob");
    }

    /** {@code count} small entries named like classes of a large project, or with random names. */
    static Path manyEntries(Path file, int count, boolean randomNames) throws Exception {
        Random random = new Random(count);
        String[] packages = {"core", "service", "http", "store", "format", "crypto", "verify", "cli"};
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(
                    randomNames
                            ? "r/" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
                                    + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
                                    + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
                                    + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
                            : "org/example/project/" + packages[i % packages.length] + "/module" + (i / 400)
                                    + "/SomethingRatherDescriptive" + i + "Handler$Inner.class");
        }
        Collections.sort(names);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            for (String name : names) {
                out.putNextEntry(new ZipEntry(name));
                out.write(name.getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }

    /** Entry names, in order, of a jar. */
    static List<String> names(Path jar) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                names.add(entries.nextElement().getName());
            }
        }
        return names;
    }
}
