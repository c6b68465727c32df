package dev.signet.server.service.job;

import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies one object version into a file with up to {@link #READS} ranged reads at once, each
 * writing its {@link #CHUNK} at its place in the file. A store over the network answers one read at
 * the pace of one connection while the job's hash can start only once the file is whole, so reads in
 * parallel shorten the job; a local store is not slowed by them. The file's SHA-256 is taken as it is
 * written ({@link ArrivalHash}), so the job records the artifact's digest without reading it again.
 * Exactly {@code size} bytes are read
 * (each range yields exactly its bytes, or fails), so a store that holds more than it declared
 * cannot make the file larger. Memory: one 64 KiB buffer per read in flight. The first failure stops
 * the reads not yet started, waits for those in flight and is thrown.
 */
final class SourceDownload {
    /**
     * The bytes one ranged read copies. Each read pays a fixed cost before its first byte (the
     * version's rows looked up, a request answered: under load about half of what 8 MiB reads cost),
     * so reads are large, yet small enough that a large artifact keeps {@link #READS} in flight.
     */
    static final long CHUNK = 32L * 1024 * 1024;
    /** How many ranged reads one download has in flight at most. */
    static final int READS = 4;

    private static final int BUFFER = 64 * 1024;

    private SourceDownload() {}

    /**
     * Copies the {@code size} bytes of the version into {@code target} (created or truncated).
     *
     * @return the SHA-256 of the bytes copied
     * @throws IOException when a read or the file fails
     * @throws ObjectStoreException when the store refuses a read (the version is gone)
     */
    static byte[] copy(ObjectStore objects, String bucket, String key, String versionId, long size, Path target)
            throws IOException, ObjectStoreException {
        try (FileChannel out = FileChannel.open(
                target,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ArrivalHash hash = new ArrivalHash(out, size, CHUNK);
            int chunks = (int) ((size + CHUNK - 1) / CHUNK);
            if (chunks <= 1) {
                copyRange(objects, bucket, key, versionId, 0, size, out, hash);
                return hash.digest();
            }
            ExecutorService reads = Executors.newFixedThreadPool(Math.min(READS, chunks), runnable -> {
                Thread thread = new Thread(runnable, "signet-job-source-read");
                thread.setDaemon(true);
                return thread;
            });
            try {
                parallel(reads, objects, bucket, key, versionId, size, chunks, out, hash);
            } finally {
                reads.shutdownNow();
            }
            return hash.digest();
        }
    }

    private static void parallel(
            ExecutorService reads,
            ObjectStore objects,
            String bucket,
            String key,
            String versionId,
            long size,
            int chunks,
            FileChannel out,
            ArrivalHash hash)
            throws IOException, ObjectStoreException {
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(READS, chunks); w++) {
            workers.add(reads.submit(() -> {
                for (int c = next.getAndIncrement(); c < chunks && !stopped.get(); c = next.getAndIncrement()) {
                    long start = c * CHUNK;
                    try {
                        copyRange(objects, bucket, key, versionId, start, Math.min(CHUNK, size - start), out, hash);
                    } catch (IOException | ObjectStoreException | RuntimeException e) {
                        stopped.set(true);
                        throw e;
                    }
                }
                return null;
            }));
        }
        Throwable first = null;
        boolean interrupted = false;
        for (Future<Void> worker : workers) {
            while (true) {
                try {
                    worker.get();
                    break;
                } catch (InterruptedException e) {
                    // the reads stop at their next chunk; each read itself is bounded by the store's timeouts
                    interrupted = true;
                    stopped.set(true);
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the source was read");
        }
        if (first instanceof IOException e) {
            throw e;
        }
        if (first instanceof ObjectStoreException e) {
            throw e;
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first != null) {
            throw new IllegalStateException("a source read failed", first);
        }
    }

    private static void copyRange(
            ObjectStore objects,
            String bucket,
            String key,
            String versionId,
            long start,
            long length,
            FileChannel out,
            ArrivalHash hash)
            throws IOException, ObjectStoreException {
        int index = (int) (start / CHUNK);
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long position = start;
        try (InputStream in = objects.open(bucket, key, Optional.of(versionId), start, length)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (position + n > start + length) {
                    throw new IOException("the source holds more than the " + length + " bytes of its range");
                }
                wrapped.clear().limit(n);
                while (wrapped.hasRemaining()) {
                    position += out.write(wrapped, position);
                }
                hash.wrote(index, buffer, n);
            }
        }
        if (position != start + length) {
            throw new IOException("the source ended " + (start + length - position) + " bytes early");
        }
    }
}
