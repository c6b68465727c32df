package dev.signet.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Group commit for rows that must be durable before the caller goes on: concurrent callers of {@link
 * #write} share one transaction, and so one fsync (SQLite WAL with {@code synchronous=FULL}, or a
 * PostgreSQL commit), instead of one each.
 *
 * <p>No thread of its own: a caller queues its row, then takes the writer lock; whoever holds it
 * writes every row queued so far in one batch and completes their callers, each with its own row's
 * result (e.g. whether a conditional insert stored it). {@link #write} returns only after the
 * transaction holding the row committed, or throws what writing it threw. When a batch throws (and so
 * committed nothing), each of its rows is retried in a transaction of its own, so one bad row fails
 * only its own caller. At most {@link #MAX_BATCH} rows per transaction. Thread-safe.
 *
 * @param <T> the row type
 * @param <R> the result of writing one row
 */
public final class GroupCommit<T, R> {
    /** Rows per transaction at most; a longer queue is written in several. */
    public static final int MAX_BATCH = 256;

    private final Function<List<T>, List<R>> writeBatch;
    private final Function<T, R> writeOne;
    private final IntConsumer batches;
    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /**
     * @param writeBatch writes all rows in one transaction, committing before it returns, and returns
     *     one result per row in the order given; if it throws, it committed nothing
     * @param writeOne writes one row in its own transaction (the fallback after a failed batch)
     */
    public GroupCommit(Function<List<T>, List<R>> writeBatch, Function<T, R> writeOne) {
        this(writeBatch, writeOne, rows -> {});
    }

    /** As above, telling {@code batches} how many rows each batch holds before it is written. */
    public GroupCommit(Function<List<T>, List<R>> writeBatch, Function<T, R> writeOne, IntConsumer batches) {
        this.writeBatch = Objects.requireNonNull(writeBatch, "writeBatch");
        this.writeOne = Objects.requireNonNull(writeOne, "writeOne");
        this.batches = Objects.requireNonNull(batches, "batches");
    }

    /** Writes {@code row} and returns its result once it is committed; rethrows the write's runtime exception. */
    public R write(T row) {
        Pending<T, R> pending = new Pending<>(Objects.requireNonNull(row, "row"), new CompletableFuture<>());
        queue.add(pending);
        writer.lock();
        try {
            while (!pending.done.isDone()) {
                drainOnce();
            }
        } finally {
            writer.unlock();
        }
        try {
            return pending.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted after the write", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void drainOnce() {
        List<Pending<T, R>> batch = new ArrayList<>();
        List<T> rows = new ArrayList<>();
        Pending<T, R> next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
            rows.add(next.row);
        }
        if (batch.isEmpty()) {
            return;
        }
        batches.accept(batch.size());
        List<R> results;
        try {
            results = writeBatch.apply(rows);
        } catch (RuntimeException batchFailure) {
            for (Pending<T, R> p : batch) {
                try {
                    p.done.complete(writeOne.apply(p.row));
                } catch (RuntimeException | Error e) {
                    p.done.completeExceptionally(e);
                }
            }
            return;
        } catch (Error e) {
            batch.forEach(p -> p.done.completeExceptionally(e));
            throw e;
        }
        if (results.size() != batch.size()) {
            // a broken writer: fail every caller rather than guess which row is which
            IllegalStateException broken = new IllegalStateException(
                    "the batch writer returned " + results.size() + " results for " + batch.size() + " rows");
            batch.forEach(p -> p.done.completeExceptionally(broken));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done.complete(results.get(i));
        }
    }

    private record Pending<T, R>(T row, CompletableFuture<R> done) {}
}
