package dev.signet.server.objects.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CRC-64/NVME against its catalogue check value and a bit-at-a-time reference; CRC combination
 * against direct computation over random splits; the multipart checksum forms.
 */
class ChecksumAlgorithmTest {
    private static final byte[] CHECK_INPUT = "123456789".getBytes(StandardCharsets.US_ASCII);

    /** CRC-64/NVME straight from its definition, one bit at a time (reflected, init and xorout all ones). */
    private static long referenceCrc64Nvme(byte[] data) {
        long crc = ~0L;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9a6c9329ac4bc9b5L : crc >>> 1;
            }
        }
        return ~crc;
    }

    private static long crc64(byte[] data, int off, int len) {
        Crc64Nvme c = new Crc64Nvme();
        c.update(data, off, len);
        return c.getValue();
    }

    @Test
    void crc64NvmeMatchesTheCatalogueCheckValue() {
        // "CRC-64/NVME: check=0xae8b14860a799888" (Greg Cook's catalogue of parametrised CRC algorithms)
        assertThat(crc64(CHECK_INPUT, 0, CHECK_INPUT.length)).isEqualTo(0xae8b14860a799888L);
        assertThat(crc64(new byte[0], 0, 0)).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 63, 64, 1000, 65537})
    void crc64NvmeMatchesTheBitwiseReference(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        assertThat(crc64(data, 0, size)).isEqualTo(referenceCrc64Nvme(data));
        Crc64Nvme split = new Crc64Nvme();
        split.update(data, 0, size / 3);
        for (int i = size / 3; i < size; i++) {
            split.update(data[i]);
        }
        assertThat(split.getValue()).isEqualTo(referenceCrc64Nvme(data));
    }

    @ParameterizedTest
    @EnumSource(
            value = ChecksumAlgorithm.class,
            names = {"CRC32", "CRC32C", "CRC64NVME"})
    void combinedPartCrcsEqualTheWholeObjectCrc(ChecksumAlgorithm algorithm) {
        Random random = new Random(99);
        for (int trial = 0; trial < 20; trial++) {
            byte[] whole = new byte[random.nextInt(200_000)];
            random.nextBytes(whole);
            List<MultipartChecksums.Part> parts = new ArrayList<>();
            int at = 0;
            while (at < whole.length || parts.isEmpty()) {
                int len = Math.min(whole.length - at, random.nextInt(50_000));
                parts.add(new MultipartChecksums.Part(b64(algorithm, whole, at, len), len));
                at += len;
            }
            ObjectChecksum combined = MultipartChecksums.of(algorithm, ChecksumType.FULL_OBJECT, parts);
            assertThat(combined.value()).isEqualTo(b64(algorithm, whole, 0, whole.length));
        }
    }

    @Test
    void jdkCrcsAgreeWithTheComputation() {
        CRC32 crc32 = new CRC32();
        crc32.update(CHECK_INPUT);
        CRC32C crc32c = new CRC32C();
        crc32c.update(CHECK_INPUT);
        assertThat(crc32.getValue()).isEqualTo(0xcbf43926L);
        assertThat(crc32c.getValue()).isEqualTo(0xe3069283L);
        assertThat(b64(ChecksumAlgorithm.CRC32, CHECK_INPUT, 0, 9))
                .isEqualTo(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xcb, (byte) 0xf4, 0x39, 0x26}));
    }

    @Test
    void compositeIsTheChecksumOfThePartChecksumsWithTheirCount() throws Exception {
        byte[] a = "first part".getBytes(StandardCharsets.UTF_8);
        byte[] b = "second part".getBytes(StandardCharsets.UTF_8);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        byte[] expected = sha.digest(concat(sha.digest(a), sha.digest(b)));
        ObjectChecksum composite = MultipartChecksums.of(
                ChecksumAlgorithm.SHA256,
                ChecksumType.COMPOSITE,
                List.of(
                        new MultipartChecksums.Part(b64(ChecksumAlgorithm.SHA256, a, 0, a.length), a.length),
                        new MultipartChecksums.Part(b64(ChecksumAlgorithm.SHA256, b, 0, b.length), b.length)));
        assertThat(composite.value()).isEqualTo(Base64.getEncoder().encodeToString(expected) + "-2");
    }

    @Test
    void s3sTypeRulesHold() {
        assertThat(ChecksumAlgorithm.SHA256.allows(ChecksumType.FULL_OBJECT)).isFalse();
        assertThat(ChecksumAlgorithm.CRC64NVME.allows(ChecksumType.COMPOSITE)).isFalse();
        assertThat(ChecksumAlgorithm.CRC32.allows(ChecksumType.FULL_OBJECT)).isTrue();
        assertThat(ChecksumAlgorithm.CRC64NVME.defaultMultipartType()).isEqualTo(ChecksumType.FULL_OBJECT);
        assertThat(ChecksumAlgorithm.CRC32C.defaultMultipartType()).isEqualTo(ChecksumType.COMPOSITE);
        assertThatThrownBy(() -> MultipartChecksums.of(
                        ChecksumAlgorithm.SHA1,
                        ChecksumType.FULL_OBJECT,
                        List.of(new MultipartChecksums.Part("AA==", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SHA1 has no FULL_OBJECT form");
        assertThat(ChecksumAlgorithm.fromHeaderName("X-Amz-Checksum-CRC64NVME")).contains(ChecksumAlgorithm.CRC64NVME);
        assertThat(ChecksumAlgorithm.fromHeaderName("x-amz-checksum-sha512")).isEmpty();
        assertThat(ChecksumAlgorithm.fromWireName("crc32c")).contains(ChecksumAlgorithm.CRC32C);
    }

    private static String b64(ChecksumAlgorithm algorithm, byte[] data, int off, int len) {
        ChecksumAlgorithm.Computation c = algorithm.start();
        c.update(data, off, len);
        return Base64.getEncoder().encodeToString(c.finish());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
