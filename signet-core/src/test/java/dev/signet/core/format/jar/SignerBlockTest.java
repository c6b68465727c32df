package dev.signet.core.format.jar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SignerBlock} reads exactly the block shape Signet writes, as {@link ParsedBlock} reads it,
 * and reads nothing from a block of any other shape (which the JDK's path then judges).
 */
class SignerBlockTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final byte[] SF = "Signature-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static byte[] block;

    @BeforeAll
    static void setUp() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        SigningKey key =
                pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        block = JarSignatureBlock.build(key, SF, NOW, Optional.empty()).der();
    }

    @Test
    void readsSignetsBlockAsParsedBlockDoesAndChecksItsSignature() throws Exception {
        SignerBlock read = SignerBlock.read(block).orElseThrow();
        ParsedBlock parsed = ParsedBlock.parse(block);
        assertThat(read.parsed().chain()).isEqualTo(parsed.chain());
        assertThat(read.parsed().signingTime()).isEqualTo(parsed.signingTime()).contains(NOW);
        assertThat(read.parsed().signature()).isEqualTo(parsed.signature());
        assertThat(read.parsed().messageDigest().orElseThrow())
                .isEqualTo(parsed.messageDigest().orElseThrow());
        assertThat(read.signedAttributes()).isEqualTo(parsed.signedAttributes());
        assertThat(read.signs(SF)).isTrue();
        assertThat(read.signs("Signature-Version: 1.1\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
    }

    @Test
    void aFlippedSignatureValueReadsButDoesNotSign() {
        byte[] flipped = block.clone();
        flipped[flipped.length - 3] ^= 0x01;
        assertThat(SignerBlock.read(flipped).orElseThrow().signs(SF)).isFalse();
    }

    @Test
    void trailingBytesAreNotRead() {
        assertThat(SignerBlock.read(Arrays.copyOf(block, block.length + 1))).isEmpty();
        assertThat(SignerBlock.read(Arrays.copyOf(block, block.length - 1))).isEmpty();
    }

    @Test
    void anAlgorithmProtectionNamingAnotherSignatureAlgorithmIsNotRead() {
        // [1] ecdsa-with-SHA256 inside CMSAlgorithmProtection becomes ecdsa-with-SHA384
        assertThat(SignerBlock.read(replaced("a10a06082a8648ce3d040302", "a10a06082a8648ce3d040303")))
                .isEmpty();
    }

    @Test
    void aDigestAlgorithmOtherThanSha256IsNotRead() {
        assertThat(SignerBlock.read(replaced("0609608648016503040201", "0609608648016503040202")))
                .isEmpty();
    }

    @Test
    void aContentTypeOtherThanDataIsNotRead() {
        assertThat(SignerBlock.read(replaced("310b06092a864886f70d010701", "310b06092a864886f70d010702")))
                .isEmpty();
    }

    @Test
    void anUnexpectedSignedAttributeIsNotRead() {
        // signingTime (1.2.840.113549.1.9.5) renamed to another PKCS#9 attribute (.6)
        assertThat(SignerBlock.read(replaced("06092a864886f70d010905", "06092a864886f70d010906")))
                .isEmpty();
    }

    @Test
    void aSigningTimeThatIsNotDerIsNotRead() {
        byte[] changed = block.clone();
        // the signingTime attribute: its OID, SET (31 0f), UTCTime (17 0d) of YYMMDDHHMMSSZ
        int at = indexOf(changed, HexFormat.of().parseHex("06092a864886f70d010905310f170d")) + 15;
        assertThat(changed[at + 12]).isEqualTo((byte) 'Z');
        changed[at + 12] = '0';
        assertThat(SignerBlock.read(changed)).isEmpty();
    }

    /** The block with the one occurrence of {@code fromHex} (an error if not exactly one) replaced. */
    private static byte[] replaced(String fromHex, String toHex) {
        byte[] from = HexFormat.of().parseHex(fromHex);
        byte[] to = HexFormat.of().parseHex(toHex);
        byte[] changed = block.clone();
        int count = 0;
        for (int i = 0; i + from.length <= changed.length; i++) {
            if (Arrays.equals(changed, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, changed, i, to.length);
                count++;
            }
        }
        assertThat(count).as(fromHex).isPositive();
        return changed;
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
