package dev.signet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Reading and writing the user's files, with one-line {@link ExitCode#USAGE} errors. */
public final class LocalFiles {
    /** Random temporary names tried after the fixed one (O_EXCL creation makes a guessed name harmless). */
    private static final int TEMP_NAME_ATTEMPTS = 16;

    private LocalFiles() {}

    /** Refuses anything but an existing, readable regular file. */
    public static Path requireReadable(Path path, String what) {
        if (!Files.exists(path)) {
            throw CliException.usage(what + " not found: " + path);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw CliException.usage(what + " is not a readable file: " + path);
        }
        return path;
    }

    /** Reads a small file whole, refusing one larger than {@code maxBytes}. */
    public static byte[] readSmall(Path path, String what, int maxBytes) {
        requireReadable(path, what);
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw CliException.usage(what + " is larger than " + maxBytes + " bytes: " + path);
            }
            return bytes;
        } catch (IOException e) {
            throw CliException.usage("cannot read " + what + " " + path + ": " + e.getMessage());
        }
    }

    /** Refuses an output path whose directory does not exist or that is a directory. */
    public static Path requireWritable(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw CliException.usage("output directory does not exist: " + parent);
        }
        if (Files.isDirectory(path)) {
            throw CliException.usage("output is a directory: " + path);
        }
        return path;
    }

    /**
     * Writes to a temporary file next to {@code path}, then renames it over {@code path}: no
     * half-written output, whatever happens. The temporary file is {@code .NAME.tmp}, created new
     * (never opened if it exists); when that name is taken (another writer of the same file, or a
     * leftover of a killed one, which is never touched) a uniquely named one is used instead. A fixed
     * name costs one {@code open} where {@link Files#createTempFile} adds random-name generation and,
     * in a directory of thousands of files, is no cheaper to create.
     */
    public static void writeAtomically(Path path, byte[] content) {
        requireWritable(path);
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            // a fixed hidden name, or a random one when another writer holds it; created new either
            // way (never an existing file or link), with the permissions the umask gives a new file
            Path candidate = dir.resolve("." + path.getFileName() + ".tmp");
            for (int attempt = 0; tmp == null; attempt++) {
                try (FileChannel channel =
                        FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    tmp = candidate;
                    write(channel, content);
                } catch (FileAlreadyExistsException taken) {
                    if (attempt == TEMP_NAME_ATTEMPTS) {
                        throw taken;
                    }
                    candidate = dir.resolve("." + path.getFileName() + "."
                            + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
                }
            }
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw CliException.usage("cannot write " + path + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temp file is hidden and harmless
                }
            }
        }
    }

    private static void write(FileChannel channel, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
