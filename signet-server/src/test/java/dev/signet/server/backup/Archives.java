package dev.signet.server.backup;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.SecretKey;

/**
 * Archives built by hand for tests: content entries written byte by byte (so a test can write what
 * {@link ArchiveWriter} never would) and sealed with the right key, so only the reader's checks can
 * refuse them. scrypt runs once per salt and passphrase.
 */
final class Archives {
    static final String PASSPHRASE = "correct horse battery staple";
    static final byte[] SALT = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    /** The manifest of a PostgreSQL node with S3 content, made 2026-12-07T00:00:00Z. */
    static final Manifest MANIFEST = new Manifest(
            Instant.parse("2026-12-07T00:00:00Z"),
            Manifest.DatabaseKind.POSTGRESQL,
            Manifest.ContentKind.S3,
            List.of());

    private static final Map<String, SecretKey> KEYS = new HashMap<>();

    private Archives() {}

    /** The key for a salt under {@link #PASSPHRASE}, derived once. */
    static synchronized SecretKey key(byte[] salt) {
        return KEYS.computeIfAbsent(
                HexFormat.of().formatHex(salt), s -> ArchiveKey.derive(PASSPHRASE.toCharArray(), salt));
    }

    static Function<byte[], SecretKey> keys() {
        return Archives::key;
    }

    /** Seals {@code content} under {@link #PASSPHRASE} with {@link #SALT}. */
    static byte[] seal(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveHeader header = ArchiveHeader.withSalt(SALT);
        try (SealingOutputStream sealed = SealingOutputStream.open(out, header, key(SALT))) {
            sealed.write(content);
        }
        return out.toByteArray();
    }

    /** Raw content bytes: entries, then what the test appends. */
    static final class Content {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        static Content withManifest() throws IOException {
            Content content = new Content();
            content.file(ArchivePaths.MANIFEST, MANIFEST.encode());
            return content;
        }

        Content entry(int type, String path, byte[] data) throws IOException {
            byte[] name = path.getBytes(StandardCharsets.UTF_8);
            out.writeByte(type);
            out.writeShort(name.length);
            out.write(name);
            out.writeLong(data.length);
            out.write(data);
            return this;
        }

        Content file(String path, byte[] data) throws IOException {
            return entry(ArchiveWriter.FILE, path, data);
        }

        Content file(String path, String data) throws IOException {
            return file(path, data.getBytes(StandardCharsets.UTF_8));
        }

        Content raw(byte[] data) throws IOException {
            out.write(data);
            return this;
        }

        Content end() throws IOException {
            out.writeByte(ArchiveWriter.END);
            return this;
        }

        byte[] bytes() throws IOException {
            out.flush();
            return bytes.toByteArray();
        }
    }
}
