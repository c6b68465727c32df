package dev.signet.server.backup;

import dev.signet.core.files.AtomicFiles;
import dev.signet.core.files.SecureFiles;
import dev.signet.server.store.SqliteSnapshot;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes one node's backup archive (docs/operations.md, "Backup and restore") while its server may
 * be running. The order makes the archive consistent: the database first (a {@link SqliteSnapshot}),
 * then the files it refers to, which the server only ever adds (keys, the CA's and the TSA's files)
 * or writes once under a new random name (object content); content the server deletes between the
 * two is what the archive can miss, and the database copy no longer needs it only if its row went
 * too (reported as skipped). The archive is written to {@code FILE.tmp}, owner-only, and renamed to
 * {@code FILE} when complete.
 */
public final class NodeBackup {
    private static final List<String> KEY_DIRECTORIES = List.of("keys", "ca", "tsa");
    private static final List<String> CONTENT_DIRECTORIES = List.of("objects/data", "objects/parts");

    /**
     * What a node is made of.
     *
     * @param dataDir the data directory
     * @param masterKeyFile the master key ({@code master-key.file}, else {@code DATA/master.key})
     * @param sqliteDatabase the SQLite database file; empty on PostgreSQL (the archive then holds no
     *     database and no key files, which are in the database)
     * @param filesystemContent whether the object content is in {@code DATA/objects} (else in S3)
     */
    public record Sources(Path dataDir, Path masterKeyFile, Optional<Path> sqliteDatabase, boolean filesystemContent) {}

    /** What was written. */
    public record Written(Path file, long bytes, int files, int skipped, Manifest manifest) {}

    private record Counts(int files, int skipped, Manifest manifest) {}

    private NodeBackup() {}

    /**
     * Writes the archive of {@code sources} to {@code out}, which must not exist.
     *
     * @throws IOException when a part cannot be read or the archive written; nothing is left at {@code out}
     */
    public static Written write(Sources sources, Path out, char[] passphrase, Clock clock) throws IOException {
        Path target = out.toAbsolutePath();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + " exists: give a new file name (a backup never overwrites one)");
        }
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new IOException("the directory of " + target + " does not exist");
        }
        if (!Files.isRegularFile(sources.masterKeyFile())) {
            throw new IOException("the master key " + sources.masterKeyFile() + " does not exist");
        }
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Path work = Files.createTempDirectory(target.getParent(), ".signet-backup-");
        SecureFiles.restrictToOwner(work);
        try {
            Files.deleteIfExists(temp);
            Counts written;
            try (FileChannel channel = SecureFiles.createOwnerOnly(temp)) {
                written = writeArchive(sources, work, channel, passphrase, clock);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(target.getParent());
            return new Written(target, Files.size(target), written.files(), written.skipped(), written.manifest());
        } finally {
            Files.deleteIfExists(temp);
            NodeRestore.deleteTree(work);
        }
    }

    private static Counts writeArchive(Sources sources, Path work, FileChannel channel, char[] passphrase, Clock clock)
            throws IOException {
        // 1. the database, before any file it refers to
        Optional<Path> snapshot = Optional.empty();
        List<String> externalKeys = List.of();
        if (sources.sqliteDatabase().isPresent()) {
            Path copy = work.resolve("signet.db");
            SqliteSnapshot.take(sources.sqliteDatabase().get(), copy);
            // the profiles' and imported keys the database names, then the CA's and TSA's (their
            // properties only grow by renewals; a renewal during the backup may add a key not listed)
            java.util.TreeSet<String> keys = new java.util.TreeSet<>(SqliteSnapshot.keysOutsideSoftware(copy));
            keys.addAll(CaKeyReferences.outsideSoftware(sources.dataDir()));
            externalKeys = List.copyOf(keys);
            snapshot = Optional.of(copy);
        }
        Manifest manifest = new Manifest(
                clock.instant().truncatedTo(ChronoUnit.SECONDS),
                snapshot.isPresent() ? Manifest.DatabaseKind.SQLITE : Manifest.DatabaseKind.POSTGRESQL,
                sources.filesystemContent() ? Manifest.ContentKind.FILESYSTEM : Manifest.ContentKind.S3,
                externalKeys);
        OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), ChunkCipher.CHUNK);
        int skipped = 0;
        // closing the sealing stream writes the last chunk; the channel itself is closed by the caller
        try (SealingOutputStream sealed = SealingOutputStream.open(new Unclosed(file), passphrase)) {
            ArchiveWriter archive = new ArchiveWriter(sealed);
            archive.file(ArchivePaths.MANIFEST, manifest.encode());
            if (snapshot.isPresent()) {
                copy(archive, "signet.db", snapshot.get(), false);
            }
            // 2. the secrets and key files: only ever added, so every one the copy names is there
            copy(archive, "master.key", sources.masterKeyFile(), false);
            Path credentials = sources.dataDir().resolve("credentials");
            if (Files.isRegularFile(credentials, LinkOption.NOFOLLOW_LINKS)) {
                copy(archive, "credentials", credentials, false);
            }
            if (snapshot.isPresent()) {
                for (String dir : KEY_DIRECTORIES) {
                    skipped += tree(archive, sources.dataDir(), dir, false);
                }
            }
            // 3. the content: written once under random names; one deleted meanwhile is skipped
            if (sources.filesystemContent()) {
                for (String dir : CONTENT_DIRECTORIES) {
                    skipped += tree(archive, sources.dataDir(), dir, true);
                }
            }
            archive.finish();
            file.flush();
            return new Counts(archive.files(), skipped, manifest);
        }
    }

    /** Adds every regular file under {@code DATA/relative}; returns how many vanished before they were read. */
    private static int tree(ArchiveWriter archive, Path dataDir, String relative, boolean mayVanish)
            throws IOException {
        Path dir = dataDir.resolve(relative);
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            listing.forEach(entries::add);
        } catch (NoSuchFileException e) {
            return 0;
        }
        entries.sort(null);
        int skipped = 0;
        for (Path entry : entries) {
            String name = relative + "/" + entry.getFileName();
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                skipped += tree(archive, dataDir, name, mayVanish);
            } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && !inProgress(entry)) {
                skipped += copy(archive, name, entry, mayVanish) ? 0 : 1;
            }
        }
        return skipped;
    }

    /** An {@code AtomicFiles} temporary file ({@code .NAME.tmp}): a write that is not in place yet. */
    private static boolean inProgress(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    private static boolean copy(ArchiveWriter archive, String name, Path file, boolean mayVanish) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (mayVanish) {
                return false;
            }
            throw e;
        }
        try (channel;
                InputStream in = Channels.newInputStream(channel)) {
            archive.file(name, channel.size(), in);
            return true;
        }
    }

    /** Lets the sealing stream close without closing the file, whose channel is forced and closed after. */
    private static final class Unclosed extends FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
