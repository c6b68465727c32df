package dev.signet.server.objects.index;

import dev.signet.server.objects.BucketInfo;
import dev.signet.server.objects.BucketVersioning;
import dev.signet.server.objects.Completion;
import dev.signet.server.objects.MultipartUpload;
import dev.signet.server.objects.MultipartUploads;
import dev.signet.server.objects.ObjectAttributes;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectNames;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.UploadedPart;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.ChecksumType;
import dev.signet.server.objects.index.ContentStore.Written;
import dev.signet.server.objects.index.ObjectIndex.StoredPart;
import dev.signet.server.objects.index.ObjectRows.Row;
import dev.signet.server.objects.index.UploadIndex.PartRow;
import dev.signet.server.objects.index.UploadIndex.UploadGone;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.JdbiException;

/**
 * Multipart uploads of an {@link IndexedObjectStore}. Parts stream into part content (never held
 * whole in memory) and are recorded in the database. Completion either has the content store join
 * the listed parts into new object content outside any transaction (on disk), or keeps them (S3
 * content): the version is then a composite object, its part layout naming each part's content,
 * read across them. In one transaction, which first locks the upload so that no listed part is
 * replaced meanwhile, it records the version (and its part layout) and deletes the upload; part
 * content the object does not keep is deleted after the commit. A crash at any point leaves either
 * the upload intact or the object complete; leftover content goes at the next start.
 */
final class IndexedMultipartUploads implements MultipartUploads {
    /** S3's largest object: 5 TiB. */
    static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024 * 1024;

    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{44}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SWEEP_BATCH = 100;
    /** How many times a completion plans again when a listed part is replaced while it completes. */
    private static final int COMPLETE_ATTEMPTS = 3;

    private final IndexedObjectStore store;
    private final ContentStore files;
    private final ObjectIndex objects;
    private final UploadIndex uploads;
    private final Clock clock;

    IndexedMultipartUploads(
            IndexedObjectStore store, ContentStore files, ObjectIndex objects, UploadIndex uploads, Clock clock) {
        this.store = store;
        this.files = files;
        this.objects = objects;
        this.uploads = uploads;
        this.clock = clock;
    }

