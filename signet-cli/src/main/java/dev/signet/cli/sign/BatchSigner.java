package dev.signet.cli.sign;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.client.SignedPayload;
import dev.signet.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signs many files on a bounded pool of worker threads (at most {@link #MAX_THREADS}, each hashing a
 * file and making its request on its own connection) while the calling thread writes the signatures
 * and reports them strictly in the order the files were given. So the outcome is the one of signing
 * the files one after the other:
 *
 * <ul>
 *   <li>every signature is written atomically next to its file (or to its given target), and reported
 *       in input order: a worker writes it to a temporary file next to its target, the calling thread
 *       renames it into place in order. An output that replaces its artifact ({@code --in-place},
 *       {@link AtomicFiles.Durability#SYNCED}) is fsynced by its worker (where the fsyncs overlap) and
 *       each directory once at the end, so that a crash leaves the artifact old or new; any other
 *       output ({@link AtomicFiles.Durability#UNSYNCED}) is rebuilt by signing again from the
 *       untouched artifact, and is not fsynced (as jarsigner and osslsigncode do not: the fsync of a
 *       1 GiB signed zip cost more than reading and hashing it);
 *   <li>on the first failure in input order, the files before it are signed and reported, the
 *       failing file's error is thrown as is, and no file after it gets a signature written: the
 *       workers are stopped, and signatures that requests already in flight return are discarded
 *       with their temporary files
 *       (the server has recorded those jobs; at most {@code 2 x threads - 1} such requests).
 * </ul>
 *
 * Memory is bounded: at most {@code 2 x threads} files are in flight or waiting to be written.
 */
final class BatchSigner {
    /** The most concurrent requests one {@code signet sign} call makes. */
    static final int MAX_THREADS = 8;

    private static final long STOP_WAIT_SECONDS = 10;

    /** Hashes one file and has it signed; failures are {@link CliException}s. */
    @FunctionalInterface
    interface FileSigner {
        SignedPayload sign(Path artifact);
    }

    /**
     * Has one file signed and writes its output, for formats whose output is more than the server's
     * signature (a signed zip): the worker is handed the output's new temporary file before it reads
     * the artifact, so that a format can copy the artifact there as it hashes it.
     */
    @FunctionalInterface
    interface OutputSigner {
        SignedPayload sign(Path artifact, FileChannel output) throws IOException;
    }

    /** Told of each written signature, in input order, on the calling thread. */
    @FunctionalInterface
    interface Listener {
        void signed(Path artifact, Path target, SignedPayload signed);
    }

    private BatchSigner() {}

    /** The worker count for {@code files} files: {@code min(MAX_THREADS, files)}. */
    static int threadsFor(int files) {
        return Math.max(1, Math.min(MAX_THREADS, files));
    }

    /**
     * Signs {@code artifacts[i]} into {@code targets[i]} for every i, as described above.
     *
     * @throws CliException the first failure in input order
     */
    static void run(List<Path> artifacts, List<Path> targets, int threads, FileSigner signer, Listener listener) {
        Objects.requireNonNull(signer, "signer");
        runWithOutputs(
                artifacts,
                targets,
                threads,
                AtomicFiles.Durability.UNSYNCED,
                (artifact, channel) -> {
                    SignedPayload signed = signer.sign(artifact);
                    ByteBuffer buffer = ByteBuffer.wrap(signed.signature());
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    return signed;
                },
                listener);
    }

    /**
     * As {@link #run} (whose detached signatures are separate files, never fsynced), each output
     * written by what {@code signer} returns for its file, fsynced as {@code durability} says.
     */
    static void runWithOutputs(
            List<Path> artifacts,
            List<Path> targets,
            int threads,
            AtomicFiles.Durability durability,
            OutputSigner signer,
            Listener listener) {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(listener, "listener");
        if (artifacts.size() != targets.size()) {
            throw new IllegalArgumentException("one target per artifact");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS);
        }
        int window = 2 * threads;
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        Deque<Future<Prepared>> inFlight = new ArrayDeque<>(window);
        Set<Path> directories = new LinkedHashSet<>();
        try {
            int submitted = 0;
            for (int i = 0; i < artifacts.size(); i++) {
                while (submitted < artifacts.size() && submitted < i + window) {
                    Path artifact = artifacts.get(submitted);
                    Path target = targets.get(submitted);
                    inFlight.addLast(pool.submit(() -> prepare(signer, artifact, target, durability)));
                    submitted++;
                }
                Prepared prepared = await(inFlight.removeFirst());
                try (AtomicFiles.Pending pending = prepared.pending()) {
                    LocalFiles.commit(pending, targets.get(i));
                }
                if (durability == AtomicFiles.Durability.SYNCED) {
                    directories.add(prepared.pending().directory());
                }
                listener.signed(artifacts.get(i), targets.get(i), prepared.signed());
            }
        } catch (RuntimeException | Error e) {
            stop(pool);
            discard(inFlight);
            try {
                // what was reported as signed stays signed
                LocalFiles.syncDirectories(directories);
            } catch (CliException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        stop(pool);
        LocalFiles.syncDirectories(directories);
    }

    /** A signature and its file, written (and fsynced, if asked) next to its target on a worker. */
    private record Prepared(SignedPayload signed, AtomicFiles.Pending pending) {}

    private static Prepared prepare(
            OutputSigner signer, Path artifact, Path target, AtomicFiles.Durability durability) {
        SignedPayload[] signed = new SignedPayload[1];
        AtomicFiles.Pending pending =
                LocalFiles.prepare(target, channel -> signed[0] = signer.sign(artifact, channel), durability);
        return new Prepared(signed[0], pending);
    }

    /** Removes the prepared files of requests that finished after a failure before them. */
    private static void discard(Deque<Future<Prepared>> inFlight) {
        for (Future<Prepared> f : inFlight) {
            if (f.isDone() && !f.isCancelled()) {
                try {
                    f.get().pending().close();
                } catch (ExecutionException | InterruptedException e) {
                    // a request that failed wrote nothing
                }
            }
        }
    }

    private static Prepared await(Future<Prepared> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CliException(ExitCode.INTERNAL, "signing failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERNAL, "interrupted", e);
        }
    }

    /** Stops the workers; a request in flight ends within its timeouts, we wait a bounded time. */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "signet-sign-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
