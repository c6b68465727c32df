package dev.signet.server.http.s3;

import dev.signet.server.objects.MultipartUpload;
import dev.signet.server.objects.MultipartUploads;
import dev.signet.server.objects.ObjectStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page of ListMultipartUploads: uploads by key then initiation and, with a delimiter, the
 * common prefixes that group their keys, up to {@code maxUploads} entries in all. The next markers
 * name the last entry returned (a common prefix resumes after every key it covers, as in
 * {@link ListingPage}). Reads the store in bounded batches.
 */
record UploadListing(
        List<MultipartUpload> uploads,
        List<String> commonPrefixes,
        boolean truncated,
        Optional<String> nextKeyMarker,
        Optional<String> nextUploadIdMarker) {
    private static final String MAX = new String(Character.toChars(Character.MAX_CODE_POINT));
    private static final int BATCH = 1000;
    private static final int MAX_BATCHES = 1000;

    static UploadListing collect(
            MultipartUploads store,
            String bucket,
            String prefix,
            Optional<String> delimiter,
            Optional<String> keyMarker,
            Optional<String> uploadIdMarker,
            int maxUploads)
            throws ObjectStoreException {
        List<MultipartUpload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Optional<String> key = keyMarker;
        Optional<String> id = keyMarker.isPresent() ? uploadIdMarker : Optional.empty();
        Optional<String> lastKey = Optional.empty();
        Optional<String> lastId = Optional.empty();
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<MultipartUpload> found = store.listUploads(bucket, prefix, key, id, BATCH);
            boolean restarted = false;
            for (MultipartUpload u : found) {
                if (uploads.size() + prefixes.size() == maxUploads) {
                    return new UploadListing(uploads, prefixes, true, lastKey, lastId);
                }
                Optional<String> common = commonPrefix(u.key(), prefix, delimiter);
                if (common.isPresent()) {
                    prefixes.add(common.get());
                    lastKey = Optional.of(common.get() + MAX);
                    lastId = Optional.empty();
                    key = lastKey;
                    id = Optional.empty();
                    restarted = true;
                    break;
                }
                uploads.add(u);
                lastKey = Optional.of(u.key());
                lastId = Optional.of(u.uploadId());
                key = lastKey;
                id = lastId;
            }
            if (!restarted && found.size() < BATCH) {
                return new UploadListing(uploads, prefixes, false, Optional.empty(), Optional.empty());
            }
        }
        return new UploadListing(uploads, prefixes, true, lastKey, lastId);
    }

    private static Optional<String> commonPrefix(String key, String prefix, Optional<String> delimiter) {
        if (delimiter.isEmpty()) {
            return Optional.empty();
        }
        int at = key.indexOf(delimiter.get(), prefix.length());
        return at < 0
                ? Optional.empty()
                : Optional.of(key.substring(0, at + delimiter.get().length()));
    }
}
