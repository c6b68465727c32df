package dev.signet.server.objects.index;

import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where an {@link IndexedObjectStore} keeps the bytes: object content and multipart part content,
 * each under a random name the content store chooses, never a client string. A write is durable and
 * complete when it returns (the caller commits its index row only then); content half written is
 * never visible under a returned name. Content no row references (a crash between a write and its
 * commit, or a failed delete) is removed by {@link #cleanUp}.
 */
public interface ContentStore extends AutoCloseable {
    /** Content written and durable: its name, size, MD5 and the checksum asked for. */
    record Written(String name, long size, byte[] md5, Optional<byte[]> checksum) {}

    /**
     * Streams {@code body} into new object content, hashing it on the way; more than {@code maxSize}
     * bytes is EntityTooLarge with {@code tooLargeMessage}, and nothing is left behind.
     *
     * @throws IOException when the body cannot be read or the content cannot be stored
     */
    Written writeObject(InputStream body, Optional<ChecksumAlgorithm> checksum, long maxSize, String tooLargeMessage)
            throws IOException, ObjectStoreException;

    /** As {@link #writeObject}, for the content of one multipart upload part. */
    Written writePart(InputStream body, Optional<ChecksumAlgorithm> checksum, long maxSize, String tooLargeMessage)
            throws IOException, ObjectStoreException;

    /**
     * Makes a completed multipart object's content from its parts' contents, in order. A store for
     * which copying is cheap joins them into new object content and returns its name (the parts
     * stay; the caller deletes them after its commit). A store for which a copy costs a full pass
     * over the bytes by a remote server returns empty: the parts are kept as they are, and the
     * object (a composite object of the index) is read across them with {@link #openPart}; they are
     * then deleted with it. Every part but the last is at least S3's 5 MiB minimum part size (the
     * caller checked).
     *
     * @throws NoSuchFileException when a part's content is gone
     */
    Optional<String> assemble(List<String> partNames) throws IOException;

    /** Reads {@code length} bytes of object content from {@code start}; the caller closes the stream. */
    InputStream open(String name, long start, long length) throws IOException;

    /**
     * Reads {@code length} bytes of part content from {@code start}, as {@link #open} reads object
     * content; the caller closes the stream.
     */
    InputStream openPart(String name, long start, long length) throws IOException;

    /** Deletes object content; a failure is logged and left to {@link #cleanUp}. */
    void deleteObject(String name);

    /** Deletes part content; a failure is logged and left to {@link #cleanUp}. */
    void deletePart(String name);

    /**
     * Removes what a crash left: unfinished writes and object and part content that no name in the
     * given sets references (part content is referenced by an upload's part or a composite object) (content written after the sets were read may be spared by its age).
     */
    void cleanUp(Set<String> referencedObjects, Set<String> referencedParts) throws IOException;

    /** Releases what the content store holds open (clients, connections); the default holds nothing. */
    @Override
    default void close() {}

    /**
     * Whether the content can still be written and read, checked cheaply (readiness): the directories
     * and a write to the temporary area, or the bucket's existence.
     *
     * @throws ObjectStoreException naming what is unreachable
     */
    void probe() throws ObjectStoreException;
}
