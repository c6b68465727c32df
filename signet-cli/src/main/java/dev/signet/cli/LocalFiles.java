package dev.signet.cli;

import dev.signet.core.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /**
     * Replaces (or creates) {@code path} with {@code content} through {@link AtomicFiles}: no
     * half-written output whatever happens, and durable once this returns.
     */
    public static void writeAtomically(Path path, byte[] content) {
        requireWritable(path);
        try {
            AtomicFiles.write(path, content, AtomicFiles.Mode.DEFAULT);
        } catch (IOException e) {
            throw cannotWrite(path, e);
        }
    }

    /**
     * The first half of {@link #writeAtomically}, for a batch: {@code content} written and fsynced
     * next to {@code path}, put in place by {@link #commit}; closing it uncommitted removes it.
     */
    public static AtomicFiles.Pending prepare(Path path, byte[] content) {
        requireWritable(path);
        try {
            return AtomicFiles.prepare(path, content, AtomicFiles.Mode.DEFAULT);
        } catch (IOException e) {
            throw cannotWrite(path, e);
        }
    }

    /**
     * As {@link #prepare(Path, byte[])}, with content {@code content} streams into the file (an
     * exception it throws other than an IOException, such as a {@link CliException}, is rethrown as
     * it is, the temporary file removed), fsynced only when {@code durability} says so.
     */
    public static AtomicFiles.Pending prepare(
            Path path, AtomicFiles.Content content, AtomicFiles.Durability durability) {
        requireWritable(path);
        try {
            return AtomicFiles.prepare(path, content, AtomicFiles.Mode.DEFAULT, durability);
        } catch (IOException e) {
            throw cannotWrite(path, e);
        }
    }

    /** Puts a prepared file in place; its directory is synced by {@link #syncDirectories}. */
    public static void commit(AtomicFiles.Pending pending, Path path) {
        try {
            pending.commit();
        } catch (IOException e) {
            throw cannotWrite(path, e);
        }
    }

    /** Makes the files committed in these directories durable. */
    public static void syncDirectories(Iterable<Path> directories) {
        for (Path dir : directories) {
            try {
                AtomicFiles.syncDirectory(dir);
            } catch (IOException e) {
                throw CliException.usage("cannot sync directory " + dir + ": " + e.getMessage());
            }
        }
    }

    private static CliException cannotWrite(Path path, IOException e) {
        return CliException.usage("cannot write " + path + ": " + e.getMessage());
    }
}
