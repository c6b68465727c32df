package dev.signet.core.format.lambdazip;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.ArtifactDigest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A file copied into a new one in the read that takes its SHA-384, so that the copy holds exactly
 * the bytes hashed: the client that signs a zip where it lies reads it once, and a zip rewritten
 * meanwhile cannot give a signed zip other than the bytes the signature covers.
 *
 * <p>The calling thread reads each chunk into a direct buffer and hashes it there (ACCP hashes a
 * direct buffer in place); a writer thread then writes that same buffer to the copy while the next
 * chunk is read and hashed, so the copy's cost (the kernel's page-cache copy) overlaps the hash on a
 * second core. At most {@value #IN_FLIGHT} buffers of {@value #BUFFER} bytes: memory stays flat
 * whatever the size.
 */
final class HashedCopy {
    static final int BUFFER = 1 << 20;
    private static final int IN_FLIGHT = 4;
    /** How often the reader, waiting for a buffer, looks whether the writer failed. */
    private static final long POLL_MILLIS = 100;

    private static final Chunk END = new Chunk(-1, null);

    /** A hashed buffer (position 0, limit its length) and the offset it goes to. */
    private record Chunk(long position, ByteBuffer buffer) {}

    private HashedCopy() {}

    /** Copies {@code source} into {@code copy} (new and empty) from offset 0; the SHA-384 and length of what was copied. */
    static ArtifactDigest copy(Path source, FileChannel copy, LongConsumer progress) throws IOException {
        MessageDigest md = Digests.newDigest(HashAlgorithm.SHA384);
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            // a small file gets a buffer its size (one read more sees its end), not a zeroed 1 MiB
            int capacity = (int) Math.min(BUFFER, Math.max(8192, in.size() + 1));
            BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(IN_FLIGHT);
            for (int i = 0; i < IN_FLIGHT; i++) {
                free.add(ByteBuffer.allocateDirect(capacity));
            }
            // room for every buffer and the end mark: the reader never waits to hand one over
            BlockingQueue<Chunk> hashed = new ArrayBlockingQueue<>(IN_FLIGHT + 1);
            FutureTask<Void> writer = new FutureTask<>(() -> {
                write(hashed, free, copy);
                return null;
            });
            Thread thread = new Thread(writer, "signet-zip-copy");
            thread.setDaemon(true);
            thread.start();
            try {
                long position = 0;
                for (ByteBuffer buffer = take(free, writer); ; buffer = take(free, writer)) {
                    int n = in.read(buffer.clear(), position);
                    if (n < 0) {
                        break;
                    }
                    md.update(buffer.flip());
                    hashed.add(new Chunk(position, buffer.rewind()));
                    position += n;
                    progress.accept(n);
                }
                hashed.add(END);
                await(writer);
                return new ArtifactDigest(position, md.digest());
            } finally {
                // after a failure here: the writer stops (its copy is discarded by the caller)
                writer.cancel(true);
            }
        }
    }

    /** The writer: each hashed buffer written whole at its offset, then handed back. */
    private static void write(BlockingQueue<Chunk> hashed, BlockingQueue<ByteBuffer> free, FileChannel copy)
            throws IOException, InterruptedException {
        for (Chunk chunk = hashed.take(); chunk != END; chunk = hashed.take()) {
            ByteBuffer buffer = chunk.buffer();
            while (buffer.hasRemaining()) {
                copy.write(buffer, chunk.position() + buffer.position());
            }
            free.add(buffer);
        }
    }

    /** A free buffer; the writer's failure, if it stopped (it then hands no buffer back). */
    private static ByteBuffer take(BlockingQueue<ByteBuffer> free, FutureTask<Void> writer) throws IOException {
        try {
            for (; ; ) {
                ByteBuffer buffer = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (buffer != null) {
                    return buffer;
                }
                if (writer.isDone()) {
                    await(writer);
                    throw new IOException("the copy stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the zip was copied", e);
        }
    }

    private static void await(FutureTask<Void> writer) throws IOException {
        try {
            writer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the zip was copied", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
