package dev.signet.server;

import com.sun.security.auth.module.UnixSystem;
import dev.signet.core.files.AtomicFiles;
import dev.signet.core.files.SecureFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory's owner-only rule, applied at every start before anything is opened: the
 * directory must belong to the user running Signet (else {@link SignetServerException}, nothing
 * touched), is created or repaired to 0700, and so is every directory Signet keeps in it; the files
 * at its top level ({@code master.key}, {@code signet.db} and its {@code -wal}/{@code -shm},
 * {@code credentials}, {@code endpoint}) and in {@code keys/}, {@code ca/} and {@code tsa/} are
 * repaired to 0600, whatever an earlier version, a umask or a hand left them at. {@code signet.db}
 * is created 0600 before SQLite opens it, because SQLite gives its {@code -wal} and {@code -shm}
 * files the database file's own mode.
 *
 * <p>The object store is repaired only down to its directories ({@code objects/}, {@code data/},
 * {@code parts/}, {@code tmp/} and the 256 shard directories under {@code data/}): walking every object file at
 * every start would cost a system call per object, and a 0700 directory already keeps every other
 * user away from the files in it. Object files themselves are created 0600 when written
 * ({@link SecureFiles#createOwnerOnly}); what else Signet creates later is created owner-only by
 * the code that creates it.
 */
final class DataDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    /** Directories whose every file is Signet's and few: repaired file by file. */
    private static final List<String> SMALL_DIRECTORIES = List.of("keys", "ca", "tsa");
    /** Directories created (0700) at every start. */
    private static final List<String> DIRECTORIES = List.of(
            "keys", "ca", "tsa", "objects", "objects/data", "objects/parts", "objects/tmp", "tmp", "tmp/signer-jobs");

    static final String DATABASE = "signet.db";

    private DataDirectory() {}

    /**
     * Checks the owner, then creates or repairs the directory tree to owner-only modes.
     *
     * @throws SignetServerException when {@code dir} belongs to another user
     * @throws IOException when a mode cannot be set or a directory created
     */
    static void prepare(Path configured) throws IOException {
        // a data directory reached through a symbolic link is judged and repaired as itself
        Path dir = Files.exists(configured) ? configured.toRealPath() : configured.toAbsolutePath();
        if (Files.exists(dir)) {
            requireOwnedByUs(dir);
        } else if (dir.getParent() != null) {
            Files.createDirectories(dir.getParent());
        }
        SecureFiles.createPrivateDirectories(dir);
        for (String name : DIRECTORIES) {
            SecureFiles.createPrivateDirectories(dir.resolve(name));
        }
        int repaired = repair(dir) ? 1 : 0;
        repaired += repairEntries(dir, true);
        for (String name : SMALL_DIRECTORIES) {
            repaired += repairEntries(dir.resolve(name), true);
        }
        for (String name : List.of("objects", "objects/data", "tmp")) {
            repaired += repairEntries(dir.resolve(name), false);
        }
        if (Files.notExists(dir.resolve(DATABASE), LinkOption.NOFOLLOW_LINKS)) {
            AtomicFiles.createIfAbsent(dir.resolve(DATABASE), new byte[0], AtomicFiles.Mode.OWNER_ONLY);
        }
        if (repaired > 0) {
            LOG.warn("Data directory {}: set {} files and directories to owner-only modes (0700/0600)", dir, repaired);
        }
    }

    /**
     * {@code tmp/NAME}, created owner-only if missing and emptied of the files a previous process left
     * there (work files of jobs and uploads it did not finish): only the process that starts uses it.
     */
    static Path emptyWorkDirectory(Path dataDir, String name) throws IOException {
        Path dir = dataDir.resolve("tmp").resolve(name);
        SecureFiles.createPrivateDirectories(dir);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir)) {
            for (Path file : leftovers) {
                if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return dir;
    }

    /** Repairs every entry of {@code dir}: its directories, and its regular files too when {@code files}. */
    private static int repairEntries(Path dir, boolean files) throws IOException {
        int repaired = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (files || Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    repaired += repair(entry) ? 1 : 0;
                }
            }
        }
        return repaired;
    }

    private static boolean repair(Path path) throws IOException {
        return SecureFiles.restrictToOwner(path);
    }

    /** Refuses a data directory (existing) whose owner is not the user this process runs as. */
    private static void requireOwnedByUs(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid");
        long us = new UnixSystem().getUid();
        if (owner != us) {
            throw new SignetServerException("the data directory " + dir + " is owned by uid " + owner + ", not by uid "
                    + us + " (the user running Signet); refusing to start");
        }
    }
}
