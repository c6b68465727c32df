package dev.signet.core.format.jar;

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
import dev.signet.core.testing.FlippingKeyBackend;
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
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass signer ({@link JarSigning}): jarsigner accepts what it writes, its self-check gives
 * exactly the evidence {@link JarFormat#verify} gives, it copies compressed data as-is, a wrong
 * signature value fails it, and inputs it does not lay out itself go to the JarSigner path.
 */
class JarSigningTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final JarFormat FORMAT = new JarFormat();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static Path truststore;
    private static Path tricky;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        tricky = trickyJar(dir.resolve("tricky.jar"));
        Path root = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
        truststore = TestJars.truststore(root, dir.resolve("trust.p12"));
    }

    @ParameterizedTest
    @CsvSource({"ECDSA_P256, true", "ECDSA_P256, false", "RSA_3072, false"})
    void jarsignerAcceptsItAndTheSelfCheckEvidenceIsWhatVerifyReports(KeyAlgorithm algorithm, boolean stamped)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence self = FORMAT.sign(request(tricky, key(algorithm), stamped), out);
        Path signed = Files.write(dir.resolve("tricky-" + algorithm + stamped + ".jar"), out.toByteArray());

        Processes.Result verified = jarsigner(signed);
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("jar verified");
        assertSameEvidence(self, FORMAT.verify(new Subject.File(signed), new byte[0]));
        assertThat(self.timestamp().isPresent()).isEqualTo(stamped);
        try (ZipFile zip = new ZipFile(signed.toFile())) {
            assertThat(zip.getEntry(JarSignatureBlock.entryName(algorithm))).isNotNull();
            assertThat(zip.entries().nextElement().getName()).isEqualTo("META-INF/MANIFEST.MF");
        }
    }

    @Test
    void compressedEntriesAreCopiedByteForByte() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(request(tricky, key(KeyAlgorithm.ECDSA_P256), false), out);
        byte[] input = Files.readAllBytes(tricky);
        byte[] output = out.toByteArray();
        int deflated = 0;
        try (ZipFile zip = new ZipFile(tricky.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.getMethod() != ZipEntry.DEFLATED || e.getName().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                int from = TestJars.dataOffset(input, e.getName());
                int to = TestJars.dataOffset(output, e.getName());
                int n = (int) e.getCompressedSize();
                assertThat(Arrays.copyOfRange(output, to, to + n))
                        .as(e.getName())
                        .isEqualTo(Arrays.copyOfRange(input, from, from + n));
                deflated++;
            }
        }
        assertThat(deflated).isGreaterThan(3);
    }

    @Test
    void aKeyBackendReturningAFlippedSignatureFailsTheSelfCheck() throws Exception {
        SigningKey good = key(KeyAlgorithm.ECDSA_P256);
        SigningKey flipping = FlippingKeyBackend.corrupting(good);
        OutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> FORMAT.sign(request(tricky, flipping, false), out))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("own verification");
    }

    @ParameterizedTest
    @ValueSource(strings = {"META-INF/OLD.SF", "META-INF/old.rsa", "META-INF/OLD.EC", "META-INF/SIG-OLD"})
    void refusesJarsThatCarrySignatureFiles(String name) throws Exception {
        Path jar = dir.resolve("with-" + name.replace('/', '_'));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest())) {
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write(1);
            out.putNextEntry(new ZipEntry(name));
            out.write(2);
        }
        assertThatThrownBy(() ->
                        FORMAT.sign(request(jar, key(KeyAlgorithm.ECDSA_P256), false), new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("already signed");
    }

    /** Tampered inputs: a stored entry whose bytes do not match its CRC-32, and a duplicated name. */
    @ParameterizedTest
    @ValueSource(strings = {"crc", "duplicate"})
    void refusesCorruptJars(String damage) throws Exception {
        byte[] bytes = Files.readAllBytes(tricky);
        if (damage.equals("crc")) {
            bytes[TestJars.dataOffset(bytes, "stored/random.bin") + 10] ^= 0x01;
        } else {
            replaceAll(bytes, "dup/b.txt", "dup/a.txt");
        }
        Path jar = Files.write(dir.resolve("corrupt-" + damage + ".jar"), bytes);
        assertThatThrownBy(() ->
                        FORMAT.sign(request(jar, key(KeyAlgorithm.ECDSA_P256), false), new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                // a duplicated name is refused by the JDK's JarSigner, whose detail is only "I/O error"
                .hasMessageStartingWith(
                        damage.equals("crc")
                                ? "the JAR is malformed: the entry stored/random.bin does not match its size or CRC-32"
                                : "the JAR could not be signed");
    }

    /** A zip comment is read and kept: the jar is signed directly, and jarsigner accepts it. */
    @Test
    void aJarWithACommentIsSignedDirectlyAndKeepsItsComment() throws Exception {
        Path jar = commented("commented.jar", "built by CI run 42");
        try (var channel = java.nio.channels.FileChannel.open(jar)) {
            assertThat(ZipDirectory.read(channel).orElseThrow().comment())
                    .isEqualTo("built by CI run 42".getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence self = FORMAT.sign(request(jar, key(KeyAlgorithm.ECDSA_P256), false), out);
        Path signed = Files.write(dir.resolve("commented-signed.jar"), out.toByteArray());
        Processes.Result verified = jarsigner(signed);
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("jar verified");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(signed.toFile())) {
            assertThat(zip.getComment()).isEqualTo("built by CI run 42");
        }
        assertSameEvidence(self, FORMAT.verify(new Subject.File(signed), new byte[0]));
    }

    /**
     * A comment holding an end record's signature makes the end record ambiguous: {@link
     * ZipDirectory} does not read it, and the JarSigner path signs it.
     */
    @Test
    void aCommentHoldingAnEndRecordSignatureIsLeftToTheJarSignerPath() throws Exception {
        Path jar = commented("ambiguous.jar", "PK\u0005\u0006 not an end record");
        try (var channel = java.nio.channels.FileChannel.open(jar)) {
            assertThat(ZipDirectory.read(channel)).isEmpty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence self = FORMAT.sign(request(jar, key(KeyAlgorithm.ECDSA_P256), false), out);
        Path signed = Files.write(dir.resolve("ambiguous-signed.jar"), out.toByteArray());
        assertThat(jarsigner(signed).exitCode()).isZero();
        assertSameEvidence(self, FORMAT.verify(new Subject.File(signed), new byte[0]));
    }

    private Path commented(String name, String comment) throws Exception {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest())) {
            out.setComment(comment);
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    static void assertSameEvidence(SignatureEvidence self, SignatureEvidence verified) {
        assertThat(self.intact()).as(self.integrityDetail()).isTrue();
        assertThat(verified.intact()).as(verified.integrityDetail()).isTrue();
        assertThat(self.formatId()).isEqualTo(verified.formatId());
        assertThat(self.integrityDetail()).isEqualTo(verified.integrityDetail());
        assertThat(self.chain()).isEqualTo(verified.chain());
        assertThat(self.signingTime()).isEqualTo(verified.signingTime()).isPresent();
        assertThat(self.timestamp()).isEqualTo(verified.timestamp());
        assertThat(self.signatureValue()).isEqualTo(verified.signatureValue());
        assertThat(self.signatureId()).isEqualTo(verified.signatureId()).isPresent();
        assertThat(self.expiresAt()).isEqualTo(verified.expiresAt());
    }

    private static SignRequest request(Path jar, SigningKey key, boolean stamped) {
        Optional<Timestamper> tsa = stamped ? Optional.of(pki.tsa()) : Optional.empty();
        return new SignRequest(
                new Subject.File(jar),
                key,
                new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty()),
                tsa);
    }

    private static SigningKey key(KeyAlgorithm algorithm) {
        return pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
    }

    private static Processes.Result jarsigner(Path jar) {
        return TestJars.jarsignerVerify(truststore, jar);
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }

    /**
     * A manifest with a long main attribute and sections of its own (one for an entry, one for a
     * directory, one for a name not in the jar); names longer than a manifest line and non-ASCII;
     * empty, stored and deflated entries; META-INF content besides the manifest.
     */
    static Path trickyJar(Path file) throws Exception {
        return trickyJar(file, Optional.empty());
    }

    /** As above, with {@code comment} as the zip comment. */
    static Path trickyJar(Path file, Optional<String> comment) throws Exception {
        Manifest manifest = manifest();
        manifest.getMainAttributes().putValue("Implementation-Title", "t".repeat(150));
        manifest.getEntries().put("dev/example/Hello.txt", new Attributes());
        manifest.getAttributes("dev/example/Hello.txt").putValue("Implementation-Version", "1.2.3");
        manifest.getEntries().put("dev/example/", new Attributes());
        manifest.getAttributes("dev/example/").putValue("Sealed", "true");
        manifest.getEntries().put("not/in/the/jar.txt", new Attributes());
        manifest.getAttributes("not/in/the/jar.txt").putValue("Comment", "kept");
        byte[] random = new byte[30_000];
        new Random(11).nextBytes(random);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            comment.ifPresent(jar::setComment);
            jar.putNextEntry(new ZipEntry("META-INF/services/dev.example.Service"));
            jar.write("dev.example.Impl\n".getBytes(StandardCharsets.UTF_8));
            jar.putNextEntry(new ZipEntry("dev/example/"));
            jar.putNextEntry(new ZipEntry("dev/example/Hello.txt"));
            jar.write("hello\n".repeat(300).getBytes(StandardCharsets.UTF_8));
            jar.putNextEntry(new ZipEntry("dev/example/" + "very-long-directory-name/".repeat(4) + "Deep.class"));
            jar.write(new byte[5000]);
            jar.putNextEntry(new ZipEntry("dev/exämple/ünïcode-名前-" + "é".repeat(40) + ".txt"));
            jar.write("non-ASCII name\n".getBytes(StandardCharsets.UTF_8));
            jar.putNextEntry(new ZipEntry("empty.txt"));
            TestJars.putStored(jar, "stored/random.bin", random);
            jar.putNextEntry(new ZipEntry("dup/a.txt"));
            jar.write('a');
            jar.putNextEntry(new ZipEntry("dup/b.txt"));
            jar.write('b');
            jar.closeEntry();
        }
        return file;
    }

    private static void replaceAll(byte[] bytes, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + f.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, bytes, i, t.length);
            }
        }
    }
}
