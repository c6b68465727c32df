package dev.signet.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.LoggerFactory;

/**
 * The one way Signet puts a file in place: written to a temporary file in the target's own
 * directory, fsynced, renamed over the target, and the directory fsynced, so that a reader (or a
 * crash, or a power loss) sees the old content or the new, never a mix, and a file that was reported
 * written stays written. Files written as {@link Mode#OWNER_ONLY} are created 0600 (never readable by
 * others, even for an instant; see {@link SecureFiles}).
 *
 * <p>The temporary file is {@code .NAME.tmp}, created new (never an existing file or link); when that
 * name is taken (another writer of the same file, or what a killed writer left, which is never
 * touched) a randomly named {@code .NAME.RANDOM.tmp} is used instead. The rename is atomic; only
 * where the file system cannot rename atomically ({@link AtomicMoveNotSupportedException}) does it
 * fall back to a plain move, and says so in the log. A directory whose file system refuses an fsync
 * (some network and FUSE file systems) is logged and otherwise ignored, as SQLite does.
 *
 * <p>Streaming writers that fill and fsync their own temporary file put it in place with {@link
 * #publish}; a batch of many files can {@link #prepare} each (the costly fsync, on any thread),
 * {@link Pending#commit} them in order and sync each directory once ({@link #syncDirectory}).
 *
 * <p>A file that can be rebuilt from inputs the writer leaves untouched (the signed copy {@code
 * signet sign} writes next to an artifact) may be prepared {@link Durability#UNSYNCED}: still
 * renamed into place whole, so no reader and no failure of the process sees it half-written, but not
 * fsynced, as peers such as jarsigner and osslsigncode write theirs; the fsync of a 1 GiB file costs
 * more than reading and hashing it.
 */
