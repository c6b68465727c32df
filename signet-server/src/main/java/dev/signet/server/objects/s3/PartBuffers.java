package dev.signet.server.objects.s3;

import dev.signet.server.objects.ObjectStoreException;
import java.nio.ByteBuffer;
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
 *
 * <p>The buffers are direct (outside the Java heap): as heap arrays they were live data that G1
 * sizes the heap around (it keeps the heap well above its live data, and a part-sized array fills
 * whole regions), so each buffer in use cost up to about twice its size in resident memory; off
 * the heap each costs its size once it has been written.
 */
final class PartBuffers {
    private final int size;
    private final int count;
    private final Duration wait;
    private final BlockingQueue<ByteBuffer> free;
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

    /**
     * A buffer of the part size, cleared (position 0, limit its capacity); give it back with
     * {@link #release}.
     */
    ByteBuffer acquire() throws ObjectStoreException {
        ByteBuffer buffer = free.poll();
        if (buffer != null) {
            return buffer.clear();
        }
        if (made.getAndUpdate(n -> n < count ? n + 1 : n) < count) {
            return ByteBuffer.allocateDirect(size);
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
        return buffer.clear();
    }

    void release(ByteBuffer buffer) {
        if (buffer.capacity() == size && buffer.isDirect()) {
            free.offer(buffer);
        }
    }

    private static ObjectStoreException slowDown() {
        return new ObjectStoreException("SlowDown", "Please reduce your request rate.");
    }
}
