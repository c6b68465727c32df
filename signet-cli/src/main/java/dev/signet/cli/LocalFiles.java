package dev.signet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reading and writing the user's files, with one-line {@link ExitCode#USAGE} errors. */
public final class LocalFiles {
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

    /** Writes to a temporary file next to {@code path}, then renames it: no half-written output. */
    public static void writeAtomically(Path path, byte[] content) {
        requireWritable(path);
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
            Files.write(tmp, content);
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
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
}
