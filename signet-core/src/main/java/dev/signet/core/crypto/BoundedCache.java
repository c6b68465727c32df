package dev.signet.core.crypto;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe memo of immutable values parsed from what signatures carry (certificates, chains),
 * bounded against hostile input: at most {@code maxEntries} entries, and it starts over when full.
 * Callers bound the size of what they put in.
 */
public final class BoundedCache<K, V> {
    private final int maxEntries;
    private final Map<K, V> entries = new ConcurrentHashMap<>();

    public BoundedCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
    }

    /** The value kept for {@code key}, or null. */
    public V get(K key) {
        return entries.get(key);
    }

    /** Keeps {@code value} for {@code key}, emptying the cache first when it is full. */
    public void put(K key, V value) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, value);
    }
}
