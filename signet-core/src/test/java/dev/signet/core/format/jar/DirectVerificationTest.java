package dev.signet.core.format.jar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.TestPki;
import dev.signet.core.tsa.Timestamper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signet's own JAR verifier ({@link DirectVerification}): it finds intact exactly the jars Signet
 * and the JDK's JarSigner write, with the evidence the JDK's path gives, and it finds nothing for
 * every jar it must not vouch for, each of which {@link JarFormat#verify} then refuses (through the
 * JDK's JarFile) with the message it always gave.
 */
class DirectVerificationTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final JarFormat FORMAT = new JarFormat();
    private static final String HELLO = "dev/example/Hello.txt";
    private static final String SF = JarSigning.SIGNATURE_FILE;
    private static final String BLOCK = JarSigning.BLOCK;

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey key;
    private static Path unsigned;
    private static Map<String, byte[]> signed;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        key = pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        unsigned = TestJars.write(dir.resolve("app.jar"));
        signed = entries(Files.write(dir.resolve("signed.jar"), sign(unsigned, key, Optional.empty())));
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"ECDSA_P256", "ECDSA_P384", "RSA_3072", "RSA_2048"})
    void aJarSignetSignsIsVerifiedDirectlyWithTheJdksEvidence(KeyAlgorithm algorithm) throws Exception {
        SigningKey signer = pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        Path jar = Files.write(dir.resolve("signed-" + algorithm + ".jar"), sign(unsigned, signer, Optional.empty()));
        Optional<SignatureEvidence> direct = DirectVerification.verify(jar);
        assertThat(direct).isPresent();
        JarSigningTest.assertSameEvidence(direct.get(), JarVerification.verifyWithJarFile(jar));
    }

    @Test
    void aJarTheJdksJarSignerSignsIsVerifiedDirectly() throws Exception {
        Path jar = dir.resolve("jarsigner.jar");
        JarSignerFallback.sign(request(unsigned, key, Optional.empty()), unsigned, jar);
        Optional<SignatureEvidence> direct = DirectVerification.verify(jar);
        assertThat(direct).isPresent();
        JarSigningTest.assertSameEvidence(direct.get(), JarVerification.verifyWithJarFile(jar));
    }

    /** The control for the refusals below: the same jar rewritten unchanged is still found intact. */
    @Test
    void theSignedJarRewrittenUnchangedIsVerifiedDirectly() throws Exception {
        Path path = write(new LinkedHashMap<>(signed), "unchanged.jar");
        Optional<SignatureEvidence> direct = DirectVerification.verify(path);
        assertThat(direct).isPresent();
        JarSigningTest.assertSameEvidence(direct.get(), JarVerification.verifyWithJarFile(path));
    }

    @Test
    void anEntryAddedAfterSigningIsNotCovered() throws Exception {
        assertRefused(
                jar -> jar.put("added.txt", bytes("added\n")), "the entry added.txt is not covered by the signature");
    }

    @Test
    void anEntryTheSignatureFileDoesNotNameIsNotCovered() throws Exception {
        assertRefused(
                jar -> {
                    String sf = text(jar.get(SF));
                    int at = sf.indexOf("Name: " + HELLO);
                    String without = sf.substring(0, at) + sf.substring(sf.indexOf("\r\n\r\n", at) + 4);
                    resign(jar, without);
                },
                "the entry " + HELLO + " is not covered by the signature");
    }

    @Test
    void aTamperedEntryFailsItsDigest() throws Exception {
        assertRefused(
                jar -> jar.put(HELLO, bytes("hello from a tampered jar\n")),
                "the JAR signature does not verify: SHA-256 digest error for " + HELLO);
    }

    @Test
    void aChangedManifestMainSectionFailsTheSignatureFile() throws Exception {
        assertRefused(
                jar -> jar.put(
                        JarSigning.MANIFEST,
                        bytes(text(jar.get(JarSigning.MANIFEST))
                                .replace("Created-By: Signet tests", "Created-By: someone else"))),
                "the JAR signature does not verify: Invalid signature file digest for Manifest main attributes");
    }

    @Test
    void aChangedManifestSectionFailsItsSignatureFileDigest() throws Exception {
        assertRefused(
                jar -> {
                    String manifest = text(jar.get(JarSigning.MANIFEST));
                    jar.put(
                            JarSigning.MANIFEST,
                            bytes(manifest.replace(
                                    "Name: " + HELLO + "\r\n", "Name: " + HELLO + "\r\nX-Added: 1\r\n")));
                },
                "the JAR signature does not verify: invalid SHA-256 signature file digest for " + HELLO);
    }

    @Test
    void aSignatureFileTheBlockDoesNotSignFails() throws Exception {
        assertRefused(
                jar -> jar.put(SF, bytes(text(jar.get(SF)).replace("Created-By: Signet", "Created-By: Signex"))),
                "the JAR signature does not verify: cannot verify signature block file META-INF/SIGNET");
    }

    @Test
    void aFlippedSignatureValueFails() throws Exception {
        assertRefused(
                jar -> {
                    byte[] block = jar.get(BLOCK).clone();
                    block[block.length - 5] ^= 0x01; // inside the ECDSA signature value, the block's last field
                    jar.put(BLOCK, block);
                },
                "the JAR signature does not verify: cannot verify signature block file META-INF/SIGNET");
    }

    @Test
    void aSecondSignatureBlockIsAFormatError() throws Exception {
        Map<String, byte[]> jar = new LinkedHashMap<>(signed);
        jar.put("META-INF/OTHER.EC", jar.get(BLOCK));
        Path path = write(jar, "two-blocks.jar");
        assertThat(DirectVerification.verify(path)).isEmpty();
        assertThatThrownBy(() -> FORMAT.verify(new Subject.File(path), new byte[0]))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("the JAR has 2 signature blocks; Signet expects one signer");
    }

    @Test
    void aJarWithoutItsSignatureFileIsNotCovered() throws Exception {
        assertRefused(jar -> jar.remove(SF), "is not covered by the signature");
    }

    /** Shapes the direct verifier leaves to the JDK, which finds them intact: nothing is lost. */
    @Test
    void otherLayoutsTakeTheJdksPathAndStayIntact() throws Exception {
        Map<String, byte[]> extraDigest = new LinkedHashMap<>(signed);
        String manifest = text(extraDigest.get(JarSigning.MANIFEST));
        byte[] helloDigest = java.security.MessageDigest.getInstance("SHA-512").digest(signed.get(HELLO));
        manifest = manifest.replace(
                "Name: " + HELLO + "\r\n",
                "Name: " + HELLO + "\r\nSHA-512-Digest: "
                        + java.util.Base64.getEncoder().encodeToString(helloDigest) + "\r\n");
        extraDigest.put(JarSigning.MANIFEST, bytes(manifest));
        resignWhole(extraDigest);
        Path twoDigests = write(extraDigest, "two-digests.jar");
        Path stamped = Files.write(dir.resolve("stamped.jar"), sign(unsigned, key, Optional.of(pki.tsa())));
        Map<String, byte[]> sealed = new LinkedHashMap<>(signed);
        sealed.put(
                JarSigning.MANIFEST,
                bytes(text(sealed.get(JarSigning.MANIFEST)) + "Name: dev/example/\r\nSealed: true\r\n\r\n"));
        resignWhole(sealed);
        Path sealedDirectory = write(sealed, "sealed.jar");
        for (Path jar : new Path[] {twoDigests, stamped, sealedDirectory}) {
            assertThat(DirectVerification.verify(jar)).as(jar.toString()).isEmpty();
            SignatureEvidence evidence = FORMAT.verify(new Subject.File(jar), new byte[0]);
            assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        }
    }

    private static void assertRefused(Consumer<Map<String, byte[]>> change, String message) throws Exception {
        Map<String, byte[]> jar = new LinkedHashMap<>(signed);
        change.accept(jar);
        Path path = write(jar, "changed.jar");
        assertThat(DirectVerification.verify(path)).isEmpty();
        SignatureEvidence evidence = FORMAT.verify(new Subject.File(path), new byte[0]);
        assertThat(evidence.intact()).isFalse();
        assertThat(evidence.integrityDetail()).contains(message);
    }

    /** Replaces the signature file and signs it again with the same key. */
    private static void resign(Map<String, byte[]> jar, String signatureFile) {
        try {
            byte[] sf = bytes(signatureFile);
            jar.put(SF, sf);
            jar.put(
                    BLOCK,
                    JarSignatureBlock.build(key, sf, NOW, Optional.empty()).der());
        } catch (FormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new whole-manifest digest in the signature file, signed again. */
    private static void resignWhole(Map<String, byte[]> jar) throws Exception {
        String sf = text(jar.get(SF));
        String digest =
                java.util.Base64.getEncoder().encodeToString(JarSignatureBlock.sha256(jar.get(JarSigning.MANIFEST)));
        resign(jar, sf.replaceFirst("SHA-256-Digest-Manifest: [^\r]+", "SHA-256-Digest-Manifest: " + digest));
    }

    private static byte[] sign(Path jar, SigningKey signer, Optional<Timestamper> tsa) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(request(jar, signer, tsa), out);
        return out.toByteArray();
    }

    private static SignRequest request(Path jar, SigningKey signer, Optional<Timestamper> tsa) {
        return new SignRequest(
                new Subject.File(jar),
                signer,
                new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty()),
                tsa);
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static Path write(Map<String, byte[]> entries, String name) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
