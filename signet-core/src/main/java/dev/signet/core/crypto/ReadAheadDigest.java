package dev.signet.core.crypto;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Digests a channel to its end with the reads on a helper thread, so that copying the next chunk
 * from the page cache overlaps hashing this one (on one thread the copy adds a tenth to the time of
 * SHA-384). Memory is flat: a ring of {@link #RING} direct buffers of {@link #CHUNK} bytes, which
 * the digest consumes in place; at most {@link #POOLED} rings are kept for reuse. Reads plain
 * {@code read} calls (not a memory mapping), so a file truncated meanwhile ends the input early
 * instead of faulting in native code. The helper threads are daemons that end when idle.
 */
final class ReadAheadDigest {
    static final int CHUNK = 1 << 19;
    static final int RING = 4;
    static final int POOLED = 2;
    private static final long POLL_MILLIS = 50;
    private static final BlockingQueue<ByteBuffer[]> RINGS = new ArrayBlockingQueue<>(POOLED);
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "signet-digest-read");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A filled buffer, the end of the input (no buffer), or the read's failure: an IOException, or
     * an unchecked exception handed over so it is not mistaken for an unreadable file.
     */
    private record Chunk(ByteBuffer buffer, Exception error) {}

    private ReadAheadDigest() {}

    static byte[] digest(MessageDigest md, ReadableByteChannel channel) throws IOException {
        ByteBuffer[] ring = RINGS.poll();
        if (ring == null) {
            ring = new ByteBuffer[RING];
            for (int i = 0; i < RING; i++) {
                ring[i] = ByteBuffer.allocateDirect(CHUNK);
            }
        }
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(RING);
        BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(RING + 1);
        for (ByteBuffer b : ring) {
            free.add(b);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Future<?> reader = READERS.submit(() -> read(channel, free, full, stop));
        try {
            while (true) {
                Chunk chunk = full.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    if (reader.isDone() && full.isEmpty()) {
                        throw new IOException("the read-ahead thread stopped without a result");
                    }
                    continue;
                }
                if (chunk.error() instanceof IOException io) {
                    throw io;
                }
                if (chunk.error() != null) {
                    throw new IllegalStateException("the read-ahead thread failed: " + chunk.error(), chunk.error());
                }
                if (chunk.buffer() == null) {
                    return md.digest();
                }
                md.update(chunk.buffer());
                free.add(chunk.buffer());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while digesting");
        } finally {
            stop.set(true);
            if (finish(reader)) {
                RINGS.offer(ring);
            }
        }
    }

    private static void read(
            ReadableByteChannel channel,
            BlockingQueue<ByteBuffer> free,
            BlockingQueue<Chunk> full,
            AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                ByteBuffer buffer = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (buffer == null) {
                    continue;
                }
                buffer.clear();
                boolean end = false;
                while (buffer.hasRemaining() && !end) {
                    end = channel.read(buffer) < 0;
                }
                buffer.flip();
                if (buffer.hasRemaining()) {
                    full.add(new Chunk(buffer, null));
                }
                if (end) {
                    full.add(new Chunk(null, null));
                    return;
                }
            }
        } catch (IOException e) {
            full.add(new Chunk(null, e));
        } catch (RuntimeException e) {
            full.add(new Chunk(null, e)); // for the digesting thread to throw, where it is reported
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the reader to stop touching the ring; false if it could not be confirmed. */
    private static boolean finish(Future<?> reader) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    reader.get();
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
