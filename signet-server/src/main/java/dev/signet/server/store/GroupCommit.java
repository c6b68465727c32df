package dev.signet.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Group commit for rows that must be durable before the caller goes on: concurrent callers of {@link
 * #write} share one transaction, and so one fsync (SQLite WAL with {@code synchronous=FULL}, or a
 * PostgreSQL commit), instead of one each.
 *
 * <p>No thread of its own: a caller queues its row; one caller at a time is the leader, which writes
 * every row queued so far in one batch and completes their callers, each with its own row's result
 * (e.g. whether a conditional insert stored it). The other callers wait for their own row only, never
 * for a lock: a leader whose row is committed hands the lead to the caller of the oldest queued row,
 * which writes everything queued meanwhile in the next batch, so a commit follows the one before
 * without callers whose rows are already committed taking turns first. {@link #write} returns only
 * after the transaction holding the row committed, or throws what writing it threw. When a batch
 * throws (and so committed nothing), each of its rows is retried in a transaction of its own, so one
 * bad row fails only its own caller. At most {@link #MAX_BATCH} rows per transaction. Thread-safe.
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
    /** Rows not yet taken into a batch; only the leader takes them, so none in it is complete. */
    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    /** Whether some caller leads (or is being handed the lead); the holder alone takes rows from the queue. */
    private final AtomicBoolean leading = new AtomicBoolean();

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
        Pending<T, R> pending = new Pending<>(Objects.requireNonNull(row, "row"), Thread.currentThread());
        queue.add(pending);
        if (leading.compareAndSet(false, true) || pending.awaitDoneOrLead()) {
            lead(pending);
        }
        return pending.result();
    }

    /** Holding the lead: writes batches until {@code own} is committed, then hands the lead on. */
    private void lead(Pending<T, R> own) {
        try {
            while (!own.isDone()) {
                drainOnce();
            }
        } finally {
            leading.set(false);
            handOff();
        }
    }

    /**
     * Gives the lead to the caller of the oldest queued row, if any and if nobody took it meanwhile. A
     * caller that queued after the peek found the queue empty takes the lead itself: it queued before
     * trying to, and the lead was free by then.
     */
    private void handOff() {
        while (queue.peek() != null && leading.compareAndSet(false, true)) {
            // leading again: nobody else takes rows now, so the head (if still there) is not complete
            Pending<T, R> head = queue.peek();
            if (head != null) {
                head.lead();
                return;
            }
            leading.set(false);
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
                    p.complete(writeOne.apply(p.row), null);
                } catch (RuntimeException | Error e) {
                    p.complete(null, e);
                }
            }
            return;
        } catch (Error e) {
            batch.forEach(p -> p.complete(null, e));
            throw e;
        }
        if (results.size() != batch.size()) {
            // a broken writer: fail every caller rather than guess which row is which
            IllegalStateException broken = new IllegalStateException(
                    "the batch writer returned " + results.size() + " results for " + batch.size() + " rows");
            batch.forEach(p -> p.complete(null, broken));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i), null);
        }
    }

    /** A queued row and its caller, which waits until the row is complete or it is handed the lead. */
    private static final class Pending<T, R> {
        private final T row;
        private final Thread caller;
        private volatile boolean done;
        private volatile boolean lead;
        private R result;
        private Throwable failure;

        Pending(T row, Thread caller) {
            this.row = row;
            this.caller = caller;
        }

        boolean isDone() {
            return done;
        }

        /** Set by the leader only, before {@code done} is written (and so visible after it is read). */
        void complete(R value, Throwable thrown) {
            result = value;
            failure = thrown;
            done = true;
            LockSupport.unpark(caller);
        }

        void lead() {
            lead = true;
            LockSupport.unpark(caller);
        }

        /**
         * Parks until the row is complete or the lead is handed over; true if handed the lead (which
         * must then be taken even if the row is complete, or nobody would hold it). An interrupt does
         * not end the wait (the row may be committing), it is kept for the caller.
         */
        boolean awaitDoneOrLead() {
            boolean interrupted = false;
            while (!done && !lead) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return lead;
        }

        R result() {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return result;
        }
    }
}
