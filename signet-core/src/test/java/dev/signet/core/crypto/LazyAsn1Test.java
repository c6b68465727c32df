package dev.signet.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.format.cms.CmsDetachedFormat;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LazyAsn1Test {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    static Path dir;

    /** A time-stamped CMS signature: certificates in the SignedData and in the token. */
    private static byte[] signature;

    @BeforeAll
    static void setUp() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        Path artifact = Files.writeString(dir.resolve("artifact.txt"), "lazy");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CmsDetachedFormat()
                .sign(
                        new SignRequest(
                                new Subject.File(artifact),
                                pki.signingKey(
                                        KeyAlgorithm.ECDSA_P256, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1))),
                                new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(1)), TestPki.ARN, Optional.empty()),
                                Optional.of(pki.tsa())),
                        out);
        signature = out.toByteArray();
    }

    @Test
    void readsTheTreeAnEagerReadBuildsTheFirstTimeAndAgain() throws Exception {
        ASN1Primitive eager = eager(signature);
        for (int i = 0; i < 3; i++) {
            ASN1Primitive lazy = LazyAsn1.read(signature).orElseThrow();
            assertThat(lazy).isEqualTo(eager);
            assertThat(lazy.getEncoded()).isEqualTo(eager.getEncoded());
            assertThat(lazy.getEncoded("DER")).isEqualTo(eager.getEncoded("DER"));
        }
    }

    @Test
    void aChangedCertificateIsDecodedAgainNotTakenFromMemory() throws Exception {
        LazyAsn1.read(signature).orElseThrow();
        // a certificate whose serial number's INTEGER is no longer minimal: the eager read refuses it
        byte[] changed = signature.clone();
        int serial = indexOf(changed, new byte[] {(byte) 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02});
        assertThat(serial).isPositive();
        changed[serial + 7] = 0x00;
        changed[serial + 8] = 0x00;
        assertThat(LazyAsn1.read(changed)).isEmpty();
    }

    @Test
    void vouchesOnlyForOneCompleteObject() {
        assertThat(LazyAsn1.read(new byte[0])).isEmpty();
        assertThat(LazyAsn1.read("garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEmpty();
        byte[] trailing = Arrays.copyOf(signature, signature.length + 2);
        trailing[signature.length] = 0x05;
        assertThat(LazyAsn1.read(trailing)).isEmpty();
        assertThat(LazyAsn1.read(Arrays.copyOf(signature, signature.length - 1)))
                .isEmpty();
    }

    @Test
    void leavesDeepStructuresToTheEagerRead() throws Exception {
        int levels = LazyAsn1.MAX_DEPTH + 2;
        byte[] nested = {0x05, 0x00};
        for (int i = 0; i < levels; i++) {
            byte[] outer = new byte[nested.length + 2];
            outer[0] = 0x30;
            outer[1] = (byte) nested.length;
            System.arraycopy(nested, 0, outer, 2, nested.length);
            nested = outer;
        }
        assertThat(LazyAsn1.read(nested)).isEmpty();
        assertThat(eager(nested)).isNotNull();
    }

    private static ASN1Primitive eager(byte[] der) throws Exception {
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            return in.readObject();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
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
