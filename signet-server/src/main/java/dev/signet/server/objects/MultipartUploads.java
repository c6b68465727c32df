package dev.signet.server.objects;

import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.ChecksumType;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * S3 multipart uploads over an {@link ObjectStore}. Parts stream to storage as they arrive; an upload
 * survives restarts until it is completed, aborted or removed as abandoned. Completion is atomic: the
 * object appears whole, as a new version where the bucket is versioned, or not at all. S3's limits
 * hold: part numbers 1..10,000, parts at most 5 GiB, every part but the last at least 5 MiB.
 */
public interface MultipartUploads {
    int MAX_PART_NUMBER = 10_000;
    long MIN_PART_SIZE = 5L * 1024 * 1024;
    long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    /**
     * Starts an upload. The algorithm decides the checksum of every part and of the object; the type
     * (default: COMPOSITE, FULL_OBJECT for CRC64NVME) must be one S3 allows for it.
     */
    MultipartUpload create(
            String bucket,
            String key,
            ObjectAttributes attributes,
            Optional<ChecksumAlgorithm> algorithm,
            Optional<ChecksumType> type)
            throws ObjectStoreException;

    /** The upload, if it exists for this bucket and key; NoSuchUpload otherwise. */
    MultipartUpload find(String bucket, String key, String uploadId) throws ObjectStoreException;

    /**
     * Stores a part, replacing any earlier one with the same number. The part's checksum is computed
     * under the upload's algorithm; {@code declared} is the algorithm the request's own checksum
     * named, which must be the upload's when the upload has one.
     */
    UploadedPart uploadPart(
            String bucket,
            String key,
            String uploadId,
            int partNumber,
            InputStream body,
            Optional<ChecksumAlgorithm> declared)
            throws ObjectStoreException;

    /** Assembles the listed parts into the object, then forgets the upload and every part. */
    ObjectInfo complete(String bucket, String key, String uploadId, Completion completion) throws ObjectStoreException;

    /** Forgets the upload and deletes its parts. */
    void abort(String bucket, String key, String uploadId) throws ObjectStoreException;

    /** Parts numbered above {@code afterPartNumber}, in number order, at most {@code max}. */
    List<UploadedPart> listParts(String bucket, String key, String uploadId, int afterPartNumber, int max)
            throws ObjectStoreException;

    /**
     * Uploads in progress whose key starts with {@code prefix}, by key then by initiation, after the
     * markers (an upload id marker counts only with a key marker), at most {@code max}.
     */
    List<MultipartUpload> listUploads(
            String bucket, String prefix, Optional<String> keyMarker, Optional<String> uploadIdMarker, int max)
            throws ObjectStoreException;

    /** Aborts every upload initiated before {@code cutoff}; returns how many. */
    int removeAbandoned(Instant cutoff);
}
