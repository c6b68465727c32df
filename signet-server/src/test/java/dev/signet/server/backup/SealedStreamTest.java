package dev.signet.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The encryption layer ({@link SealingOutputStream}, {@link UnsealingInputStream}): content of every
 * length around the chunk size comes back as written; a wrong passphrase, a byte flipped anywhere
 * and a cut at any length are refused before the content's end is reported.
 */
class SealedStreamTest {
    private static final int CHUNK = ChunkCipher.CHUNK;
    private static final int SEALED = CHUNK + ChunkCipher.TAG_BYTES;
    private static final int HEADER = ArchiveHeader.LENGTH;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17})
    void contentOfAnyLengthComesBack(int length) throws IOException {
        byte[] content = content(length);
        byte[] sealed = Archives.seal(content);
        // header, full chunks, and a last chunk that is always shorter than a full one
        assertThat(sealed).hasSize(HEADER + (length / CHUNK) * SEALED + (length % CHUNK) + ChunkCipher.TAG_BYTES);
        assertThat(unseal(sealed)).isEqualTo(content);
    }

    @Test
    void writtenInSmallPiecesItIsTheSameArchive() throws IOException {
        byte[] content = content(2 * CHUNK + 5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SealingOutputStream sealed =
                SealingOutputStream.open(out, ArchiveHeader.withSalt(Archives.SALT), Archives.key(Archives.SALT))) {
            for (int i = 0; i < content.length; i += 1000) {
                sealed.write(content, i, Math.min(1000, content.length - i));
            }
        }
        assertThat(out.toByteArray()).isEqualTo(Archives.seal(content));
    }

    @Test
    void aWrongPassphraseIsNamed() throws IOException {
        byte[] sealed = Archives.seal(content(100));
        assertThatThrownBy(() -> UnsealingInputStream.open(new ByteArrayInputStream(sealed), "wrong".toCharArray())
                        .readAllBytes())
                .isInstanceOf(ArchiveException.class)
                .hasMessage("the archive cannot be opened: wrong passphrase, or its beginning was altered");
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                0,
                7,
                8,
                9,
                11,
                12,
                27,
                HEADER,
                HEADER + 100,
                HEADER + SEALED - 1,
                HEADER + SEALED,
                HEADER + 2 * SEALED + 3,
                -1
            })
    void aFlippedByteAnywhereIsRefused(int offset) throws IOException {
        byte[] sealed = Archives.seal(content(2 * CHUNK + 100));
        int at = offset < 0 ? sealed.length + offset : offset;
        byte[] tampered = sealed.clone();
        tampered[at] ^= 0x01;
        assertThatThrownBy(() -> unseal(tampered)).isInstanceOf(ArchiveException.class);
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                0,
                5,
                8,
                HEADER - 1,
                HEADER,
                HEADER + 15,
                HEADER + 16,
                HEADER + 1000,
                HEADER + SEALED,
                HEADER + SEALED + 1,
                HEADER + 2 * SEALED,
                -1
            })
    void aTruncationAtAnyLengthIsRefused(int length) throws IOException {
        byte[] sealed = Archives.seal(content(2 * CHUNK + 100));
        byte[] cut = Arrays.copyOf(sealed, length < 0 ? sealed.length + length : length);
        assertThatThrownBy(() -> unseal(cut))
                .isInstanceOf(ArchiveException.class)
                .message()
                .containsAnyOf("truncated", "altered", "not a Signet backup archive");
    }

    @Test
    void aCutAtAChunkBoundarySaysTruncated() throws IOException {
        byte[] sealed = Archives.seal(content(2 * CHUNK + 100));
        byte[] cut = Arrays.copyOf(sealed, HEADER + 2 * SEALED);
        assertThatThrownBy(() -> unseal(cut))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("the archive is truncated: it ends at byte " + (HEADER + 2 * SEALED));
    }

    @Test
    void bytesAfterTheLastChunkAreRefused() throws IOException {
        byte[] sealed = Archives.seal(content(100));
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        assertThatThrownBy(() -> unseal(longer)).isInstanceOf(ArchiveException.class);
    }

    @Test
    void otherHeadersAreNamed() {
        assertThatThrownBy(() -> unseal("PK\3\4 not ours".getBytes()))
                .hasMessageContaining("not a Signet backup archive");
        byte[] version2 = ArchiveHeader.withSalt(Archives.SALT).bytes();
        version2[8] = 2;
        assertThatThrownBy(() -> unseal(version2))
                .hasMessageContaining("backup archive format version 2 is not supported");
        byte[] costly = ArchiveHeader.withSalt(Archives.SALT).bytes();
        costly[9] = 30;
        assertThatThrownBy(() -> unseal(costly)).hasMessageContaining("scrypt parameters other than the format's");
    }

    static byte[] unseal(byte[] sealed) throws IOException {
        try (UnsealingInputStream in = UnsealingInputStream.open(new ByteArrayInputStream(sealed), Archives.keys())) {
            return in.readAllBytes();
        }
    }

    private static byte[] content(int length) {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);
        return content;
    }
}
