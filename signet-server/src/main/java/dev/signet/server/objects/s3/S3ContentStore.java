package dev.signet.server.objects.s3;

import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.SizedInputStream;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.index.ContentHashes;
import dev.signet.server.objects.index.ContentStore;
import dev.signet.server.objects.index.ContentStore.Written;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Content in an S3-compatible bucket: object content under {@code PREFIX data/NAME}, part content
 * under {@code PREFIX parts/NAME}, every NAME a random UUID chosen here (never a client string, so
 * the bucket's keys say nothing about Signet's). A body of declared length ({@link SizedInputStream})
 * is one PutObject sent on as it is read ({@link StreamedPut}), holding nothing. Any other write holds at most one part of
 * {@link S3ObjectSettings#partSize} in memory, in one of the store's {@link PartBuffers} (so all
 * writes together hold at most {@link S3ObjectSettings#partBuffers} parts): content that fits is
 * one PutObject, larger content a multipart upload of parts of that size, aborted if the write
 * fails; either way the object exists in the bucket only once it is whole. A completed multipart upload keeps its
 * parts' content objects (nothing is copied; the index reads the object across them). Reads are ranged GetObjects,
 * aborted when closed early.
 */
final class S3ContentStore implements ContentStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ContentStore.class);
    private static final int FIRST_BUFFER = 64 * 1024;
    /** How long a write waits for a free part buffer before it is refused with SlowDown. */
    private static final Duration BUFFER_WAIT = Duration.ofMinutes(2);
    /** S3's largest PutObject: 5 GiB. */
    private static final long PUT_LIMIT = 5L * 1024 * 1024 * 1024;

    private final S3Client client;
    private final S3ObjectSettings settings;
    private final PartBuffers buffers;
    private final Clock clock;
    private final StreamedPut streamed;

    S3ContentStore(S3Client client, S3ObjectSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.buffers = new PartBuffers(settings.partSize(), settings.partBuffers(), BUFFER_WAIT);
        this.clock = clock;
        this.streamed = new StreamedPut(
                client,
                settings.bucket(),
                settings.endpoint()
                        .map(u -> "http".equalsIgnoreCase(u.getScheme()))
                        .orElse(false));
    }

    String objectKey(String name) {
        return settings.prefix() + "data/" + name;
    }

    String partKey(String name) {
        return settings.prefix() + "parts/" + name;
    }

    @Override
    public Written writeObject(InputStream body, Optional<ChecksumAlgorithm> checksum, long maxSize, String tooLarge)
            throws IOException, ObjectStoreException {
        return write(body, checksum, maxSize, tooLarge, false);
    }

    @Override
    public Written writePart(InputStream body, Optional<ChecksumAlgorithm> checksum, long maxSize, String tooLarge)
            throws IOException, ObjectStoreException {
        return write(body, checksum, maxSize, tooLarge, true);
    }

    private Written write(
            InputStream body, Optional<ChecksumAlgorithm> algorithm, long maxSize, String tooLarge, boolean part)
            throws IOException, ObjectStoreException {
        String name = UUID.randomUUID().toString();
        String key = part ? partKey(name) : objectKey(name);
        ContentHashes hashes = new ContentHashes(algorithm, maxSize, tooLarge);
        if (body instanceof SizedInputStream sized
                && sized.size() >= FIRST_BUFFER
                && sized.size() <= Math.min(maxSize, PUT_LIMIT)) {
            // a declared length: sent on as it arrives, no part buffer held (at most 5 GiB, PutObject's limit)
            return streamed.put(key, name, sized, hashes);
        }
        // small content stays small: a part buffer is taken only when the body outgrows this one
        byte[] first = new byte[FIRST_BUFFER];
        int filled = fill(body, first, 0, hashes);
        if (filled < first.length) {
            Written written = hashes.finish(name);
            put(key, ByteBuffer.wrap(first, 0, filled), written.md5());
            return written;
        }
        ByteBuffer buffer = buffers.acquire();
        try {
            buffer.put(first, 0, filled);
            if (fill(body, first, buffer, hashes)) {
                Written written = hashes.finish(name);
                put(key, buffer.flip(), written.md5());
                return written;
            }
            writeMultipart(key, body, first, buffer, hashes);
        } finally {
            buffers.release(buffer);
        }
        return hashes.finish(name);
    }

    /** One PutObject of {@code content}'s remaining bytes, whose MD5 the bucket checks. */
    private void put(String key, ByteBuffer content, byte[] md5) throws ObjectStoreException {
        try {
            client.putObject(
                    b -> b.bucket(settings.bucket())
                            .key(key)
                            .contentMD5(Base64.getEncoder().encodeToString(md5)),
                    body(content));
        } catch (SdkException e) {
            throw unavailable("stored", e);
        }
    }

    /**
     * Uploads the full {@code buffer} and the rest of {@code body} (read through {@code chunk}) as a
     * backing multipart upload.
     */
    private void writeMultipart(String key, InputStream body, byte[] chunk, ByteBuffer buffer, ContentHashes hashes)
            throws IOException, ObjectStoreException {
        String uploadId;
        try {
            uploadId = client.createMultipartUpload(
                            b -> b.bucket(settings.bucket()).key(key))
                    .uploadId();
        } catch (SdkException e) {
            throw unavailable("stored", e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            boolean ended = false;
            while (!ended) {
                parts.add(uploadPart(key, uploadId, parts.size() + 1, buffer.flip()));
                buffer.clear();
                ended = fill(body, chunk, buffer, hashes);
                if (ended && buffer.position() > 0) {
                    parts.add(uploadPart(key, uploadId, parts.size() + 1, buffer.flip()));
                }
            }
            complete(key, uploadId, parts);
        } catch (IOException | ObjectStoreException | RuntimeException e) {
            abortQuietly(key, uploadId);
            throw e;
        }
    }

    /**
     * Reads into {@code buffer} after its first {@code filled} bytes until it is full or the body
     * ends; returns how much it holds (less than its length only at the body's end).
     */
    private static int fill(InputStream body, byte[] buffer, int filled, ContentHashes hashes)
            throws IOException, ObjectStoreException {
        while (filled < buffer.length) {
            int n = body.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            hashes.update(buffer, filled, n);
            filled += n;
        }
        return filled;
    }

    /**
     * Reads the body through {@code chunk} into {@code buffer} until it is full or the body ends;
     * returns whether the body ended (a full buffer may still be followed by more).
     */
    private static boolean fill(InputStream body, byte[] chunk, ByteBuffer buffer, ContentHashes hashes)
            throws IOException, ObjectStoreException {
        while (buffer.hasRemaining()) {
            int n = body.read(chunk, 0, Math.min(chunk.length, buffer.remaining()));
            if (n < 0) {
                return true;
            }
            hashes.update(chunk, 0, n);
            buffer.put(chunk, 0, n);
        }
        return false;
    }

    /** Uploads {@code content}'s remaining bytes as part {@code number}. */
    private CompletedPart uploadPart(String key, String uploadId, int number, ByteBuffer content)
            throws ObjectStoreException {
        long length = content.remaining();
        MessageDigest md5 = md5();
        md5.update(content.duplicate());
        String contentMd5 = Base64.getEncoder().encodeToString(md5.digest());
        try {
            String etag = client.uploadPart(
                            b -> b.bucket(settings.bucket())
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(number)
                                    .contentLength(length)
                                    .contentMD5(contentMd5),
                            body(content))
                    .eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        } catch (SdkException e) {
            throw unavailable("stored", e);
        }
    }

    private void complete(String key, String uploadId, List<CompletedPart> parts) throws ObjectStoreException {
        try {
            client.completeMultipartUpload(
                    b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            throw unavailable("stored", e);
        }
    }

    /**
     * Keeps the parts: a join would be a copy of every byte by the backing server (UploadPartCopy,
     * then its own join), the costliest step of a large upload; the object is read across them.
     */
    @Override
    public Optional<String> assemble(List<String> partNames) {
        return Optional.empty();
    }

    @Override
    public InputStream open(String name, long start, long length) throws IOException {
        return read(objectKey(name), start, length);
    }

    @Override
    public InputStream openPart(String name, long start, long length) throws IOException {
        return read(partKey(name), start, length);
    }

    private InputStream read(String key, long start, long length) throws IOException {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        String range = "bytes=" + start + "-" + (start + length - 1);
        try {
            ResponseInputStream<GetObjectResponse> in =
                    client.getObject(b -> b.bucket(settings.bucket()).key(key).range(range));
            return new S3ContentStream(in, length);
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key, null, "the content object is gone");
        } catch (SdkException e) {
            throw new IOException("the content could not be read from " + settings.bucket() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteObject(String name) {
        deleteQuietly(objectKey(name));
    }

    @Override
    public void deletePart(String name) {
        deleteQuietly(partKey(name));
    }

    @Override
    public void cleanUp(Set<String> referencedObjects, Set<String> referencedParts) throws IOException {
        try {
            new OrphanSweep(client, settings, clock.instant().minus(settings.orphanGrace()))
                    .run(referencedObjects, referencedParts);
        } catch (SdkException e) {
            throw new IOException("sweeping " + settings.bucket() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private void deleteQuietly(String key) {
        try {
            client.deleteObject(b -> b.bucket(settings.bucket()).key(key));
        } catch (SdkException e) {
            // the sweep at the next start removes it
            LOG.warn("Could not delete s3://{}/{}: {}", settings.bucket(), key, e.toString());
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            client.abortMultipartUpload(
                    b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // the sweep at the next start aborts it
            LOG.warn("Could not abort the upload of s3://{}/{}: {}", settings.bucket(), key, e.toString());
        }
    }

    static ObjectStoreException unavailable(String what, SdkException e) {
        String status = e instanceof S3Exception s3 ? " (" + s3.statusCode() + ")" : "";
        return new ObjectStoreException(
                "InternalError", "The content could not be " + what + " in the object store" + status + ".", e);
    }

    /**
     * {@code content}'s remaining bytes, without a copy, re-read from the start on each read (the
     * signer hashes the body before it is sent, and a retry sends it again).
     */
    private static RequestBody body(ByteBuffer content) {
        ByteBuffer view = content.slice();
        return RequestBody.fromContentProvider(
                () -> new ByteBufferInputStream(view.duplicate()), view.remaining(), "application/octet-stream");
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /** A HeadBucket on the content bucket. */
    @Override
    public void probe() throws ObjectStoreException {
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException e) {
            throw new ObjectStoreException(
                    "InternalError",
                    "objects.bucket '" + settings.bucket() + "' cannot be reached: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
