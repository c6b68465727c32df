package dev.signet.core.format.jar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every byte of a signed jar's manifest, signature file and signature block, as
 * written in the zip (compressed or stored), flipped one at a time (bit {@code offset % 8}): {@link
 * JarFormat#verify} refuses every one, unless the damaged entry still inflates completely to exactly
 * its original content (a flip in the unused bits after a DEFLATE stream's last code), which leaves
 * the jar as signed. {@link DirectVerification} refuses each on its CRC-32 or its inflation and hands
 * the jar to {@link JarVerification#verifyWithJarFile}, so this is the JDK path's table too.
 */
class JarTamperTableTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final JarFormat FORMAT = new JarFormat();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey key;
    private static Path unsigned;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        key = pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        unsigned = TestJars.write(dir.resolve("app.jar"));
    }

    /**
     * A time-stamped jar goes to the JDK path whole; one without a token is verified by {@link
     * DirectVerification}, which refuses a damaged entry and hands the jar to the JDK path.
     */
    @ParameterizedTest
    @CsvSource({
        "META-INF/MANIFEST.MF, true",
        "META-INF/SIGNET.SF, true",
        "META-INF/SIGNET.EC, true",
        "META-INF/MANIFEST.MF, false",
        "META-INF/SIGNET.SF, false",
        "META-INF/SIGNET.EC, false"
    })
    void everyFlippedByteOfASignatureEntryIsRefused(String name, boolean timestamped) throws Exception {
        byte[] signed = sign(timestamped);
        Path original = Files.write(dir.resolve("signed.jar"), signed);
        assertThat(FORMAT.verify(new Subject.File(original), new byte[0]).intact())
                .isTrue();
        assertThat(DirectVerification.verify(original).isPresent()).isEqualTo(!timestamped);
        ZipEntry entry = entry(original, name);
        int start = TestJars.dataOffset(signed, name);
        assertThat(start).isPositive();
        byte[] content =
                content(entry.getMethod(), Arrays.copyOfRange(signed, start, start + (int) entry.getCompressedSize()));
        Path tampered = dir.resolve("tampered.jar");
        List<String> accepted = new ArrayList<>();
        List<Integer> unchanged = new ArrayList<>();
        for (int i = 0; i < entry.getCompressedSize(); i++) {
            byte[] bytes = signed.clone();
            bytes[start + i] ^= (byte) (1 << (i % 8));
            Files.write(tampered, bytes);
            if (refused(tampered)) {
                continue;
            }
            byte[] data = Arrays.copyOfRange(bytes, start, start + (int) entry.getCompressedSize());
            if (Arrays.equals(content(entry.getMethod(), data), content)) {
                unchanged.add(i);
            } else {
                accepted.add(name + " byte " + i);
            }
        }
        assertThat(accepted).as("damaged entries verified").isEmpty();
        // what verified inflates to the signed content: padding bits no DEFLATE code reads
        assertThat(unchanged.size())
                .as("flips in unused bits, at %s", unchanged)
                .isLessThan(8);
    }

    private static boolean refused(Path jar) {
        try {
            return !FORMAT.verify(new Subject.File(jar), new byte[0]).intact();
        } catch (FormatException e) {
            return true;
        }
    }

    private static byte[] sign(boolean timestamped) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(
                new SignRequest(
                        new Subject.File(unsigned),
                        key,
                        new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty()),
                        timestamped ? Optional.of(pki.tsa()) : Optional.empty()),
                out);
        return out.toByteArray();
    }

    private static ZipEntry entry(Path jar, String name) throws Exception {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(name);
        }
    }

    /** The entry's content from its raw data, or null when it does not inflate completely. */
    private static byte[] content(int method, byte[] data) {
        if (method == ZipEntry.STORED) {
            return data;
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(Arrays.copyOf(data, data.length + 1)); // zlib's dummy byte after raw deflate
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }
}