public final class AtomicFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** Random temporary names tried after the fixed one (creation with O_EXCL makes a guessed name harmless). */
    private static final int TEMP_NAME_ATTEMPTS = 16;

    /** Who may read the file written. */
    public enum Mode {
        /** 0600 from creation; missing parent directories are created 0700. */
        OWNER_ONLY,
        /** The mode the umask gives a new file; the parent directory must exist. */
        DEFAULT
    }

    /** Whether a prepared file reaches the disk before it is put in place. */
    public enum Durability {
        /**
         * Fsynced before the rename (and its directory after the commit, by the caller): after a crash
         * the target holds the old content or the new.
         */
        SYNCED,
        /**
         * Left to the kernel's write-back: a failure of the process still leaves the old content or the
         * new, but a crash (power loss, kernel panic) soon after may leave the target empty or truncated.
         * Only for files rebuilt from inputs that the writer did not touch.
         */
        UNSYNCED
    }

    private AtomicFiles() {}

    /**
     * Replaces (or creates) {@code target} with {@code content}, atomically and durably.
     *
     * @throws IOException when the file cannot be written; the target is then as it was
     */
    public static void write(Path target, byte[] content, Mode mode) throws IOException {
        try (Pending pending = prepare(target, content, mode)) {
            pending.commit();
        }
        syncDirectory(directoryOf(target));
    }

    /**
     * Creates {@code target} holding {@code content}, atomically, durably and only if it does not
     * exist yet (a hard link from the fsynced temporary file, which fails when the target exists).
     *
     * @return false when the target already existed; it is then left untouched
     */
    public static boolean createIfAbsent(Path target, byte[] content, Mode mode) throws IOException {
        try (Pending pending = prepare(target, content, mode)) {
            try {
                Files.createLink(target, pending.temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                // no hard links here: a plain move, which also refuses an existing target
                try {
                    Files.move(pending.temp, target);
                } catch (FileAlreadyExistsException exists) {
                    return false;
                }
            }
        }
        syncDirectory(directoryOf(target));
        return true;
    }

    /**
     * Writes {@code content} to a new temporary file next to {@code target} and fsyncs it; {@link
     * Pending#commit} puts it in place.
     */
    public static Pending prepare(Path target, byte[] content, Mode mode) throws IOException {
        Objects.requireNonNull(content, "content");
        return prepare(
                target,
                channel -> {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                },
                mode);
    }

    /**
     * What a streaming writer puts in a new file: any amount, written to the file's channel (open for
     * reading too, so that a writer may read back and patch what it wrote).
     */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * As {@link #prepare(Path, byte[], Mode)}, with content of any size that {@code content} writes
     * (e.g. streamed from another file); when it throws, the temporary file is removed and the
     * exception rethrown.
     */
    public static Pending prepare(Path target, Content content, Mode mode) throws IOException {
        return prepare(target, content, mode, Durability.SYNCED);
    }

    /**
     * As {@link #prepare(Path, Content, Mode)}; {@link Durability#UNSYNCED} skips the fsync (the
     * caller then need not sync the directory either).
     */
    public static Pending prepare(Path target, Content content, Mode mode, Durability durability) throws IOException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(durability, "durability");
        Path dir = directoryOf(target);
        if (mode == Mode.OWNER_ONLY) {
            SecureFiles.createPrivateDirectories(dir);
        }
        FileAttribute<?>[] attributes =
                mode == Mode.OWNER_ONLY ? SecureFiles.ownerOnlyFileAttributes() : new FileAttribute<?>[0];
        Set<StandardOpenOption> options =
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        Path candidate = dir.resolve("." + target.getFileName() + ".tmp");
        for (int attempt = 0; ; attempt++) {
            FileChannel channel;
            try {
                channel = FileChannel.open(candidate, options, attributes);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == TEMP_NAME_ATTEMPTS) {
                    throw taken;
                }
                candidate = dir.resolve("." + target.getFileName() + "."
                        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
                continue;
            }
            Pending pending = new Pending(candidate, target);
            try (channel) {
                content.writeTo(channel);
                if (durability == Durability.SYNCED) {
                    channel.force(true);
                }
            } catch (IOException | RuntimeException e) {
                pending.close();
                throw e;
            }
            return pending;
        }
    }

    /**
     * Puts a finished temporary file that its writer has fsynced in place at {@code target}, a name
     * the caller made new (on POSIX systems a rename replaces an existing file), then fsyncs the
     * target's directory. For streaming writers that keep their temporary files elsewhere on the same
     * file system.
     */
    public static void publish(Path fsyncedTemp, Path target) throws IOException {
        try {
            Files.move(fsyncedTemp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            fallingBack(target, e);
            Files.move(fsyncedTemp, target);
        }
        syncDirectory(directoryOf(target));
    }

    /**
     * Makes the renames in {@code dir} durable (fsync of the directory). Where POSIX does not apply
     * (directories cannot be opened there) it does nothing; a file system that refuses is logged.
     */
    public static void syncDirectory(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            try {
                channel.force(true);
            } catch (IOException e) {
                LoggerFactory.getLogger(AtomicFiles.class)
                        .warn(
                                "The file system does not sync directory {} ({}); its latest renames may not survive a"
                                        + " crash",
                                dir,
                                e.getMessage());
            }
        }
    }

    private static Path directoryOf(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null) {
            throw new IllegalArgumentException("not a file path: " + target);
        }
        return dir;
    }

    private static void fallingBack(Path target, AtomicMoveNotSupportedException e) {
        // the logger only on this rare path: the one-shot CLI commands that write files start without it
        LoggerFactory.getLogger(AtomicFiles.class)
                .warn(
                        "The file system cannot rename atomically ({}); {} is moved into place non-atomically",
                        e.getMessage(),
                        target);
    }

    /** A written and fsynced temporary file, not yet in place; closing it without a commit deletes it. */
    public static final class Pending implements AutoCloseable {
        private final Path temp;
        private final Path target;
        private boolean committed;

        private Pending(Path temp, Path target) {
            this.temp = temp;
            this.target = target;
        }

        /** The directory to {@link #syncDirectory sync} once this (and its neighbours) are committed. */
        public Path directory() {
            return directoryOf(target);
        }

        /** Renames the temporary file over the target (atomically, see the class comment); no directory sync. */
        public void commit() throws IOException {
            if (committed) {
                throw new IllegalStateException("already committed: " + target);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                fallingBack(target, e);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        /** Deletes the temporary file unless it was committed (best effort: it is hidden and harmless). */
        @Override
        public void close() {
            if (!committed) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover .NAME.tmp is never read and never reused
                }
            }
        }
    }
}
