package dev.signet.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit for rows that must be durable before the caller goes on: concurrent callers of {@link
 * #write} share one transaction, and so one fsync (SQLite WAL with {@code synchronous=FULL}, or a
 * PostgreSQL commit), instead of one each.
 *
 * <p>No thread of its own: a caller queues its row, then takes the writer lock; whoever holds it
 * writes every row queued so far in one batch and completes their callers. {@link #write} returns
 * only after the transaction holding the row committed, or throws what writing it threw. When a batch
 * fails, each of its rows is retried in a transaction of its own, so one bad row fails only its own
 * caller. At most {@link #MAX_BATCH} rows per transaction. Thread-safe.
 *
 * @param <T> the row type
 */
public final class GroupCommit<T> {
    /** Rows per transaction at most; a longer queue is written in several. */
    public static final int MAX_BATCH = 256;

    private final Consumer<List<T>> writeBatch;
    private final Consumer<T> writeOne;
    private final ConcurrentLinkedQueue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /**
     * @param writeBatch writes all rows in one transaction, committing before it returns (all or none)
     * @param writeOne writes one row in its own transaction (the fallback after a failed batch)
     */
    public GroupCommit(Consumer<List<T>> writeBatch, Consumer<T> writeOne) {
        this.writeBatch = Objects.requireNonNull(writeBatch, "writeBatch");
        this.writeOne = Objects.requireNonNull(writeOne, "writeOne");
    }

    /** Writes {@code row}, returning once it is committed; rethrows the write's runtime exception. */
    public void write(T row) {
        Pending<T> pending = new Pending<>(Objects.requireNonNull(row, "row"), new CompletableFuture<>());
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
            pending.done.get();
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
        List<Pending<T>> batch = new ArrayList<>();
        Pending<T> next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            writeBatch.accept(batch.stream().map(Pending::row).toList());
            batch.forEach(p -> p.done.complete(null));
        } catch (RuntimeException batchFailure) {
            for (Pending<T> p : batch) {
                try {
                    writeOne.accept(p.row);
                    p.done.complete(null);
                } catch (RuntimeException | Error e) {
                    p.done.completeExceptionally(e);
                }
            }
        } catch (Error e) {
            batch.forEach(p -> p.done.completeExceptionally(e));
            throw e;
        }
    }

    private record Pending<T>(T row, CompletableFuture<Void> done) {}
}
