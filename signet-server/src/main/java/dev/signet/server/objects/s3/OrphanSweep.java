package dev.signet.server.objects.s3;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Removes what crashes left in the content bucket: content objects no row references and backing
 * multipart uploads never completed, but only those older than the cutoff, since a younger one may
 * belong to a write another node has not committed yet. Only keys of the store's own shape
 * ({@code PREFIX data/UUID}, {@code PREFIX parts/UUID}) are touched; anything else under the prefix
 * is left alone.
 */
final class OrphanSweep {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final S3Client client;
    private final S3ObjectSettings settings;
    private final Instant cutoff;

    OrphanSweep(S3Client client, S3ObjectSettings settings, Instant cutoff) {
        this.client = client;
        this.settings = settings;
        this.cutoff = cutoff;
    }

    void run(Set<String> referencedObjects, Set<String> referencedParts) {
        int removed = sweep(settings.prefix() + "data/", referencedObjects)
                + sweep(settings.prefix() + "parts/", referencedParts);
        int aborted = abortUploads();
        if (removed + aborted > 0) {
            LOG.info(
                    "Object store: removed {} unreferenced content objects and {} unfinished uploads from {}",
                    removed,
                    aborted,
                    settings.bucket());
        }
    }

    private int sweep(String dir, Set<String> referenced) {
        int removed = 0;
        for (S3Object o : client.listObjectsV2Paginator(
                        b -> b.bucket(settings.bucket()).prefix(dir))
                .contents()) {
            String name = o.key().substring(dir.length());
            if (ours(name) && !referenced.contains(name) && o.lastModified().isBefore(cutoff)) {
                // one DeleteObject each, not DeleteObjects: orphans are few, and S3-compatible servers
                // differ in the checksum headers a batch delete must carry
                client.deleteObject(b -> b.bucket(settings.bucket()).key(o.key()));
                removed++;
            }
        }
        return removed;
    }

    private int abortUploads() {
        int aborted = 0;
        try {
            for (MultipartUpload u : client.listMultipartUploadsPaginator(
                            b -> b.bucket(settings.bucket()).prefix(settings.prefix()))
                    .uploads()) {
                if (ourKey(u.key()) && u.initiated().isBefore(cutoff)) {
                    client.abortMultipartUpload(
                            b -> b.bucket(settings.bucket()).key(u.key()).uploadId(u.uploadId()));
                    aborted++;
                }
            }
        } catch (S3Exception e) {
            // some S3-compatible servers do not list uploads (501); their own expiry removes them
            LOG.warn("Could not list unfinished uploads in {}: {}", settings.bucket(), e.getMessage());
        }
        return aborted;
    }

    private boolean ourKey(String key) {
        for (String dir : List.of(settings.prefix() + "data/", settings.prefix() + "parts/")) {
            if (key.startsWith(dir) && ours(key.substring(dir.length()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean ours(String name) {
        return NAME.matcher(name).matches();
    }
}