    @Override
    public MultipartUpload create(
            String bucket,
            String key,
            ObjectAttributes attributes,
            Optional<ChecksumAlgorithm> algorithm,
            Optional<ChecksumType> type)
            throws ObjectStoreException {
        store.requireBucket(bucket);
        ObjectNames.checkKey(key);
        if (type.isPresent() && algorithm.isEmpty()) {
            throw invalidRequest(
                    "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        }
        Optional<ChecksumType> resolved = algorithm.map(a -> type.orElse(a.defaultMultipartType()));
        if (algorithm.isPresent() && !algorithm.get().allows(resolved.get())) {
            throw invalidRequest("The " + resolved.get() + " checksum type cannot be used with the "
                    + algorithm.get().wireName().toLowerCase(java.util.Locale.ROOT) + " checksum algorithm.");
        }
        Instant now = clock.instant();
        MultipartUpload upload =
                new MultipartUpload(newUploadId(now), bucket, key, attributes, algorithm, resolved, now);
        uploads.insert(upload);
        return upload;
    }

    @Override
    public MultipartUpload find(String bucket, String key, String uploadId) throws ObjectStoreException {
        store.requireBucket(bucket);
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
            throw noSuchUpload();
        }
        return uploads.find(uploadId)
                .filter(u -> u.bucket().equals(bucket) && u.key().equals(key))
                .orElseThrow(IndexedMultipartUploads::noSuchUpload);
    }

    @Override
    public UploadedPart uploadPart(
            String bucket,
            String key,
            String uploadId,
            int partNumber,
            InputStream body,
            Optional<ChecksumAlgorithm> declared)
            throws ObjectStoreException {
        checkPartNumber(partNumber);
        MultipartUpload upload = find(bucket, key, uploadId);
        if (upload.checksumAlgorithm().isPresent()
                && declared.isPresent()
                && declared.get() != upload.checksumAlgorithm().get()) {
            throw invalidRequest("Checksum Type mismatch occurred, expected checksum Type: "
                    + upload.checksumAlgorithm().get().wireName().toLowerCase(java.util.Locale.ROOT)
                    + ", actual checksum Type: " + declared.get().wireName().toLowerCase(java.util.Locale.ROOT));
        }
        Optional<ChecksumAlgorithm> algorithm = upload.checksumAlgorithm().or(() -> declared);
        Written written;
        try {
            written = files.writePart(
                    body, algorithm, MAX_PART_SIZE, "Your proposed upload exceeds the maximum allowed object size.");
        } catch (IOException e) {
            throw new ObjectStoreException("IncompleteBody", "The part body could not be read completely.", e);
        }
        UploadedPart part = new UploadedPart(
                partNumber,
                written.size(),
                HexFormat.of().formatHex(written.md5()),
                algorithm,
                written.checksum().map(c -> Base64.getEncoder().encodeToString(c)),
                clock.instant());
        try {
            uploads.putPart(uploadId, new PartRow(part, written.name())).ifPresent(files::deletePart);
        } catch (UploadGone e) {
            files.deletePart(written.name());
            throw noSuchUpload();
        } catch (JdbiException e) {
            files.deletePart(written.name());
            throw new ObjectStoreException("InternalError", "The part could not be recorded.", e);
        }
        return part;
    }

    @Override
    public ObjectInfo complete(String bucket, String key, String uploadId, Completion completion)
            throws ObjectStoreException {
        for (int attempt = 1; ; attempt++) {
            try {
                return completeOnce(bucket, key, uploadId, completion);
            } catch (PartsReplaced e) {
                // a listed part was uploaded again meanwhile: plan again with the parts as they are now
                if (attempt == COMPLETE_ATTEMPTS) {
                    throw new ObjectStoreException(
                            "InternalError", "The upload's parts kept being replaced while it was completed.", e);
                }
            }
        }
    }

    private ObjectInfo completeOnce(String bucket, String key, String uploadId, Completion completion)
            throws ObjectStoreException {
        MultipartUpload upload = find(bucket, key, uploadId);
        Assembly assembly = Assembly.plan(upload, completion, allParts(uploadId));
        Optional<String> joined;
        try {
            joined = files.assemble(assembly.fileNames());
        } catch (NoSuchFileException e) {
            throw uploads.find(uploadId).isEmpty()
                    ? noSuchUpload()
                    : new ObjectStoreException("InternalError", "A part's content is missing.", e);
        } catch (IOException e) {
            throw new ObjectStoreException("InternalError", "The parts could not be assembled.", e);
        }
        // a composite object's file name names its part layout only: no content has it
        String fileName = joined.orElseGet(() -> UUID.randomUUID().toString());
        BucketInfo info = store.requireBucket(bucket);
        boolean versioned = info.versioning() == BucketVersioning.ENABLED;
        Row row = new Row(
                bucket,
                key,
                versioned ? IndexedObjectStore.newVersionId() : IndexedObjectStore.NULL_VERSION,
                0,
                true,
                false,
                assembly.size(),
                assembly.etag(),
                upload.attributes(),
                assembly.checksum(),
                assembly.parts().size(),
                Optional.of(fileName),
                clock.instant());
        List<StoredPart> parts = new ArrayList<>(assembly.parts().size());
        for (int i = 0; i < assembly.parts().size(); i++) {
            Optional<String> content = joined.isPresent()
                    ? Optional.empty()
                    : Optional.of(assembly.fileNames().get(i));
            parts.add(new StoredPart(assembly.parts().get(i), content));
        }
        List<String> partFiles = new ArrayList<>();
        Released released;
        try {
            released = objects.commit(row, !versioned, parts, h -> {
                // the upload is locked first: the parts planned are still its parts when this commits
                List<String> current = UploadIndex.delete(h, uploadId);
                if (!current.containsAll(assembly.fileNames())) {
                    throw new PartsReplaced();
                }
                partFiles.clear();
                partFiles.addAll(current);
            });
        } catch (UploadGone e) {
            joined.ifPresent(files::deleteObject);
            throw noSuchUpload();
        } catch (PartsReplaced e) {
            joined.ifPresent(files::deleteObject);
            throw e;
        } catch (JdbiException e) {
            joined.ifPresent(files::deleteObject);
            throw new ObjectStoreException("InternalError", "The object could not be recorded.", e);
        }
        if (joined.isEmpty()) {
            // kept: the composite object is made of them now
            partFiles.removeAll(assembly.fileNames());
        }
        partFiles.forEach(files::deletePart);
        released.deleteFrom(files);
        return row.info();
    }

    /** A part the completion planned with was replaced before it committed; rolls the commit back. */
    private static final class PartsReplaced extends RuntimeException {
        PartsReplaced() {
            super("a listed part was replaced during the completion", null, false, false);
        }
    }

    private List<PartRow> allParts(String uploadId) {
        return uploads.parts(uploadId, 0, MAX_PART_NUMBER);
    }

    @Override
    public void abort(String bucket, String key, String uploadId) throws ObjectStoreException {
        find(bucket, key, uploadId);
        uploads.delete(uploadId)
                .orElseThrow(IndexedMultipartUploads::noSuchUpload)
                .forEach(files::deletePart);
    }

    @Override
    public List<UploadedPart> listParts(String bucket, String key, String uploadId, int afterPartNumber, int max)
            throws ObjectStoreException {
        find(bucket, key, uploadId);
        return uploads.parts(uploadId, Math.max(0, afterPartNumber), Math.max(0, Math.min(max, 1000))).stream()
                .map(PartRow::part)
                .toList();
    }

    @Override
    public List<MultipartUpload> listUploads(
            String bucket, String prefix, Optional<String> keyMarker, Optional<String> uploadIdMarker, int max)
            throws ObjectStoreException {
        store.requireBucket(bucket);
        return uploads.list(bucket, prefix, keyMarker, uploadIdMarker, Math.max(0, Math.min(max, 1001)));
    }

    @Override
    public int removeAbandoned(Instant cutoff) {
        int removed = 0;
        while (true) {
            List<String> batch = uploads.initiatedBefore(cutoff, SWEEP_BATCH);
            for (String id : batch) {
                Optional<List<String>> parts = uploads.delete(id);
                if (parts.isPresent()) {
                    parts.get().forEach(files::deletePart);
                    removed++;
                }
            }
            if (batch.size() < SWEEP_BATCH) {
                return removed;
            }
        }
    }

    static void checkPartNumber(int partNumber) throws ObjectStoreException {
        if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
            throw new ObjectStoreException(
                    "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
        }
    }

    /** Upload ids: the initiation time in 12 hex digits (so ids sort by initiation), then 128 random bits. */
    private static String newUploadId(Instant now) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return String.format("%012x", now.toEpochMilli()) + HexFormat.of().formatHex(random);
    }

    static ObjectStoreException noSuchUpload() {
        return new ObjectStoreException(
                "NoSuchUpload",
                "The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have"
                        + " been aborted or completed.");
    }

    private static ObjectStoreException invalidRequest(String message) {
        return new ObjectStoreException("InvalidRequest", message);
    }
}
