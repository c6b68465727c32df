package dev.signet.server.objects.s3;

import dev.signet.server.objects.ObjectStoreException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part buffers of one S3 content store: at most {@code count} buffers of the part size, made
 * when first needed and reused, so uploads of any size and number hold at most {@code count} parts
 * in memory and make no garbage per part. A writer that finds none free waits for one, at most
 * {@code wait}; past that it fails with SlowDown (503), the store being busy, not broken.
 */
final class PartBuffers {
    private final int size;
    private final int count;
    private final Duration wait;
    private final BlockingQueue<byte[]> free;
    private final AtomicInteger made = new AtomicInteger();

    PartBuffers(int size, int count, Duration wait) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one part buffer");
        }
        this.size = size;
        this.count = count;
        this.wait = wait;
        this.free = new ArrayBlockingQueue<>(count);
    }

    /** A buffer of the part size; give it back with {@link #release}. */
    byte[] acquire() throws ObjectStoreException {
        byte[] buffer = free.poll();
        if (buffer != null) {
            return buffer;
        }
        if (made.getAndUpdate(n -> n < count ? n + 1 : n) < count) {
            return new byte[size];
        }
        try {
            buffer = free.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw slowDown();
        }
        if (buffer == null) {
            throw slowDown();
        }
        return buffer;
    }

    void release(byte[] buffer) {
        if (buffer.length == size) {
            free.offer(buffer);
        }
    }

    private static ObjectStoreException slowDown() {
        return new ObjectStoreException("SlowDown", "Please reduce your request rate.");
    }
}
