package dev.signet.core.format.authenticode;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * One read of an unsigned PE file on two threads: a reader fills a few direct buffers in turn and
 * sums the little-endian words of each (for {@link PeChecksum}), and a hasher feeds the same
 * buffers, without copying them, to {@code CryptoProviders}' SHA-256 (the file without the checksum
 * field and the certificate table entry, zero-padded to 8 bytes, as jsign's {@code
 * PEFile.computeDigest} hashes it). The hasher has the longest task, so it does nothing else. Both start at
 * {@link #start}; {@link #close} stops them if the caller gives up. The threads are daemon threads
 * of a pool that never queues a task, so that two scans can never wait on each other.
 *
 * <p>Started with {@link #startCopying}, the reader also writes each chunk to a copy before the hasher
 * sees it: a client that signs the file gets the bytes it hashed without reading the file again.
 */
final class PeScan implements AutoCloseable {
    static final int CHUNK_SIZE = 1 << 19;
    private static final int IN_FLIGHT = 4;
    private volatile boolean closed;
    /** The reader's scratch for summing words: 64 KiB, a small object, not one the size of a chunk. */
    private static final int SCRATCH_LONGS = 1 << 13;

    private static final Chunk END = new Chunk(-1, null);
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "signet-pe-reader");
        thread.setDaemon(true);
        return thread;
    });

    private final Path file;
    private final long size;
    private final long checksumOffset;
    private final long entryOffset;
    private final LongConsumer progress;
    /** Where the reader copies each chunk it read before the hasher gets it, if anywhere. */
    private final Optional<FileChannel> copy;
    /** Buffers the reader may fill; at most {@link #IN_FLIGHT}, so that puts never block. */
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(IN_FLIGHT);
    /** Filled buffers for the hasher, then {@link #END}: room for all buffers and the end mark. */
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(IN_FLIGHT + 1);

    private final Future<Long> wordSum;
    private final Future<byte[]> digest;

    /** A filled buffer (position 0, limit its length) and the file offset it was read from. */
    private record Chunk(long position, ByteBuffer buffer) {}

    private PeScan(
            Path file,
            long size,
            long checksumOffset,
            long entryOffset,
            LongConsumer progress,
            Optional<FileChannel> copy) {
        this.file = file;
        this.copy = copy;
        this.progress = progress;
        this.size = size;
        this.checksumOffset = checksumOffset;
        this.entryOffset = entryOffset;
        // a small file gets one buffer its own size: zeroing four full chunks cost more than hashing it
        int capacity = (int) Math.max(1, Math.min(CHUNK_SIZE, size));
        long chunks = (size + capacity - 1) / capacity;
        for (int i = 0; i < Math.max(1, Math.min(IN_FLIGHT, chunks)); i++) {
            free.add(ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN));
        }
        this.wordSum = THREADS.submit(this::read);
        this.digest = THREADS.submit(this::hash);
    }

    /**
     * Starts reading and hashing the first {@code size} bytes of {@code file}, skipping the 4 bytes
     * at {@code checksumOffset} and the 8 at {@code entryOffset} (in this order, not overlapping);
     * {@code progress} is told of each chunk hashed, on the hashing thread.
     */
    static PeScan start(Path file, long size, long checksumOffset, long entryOffset, LongConsumer progress) {
        return new PeScan(file, size, checksumOffset, entryOffset, progress, Optional.empty());
    }

    /**
     * As {@link #start(Path, long, long, long, LongConsumer)}, the reader also writing each chunk to
     * {@code copy} at its offset before the hasher sees it: once {@link #digest} returns, {@code copy}
     * holds exactly the bytes hashed and summed (the file is read once).
     */
    static PeScan startCopying(
            Path file, long size, long checksumOffset, long entryOffset, LongConsumer progress, FileChannel copy) {
        return new PeScan(file, size, checksumOffset, entryOffset, progress, Optional.of(copy));
    }

    /** The sum of the file's little-endian words, a torn last word zero-padded; waits for the reader. */
    long wordSum() throws IOException {
        return await(wordSum);
    }

    /** The Authenticode SHA-256 digest; waits for the reader (whose failure it reports) and the hasher. */
    byte[] digest() throws IOException {
        if (closed) {
            // whether or not the threads had already finished: a closed scan has no result
            throw new IOException("the file is no longer read");
        }
        await(wordSum);
        return await(digest).clone();
    }

    /** Stops reading and hashing, if they still run (after a failure elsewhere). */
    @Override
    public void close() {
        closed = true;
        wordSum.cancel(true);
        digest.cancel(true);
    }

    private long read() throws IOException, InterruptedException {
        long sum = 0;
        long[] scratch = new long[SCRATCH_LONGS];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long position = 0; position < size; ) {
                ByteBuffer buffer = free.take();
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - position));
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, position + buffer.position()) < 0) {
                        throw new IOException("the file shrank while it was read");
                    }
                }
                int n = buffer.flip().limit();
                if (copy.isPresent()) {
                    writeFully(copy.get(), buffer.duplicate(), position);
                }
                sum += PeChecksum.words(buffer, n, scratch);
                filled.add(new Chunk(position, buffer)); // the hasher's from here on
                position += n;
            }
        } finally {
            filled.add(END);
        }
        return sum;
    }

    /** Writes {@code chunk} (from position 0) to {@code out} at {@code position}, all of it. */
    static void writeFully(FileChannel out, ByteBuffer chunk, long position) throws IOException {
        while (chunk.hasRemaining()) {
            out.write(chunk, position + chunk.position());
        }
    }

    private byte[] hash() throws IOException, InterruptedException {
        MessageDigest md;
        long hashed = 0;
        try {
            md = CryptoProviders.messageDigest(HashAlgorithm.SHA256);
            for (Chunk chunk = filled.take(); chunk != END; chunk = filled.take()) {
                ByteBuffer buffer = chunk.buffer();
                int n = buffer.limit();
                int at = 0;
                for (long[] skip : new long[][] {{checksumOffset, 4}, {entryOffset, 8}}) {
                    long from = skip[0] - chunk.position();
                    long to = from + skip[1];
                    if (to > at && from < n) { // the skipped field may begin in an earlier chunk
                        update(md, buffer, at, (int) Math.max(from, at));
                        at = (int) Math.min(n, to);
                    }
                }
                update(md, buffer, at, n);
                hashed += n;
                free.add(buffer);
                progress.accept(n);
            }
        } catch (InterruptedException | RuntimeException e) {
            wordSum.cancel(true); // a reader waiting for a free buffer would otherwise wait forever
            throw e;
        }
        // END came: the reader is done. Had it stopped early, cancelling it now could race its own
        // failure ("the file shrank ...") and replace it with a cancellation; digest() reports it.
        if (hashed != size) {
            throw new IOException("the file was not read to its end");
        }
        md.update(new byte[(int) ((8 - size % 8) % 8)]);
        return md.digest();
    }

    private static void update(MessageDigest md, ByteBuffer buffer, int from, int to) {
        if (to > from) {
            md.update(buffer.limit(to).position(from));
        }
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the file", e);
        } catch (CancellationException e) {
            throw new IOException("the file is no longer read", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
