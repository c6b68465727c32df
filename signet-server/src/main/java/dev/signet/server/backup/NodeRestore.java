package dev.signet.server.backup;

import dev.signet.core.files.AtomicFiles;
import dev.signet.core.files.SecureFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.SecretKey;

/**
 * Restores a backup archive into a data directory that does not exist or is empty. Everything is
 * written to {@code DIR.restoring} first and renamed to {@code DIR} only once the whole archive
 * authenticated and every entry was accepted; a restore that fails for any reason (wrong passphrase,
 * an altered or truncated archive, a refused entry, a full disk) removes {@code DIR.restoring} and
 * leaves {@code DIR} as it was.
 */
public final class NodeRestore {
    private static final int MAX_MANIFEST_BYTES = 1 << 20;

    /** What was restored. */
    public record Restored(Path dataDir, int files, long bytes, Manifest manifest) {}

    private NodeRestore() {}

    /**
     * Restores {@code archive} into {@code dataDir}.
     *
     * @throws ArchiveException when the archive is refused
     * @throws IOException when {@code dataDir} is not new or empty, or the files cannot be written
     */
    public static Restored restore(Path archive, Path dataDir, char[] passphrase) throws IOException {
        return restore(archive, dataDir, salt -> ArchiveKey.derive(passphrase, salt));
    }

    /** As above, with the archive's key from {@code keyForSalt} (tests cache the derivation). */
    public static Restored restore(Path archive, Path dataDir, Function<byte[], SecretKey> keyForSalt)
            throws IOException {
        Path target = dataDir.toAbsolutePath().normalize();
        requireNewOrEmpty(target);
        Path staging = target.resolveSibling(target.getFileName() + ".restoring");
        if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(staging + " exists (an interrupted restore?): remove it, then restore again");
        }
        if (!Files.isRegularFile(archive)) {
            throw new IOException("no archive at " + archive);
        }
        SecureFiles.createPrivateDirectories(staging);
        boolean done = false;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), ChunkCipher.CHUNK);
                UnsealingInputStream content = UnsealingInputStream.open(file, keyForSalt)) {
            Restored restored = extract(new ArchiveReader(content), staging, target);
            AtomicFiles.syncDirectory(staging);
            // rename(2) replaces an empty directory in one step
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(target.getParent());
            done = true;
            return restored;
        } finally {
            if (!done) {
                deleteTree(staging);
            }
        }
    }

    private static Restored extract(ArchiveReader reader, Path staging, Path target) throws IOException {
        Optional<ArchiveReader.Entry> first = reader.next();
        if (first.isEmpty() || !first.get().path().equals(ArchivePaths.MANIFEST)) {
            throw new ArchiveException("the archive does not start with its manifest (" + ArchivePaths.MANIFEST + ")");
        }
        if (first.get().size() > MAX_MANIFEST_BYTES) {
            throw new ArchiveException("the archive's manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
        }
        Manifest manifest = Manifest.decode(first.get().content().readAllBytes());
        int files = 0;
        long bytes = 0;
        boolean masterKey = false;
        boolean database = false;
        for (Optional<ArchiveReader.Entry> next = reader.next(); next.isPresent(); next = reader.next()) {
            ArchiveReader.Entry entry = next.get();
            write(staging, entry);
            files++;
            bytes += entry.size();
            masterKey |= entry.path().equals("master.key");
            database |= entry.path().equals("signet.db");
        }
        if (!masterKey) {
            throw new ArchiveException("the archive holds no master key");
        }
        if (manifest.database() == Manifest.DatabaseKind.SQLITE && !database) {
            throw new ArchiveException("the archive's manifest names a SQLite database, but it holds none");
        }
        return new Restored(target, files, bytes, manifest);
    }

    private static void write(Path staging, ArchiveReader.Entry entry) throws IOException {
        // the path was checked (relative, no . or .., in the data directory's layout, new) by the reader
        Path file = staging.resolve(entry.path());
        SecureFiles.createPrivateDirectories(file.getParent());
        try (FileChannel channel = SecureFiles.createOwnerOnly(file)) {
            entry.content().transferTo(Channels.newOutputStream(channel));
            channel.force(false);
        }
    }

    private static void requireNewOrEmpty(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + " exists and is not a directory: restore into a new or empty directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            if (entries.iterator().hasNext()) {
                throw new IOException(target + " is not empty: restore into a new or empty directory");
            }
        }
    }

    /** Deletes {@code dir} and everything in it (work directories this package made). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
