package dev.signet.core.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The owner-only rule for everything Signet keeps in its data directory, where the file system
 * supports POSIX permissions: directories 0700, files 0600, whatever the umask (files are put in
 * place with {@link dev.signet.core.files.AtomicFiles}).
 * A file created through this class gets its mode at creation ({@code open(2)} with mode 0600, so no
 * other user can open it even for an instant; a umask only ever removes bits), a directory is set
 * to exactly 0700 right after {@code mkdir(2)}, and {@link #restrictToOwner} repairs what exists.
 */
public final class SecureFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private SecureFiles() {}

    /**
     * The attributes that create a file as 0600 ({@code Files.createFile}, {@code
     * Files.newByteChannel}, {@code FileChannel.open}); none where POSIX permissions do not exist.
     */
    public static FileAttribute<?>[] ownerOnlyFileAttributes() {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
    }

    /**
     * Opens a new file for writing, created as 0600 ({@code CREATE_NEW}: fails if it exists).
     *
     * @param options further options, e.g. {@code READ}
     */
    public static FileChannel createOwnerOnly(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> all = new HashSet<>(Arrays.asList(options));
        all.add(StandardOpenOption.CREATE_NEW);
        all.add(StandardOpenOption.WRITE);
        return FileChannel.open(file, all, ownerOnlyFileAttributes());
    }

    /**
     * Creates {@code dir} and its missing parents as {@code Files.createDirectories} does, each
     * directory it creates set to 0700; directories that exist are left as they are.
     *
     * @return {@code dir}
     */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        try {
            Files.createDirectory(absolute);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
            return dir;
        }
        if (POSIX) {
            Files.setPosixFilePermissions(absolute, OWNER_ONLY_DIRECTORY);
        }
        return dir;
    }

    /**
     * Sets a directory to 0700 or a regular file to 0600 when its mode is anything else; leaves
     * symbolic links (and what they point to) and other kinds of files alone.
     *
     * @return whether the mode was changed
     */
    public static boolean restrictToOwner(Path path) throws IOException {
        if (!POSIX) {
            return false;
        }
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        Set<PosixFilePermission> wanted =
                attributes.isDirectory() ? OWNER_ONLY_DIRECTORY : attributes.isRegularFile() ? OWNER_ONLY_FILE : null;
        if (wanted == null || attributes.permissions().equals(wanted)) {
            return false;
        }
        Files.setPosixFilePermissions(path, wanted);
        return true;
    }

    /** Whether group or others have any permission on {@code file}. */
    public static boolean accessibleToOthers(Path file) throws IOException {
        if (!POSIX) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        return perms.stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
    }
}
