package dev.signet.server.objects.filesystem;

import dev.signet.core.files.AtomicFiles;
import dev.signet.core.files.SecureFiles;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.RangeInputStream;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.index.ContentHashes;
import dev.signet.server.objects.index.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content of the embedded store, as files under its root: object content in {@code data/XX/NAME}, multipart
 * part content in {@code parts/NAME}, writes in progress in {@code tmp/}. Every name is a random UUID
 * chosen here, never a client string. A file is streamed to {@code tmp/} (hashed on the way, through
 * one reused buffer), fsynced, and put in place by {@link AtomicFiles#publish} (rename, fsync of the
 * directory); the caller commits its index row after that, so a crash leaves at worst an
 * unreferenced file, which {@link #cleanUp} removes at the next start, and a committed row never
 * names a file that a crash could take back.
 */
final class ContentFiles implements ContentStore {
    private static final Logger LOG = LoggerFactory.getLogger(ContentFiles.class);
    private static final int BUFFER = 64 * 1024;

    private final Path data;
    private final Path parts;
    private final Path tmp;

    ContentFiles(Path root) throws IOException {
        this.data = root.resolve("data");
        this.parts = root.resolve("parts");
        this.tmp = root.resolve("tmp");
        SecureFiles.createPrivateDirectories(data);
        SecureFiles.createPrivateDirectories(parts);
        SecureFiles.createPrivateDirectories(tmp);
    }

    /**
     * Creates and deletes an empty file in {@code tmp/}, where every write starts, and checks that
     * {@code data/} and {@code parts/} are still directories.
     */
    @Override
    public void probe() throws ObjectStoreException {
        if (!Files.isDirectory(data) || !Files.isDirectory(parts)) {
            throw new ObjectStoreException(
                    "InternalError", "the object directories under " + data.getParent() + " are missing");
        }
        try {
            Path probe = Files.createTempFile(tmp, "probe-", ".part");
            Files.delete(probe);
        } catch (IOException e) {
            throw new ObjectStoreException("InternalError", "cannot write in " + tmp + ": " + e);
        }
    }

    Path object(String fileName) {
        return data.resolve(fileName.substring(0, 2)).resolve(fileName);
    }

    Path part(String fileName) {
        return parts.resolve(fileName);
    }

    /** Streams {@code body} into a new object content file. */
    @Override
    public Written writeObject(
            InputStream body, Optional<ChecksumAlgorithm> checksum, long maxSize, String tooLargeMessage)
            throws IOException, ObjectStoreException {
        return write(body, checksum, maxSize, tooLargeMessage, false);
    }

    /** Streams {@code body} into a new part file. */
    @Override
    public Written writePart(
            InputStream body, Optional<ChecksumAlgorithm> checksum, long maxSize, String tooLargeMessage)
            throws IOException, ObjectStoreException {
        return write(body, checksum, maxSize, tooLargeMessage, true);
    }

    private Written write(
            InputStream body, Optional<ChecksumAlgorithm> algorithm, long maxSize, String tooLarge, boolean part)
            throws IOException, ObjectStoreException {
        String fileName = UUID.randomUUID().toString();
        Path temp = tmp.resolve(fileName + ".part");
        Path target = part ? part(fileName) : object(fileName);
        ContentHashes hashes = new ContentHashes(algorithm, maxSize, tooLarge);
        try {
            // 0600 from creation: object files are never walked to repair their modes (see DataDirectory)
            try (FileChannel out = SecureFiles.createOwnerOnly(temp)) {
                byte[] buffer = new byte[BUFFER];
                ByteBuffer wrapped = ByteBuffer.wrap(buffer);
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    hashes.update(buffer, 0, n);
                    wrapped.clear().limit(n);
                    while (wrapped.hasRemaining()) {
                        out.write(wrapped);
                    }
                }
                out.force(true);
            }
            SecureFiles.createPrivateDirectories(target.getParent());
            AtomicFiles.publish(temp, target);
        } catch (IOException | ObjectStoreException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return hashes.finish(fileName);
    }

    /**
     * Concatenates part files into a new object content file, copied by the kernel (no content passes
     * through the heap), fsynced and renamed into place: on a local disk the copy is cheap, and each
     * version stays one file. Throws NoSuchFileException when a part is gone.
     */
    @Override
    public Optional<String> assemble(List<String> partFiles) throws IOException {
        String fileName = UUID.randomUUID().toString();
        Path temp = tmp.resolve(fileName + ".part");
        Path target = object(fileName);
        try {
            try (FileChannel out = SecureFiles.createOwnerOnly(temp)) {
                for (String p : partFiles) {
                    try (FileChannel in = FileChannel.open(part(p), StandardOpenOption.READ)) {
                        long size = in.size();
                        long done = 0;
                        while (done < size) {
                            long n = in.transferTo(done, size - done, out);
                            if (n <= 0) {
                                throw new IOException("part file " + p + " shrank while being read");
                            }
                            done += n;
                        }
                    }
                }
                out.force(true);
            }
            SecureFiles.createPrivateDirectories(target.getParent());
            AtomicFiles.publish(temp, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return Optional.of(fileName);
    }

    @Override
    public InputStream open(String fileName, long start, long length) throws IOException {
        return read(object(fileName), start, length);
    }

    @Override
    public InputStream openPart(String fileName, long start, long length) throws IOException {
        return read(part(fileName), start, length);
    }

    private static InputStream read(Path file, long start, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(start);
            return RangeInputStream.of(Channels.newInputStream(channel), 0, length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void deleteObject(String fileName) {
        deleteQuietly(object(fileName));
    }

    @Override
    public void deletePart(String fileName) {
        deleteQuietly(part(fileName));
    }

    /**
     * Removes what a crash left: every temporary file, every object file no version references and
     * every part file no upload references.
     */
    @Override
    public void cleanUp(Set<String> referencedObjects, Set<String> referencedParts) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tmp)) {
            for (Path p : temps) {
                Files.deleteIfExists(p);
                removed++;
            }
        }
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(data)) {
            for (Path shard : shards) {
                if (Files.isDirectory(shard)) {
                    removed += removeUnreferenced(shard, referencedObjects);
                }
            }
        }
        removed += removeUnreferenced(parts, referencedParts);
        if (removed > 0) {
            LOG.info("Object store: removed {} unfinished or unreferenced files", removed);
        }
    }

    private static int removeUnreferenced(Path dir, Set<String> referenced) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!referenced.contains(f.getFileName().toString())) {
                    Files.deleteIfExists(f);
                    removed++;
                }
            }
        }
        return removed;
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", p, e.toString());
        }
    }
}
