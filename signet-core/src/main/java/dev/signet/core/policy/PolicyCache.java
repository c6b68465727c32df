package dev.signet.core.policy;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled policies, so that a document is parsed and its patterns compiled once, not per request.
 * Keyed by the kind, the size limit and the document's exact text, so a new policy version (new
 * text) is a new entry and a stale entry can never be served for a changed document. Bounded: past
 * {@code capacity} entries an arbitrary entry is dropped. Refusals are not cached (each parse
 * throws again). Thread-safe.
 */
public final class PolicyCache {
    private record Key(PolicyKind kind, int maxChars, String document) {}

    private final int capacity;
    private final ConcurrentHashMap<Key, Policy> entries = new ConcurrentHashMap<>();

    public PolicyCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /**
     * The compiled policy for {@code document}.
     *
     * @throws MalformedPolicyException as {@link PolicyParser#parse} does
     */
    public Policy get(String document, PolicyKind kind, int maxChars) {
        Objects.requireNonNull(document, "document");
        Key key = new Key(kind, maxChars, document);
        Policy cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        Policy parsed = PolicyParser.parse(document, kind, maxChars);
        while (entries.size() >= capacity) {
            Iterator<Key> it = entries.keySet().iterator();
            if (!it.hasNext()) {
                break;
            }
            entries.remove(it.next());
        }
        Policy previous = entries.putIfAbsent(key, parsed);
        return previous != null ? previous : parsed;
    }

    public int size() {
        return entries.size();
    }
}
