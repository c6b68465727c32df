package dev.signet.server.http.s3;

import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page of ListObjectsV2: keys, and with a delimiter the common prefixes that group keys, up to
 * {@code maxKeys} entries in all. {@code resumeAfter} is where the next page starts when the
 * listing was cut. Reads the store in bounded batches.
 */
record ListingPage(List<ObjectInfo> contents, List<String> commonPrefixes, Optional<String> resumeAfter) {
    /** The greatest code point: a prefix followed by it sorts after every key with that prefix. */
    private static final String MAX = new String(Character.toChars(Character.MAX_CODE_POINT));

    private static final int BATCH = 1000;
    private static final int MAX_BATCHES = 1000;

    static ListingPage collect(
            ObjectStore store,
            String bucket,
            String prefix,
            Optional<String> delimiter,
            Optional<String> startAfter,
            int maxKeys)
            throws ObjectStoreException {
        List<ObjectInfo> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Optional<String> after = startAfter;
        String lastReturned = null;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<ObjectInfo> keys = store.list(bucket, prefix, after, BATCH);
            if (keys.isEmpty()) {
                return new ListingPage(contents, prefixes, Optional.empty());
            }
            for (ObjectInfo o : keys) {
                if (contents.size() + prefixes.size() == maxKeys) {
                    return new ListingPage(contents, prefixes, Optional.ofNullable(lastReturned));
                }
                Optional<String> common = commonPrefix(o.key(), prefix, delimiter);
                if (common.isPresent()) {
                    prefixes.add(common.get());
                    lastReturned = common.get() + MAX;
                    after = Optional.of(lastReturned);
                    break;
                }
                contents.add(o);
                lastReturned = o.key();
                after = Optional.of(o.key());
            }
            if (keys.size() < BATCH
                    && (after.isEmpty()
                            || after.get().equals(keys.get(keys.size() - 1).key()))) {
                return new ListingPage(contents, prefixes, Optional.empty());
            }
        }
        return new ListingPage(contents, prefixes, Optional.ofNullable(lastReturned));
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
