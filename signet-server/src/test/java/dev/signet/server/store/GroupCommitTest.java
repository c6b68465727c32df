package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private final Set<Integer> committed = ConcurrentHashMap.newKeySet();
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

    /** Commits every row but odd negative ones, which it declines (false); throws, committing nothing, for -2. */
    private List<Boolean> commit(List<Integer> rows) {
        if (rows.contains(-2)) {
            throw new IllegalArgumentException("row -2 is refused");
        }
        batchSizes.add(rows.size());
        List<Boolean> results = new ArrayList<>();
        for (Integer row : rows) {
            boolean declined = row < 0 && row % 2 != 0;
            if (!declined) {
                committed.add(row);
            }
            results.add(!declined);
        }
        return results;
    }

    private Boolean commitOne(Integer row) {
        return commit(List.of(row)).get(0);
    }

    @Test
    void everyWriteReturnsOnlyAfterItsRowIsCommittedAndConcurrentWritesShareCommits() throws Exception {
        GroupCommit<Integer, Boolean> group = new GroupCommit<>(this::commit, this::commitOne);
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            results.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                List<Integer> notYetCommitted = new ArrayList<>();
                for (int i = base; i < base + perThread; i++) {
                    assertThat(group.write(i)).isTrue();
                    if (!committed.contains(i)) {
                        notYetCommitted.add(i);
                    }
                }
                return notYetCommitted;
            }));
        }
        start.countDown();
        for (Future<List<Integer>> f : results) {
            assertThat(f.get(60, TimeUnit.SECONDS)).as("returned before commit").isEmpty();
        }
        pool.shutdownNow();

        Set<Integer> expected = new HashSet<>();
        for (int i = 0; i < threads * perThread; i++) {
            expected.add(i);
        }
        assertThat(committed).isEqualTo(expected);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * perThread);
        assertThat(batchSizes).allMatch(n -> n <= GroupCommit.MAX_BATCH);
    }

    @Test
    void aFailingRowFailsOnlyItsOwnWriter() throws Exception {
        GroupCommit<Integer, Boolean> group = new GroupCommit<>(this::commit, this::commitOne);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> good = new ArrayList<>();
        Future<?> bad = pool.submit(() -> group.write(-2));
        for (int i = 0; i < 20; i++) {
            int row = i;
            good.add(pool.submit(() -> group.write(row)));
        }
        for (Future<?> f : good) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row -2 is refused");
        pool.shutdownNow();
        assertThat(committed).hasSize(20).doesNotContain(-2);
    }

    @Test
    void eachWriterGetsItsOwnRowsResultWhileTheBatchCommits() throws Exception {
        GroupCommit<Integer, Boolean> group = new GroupCommit<>(this::commit, this::commitOne);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Boolean>> kept = new ArrayList<>();
        List<Future<Boolean>> declined = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int row = i;
            kept.add(pool.submit(() -> group.write(row)));
            declined.add(pool.submit(() -> group.write(-2 * row - 1)));
        }
        for (Future<Boolean> f : kept) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<Boolean> f : declined) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isFalse();
        }
        pool.shutdownNow();
        assertThat(committed).hasSize(30).allMatch(row -> row >= 0);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum())
                .as("a declined row is not retried alone")
                .isEqualTo(60);
    }

    @Test
    void aBatchWriterReturningTheWrongNumberOfResultsFailsItsWriters() {
        GroupCommit<Integer, Boolean> group = new GroupCommit<>(rows -> List.of(), row -> true);
        assertThatThrownBy(() -> group.write(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0 results for 1 rows");
    }

    @Test
    void aSingleWriterCommitsAlone() {
        GroupCommit<Integer, Boolean> group = new GroupCommit<>(this::commit, this::commitOne);
        assertThat(group.write(7)).isTrue();
        assertThat(committed).containsExactly(7);
        assertThat(batchSizes).containsExactly(1);
    }

    /**
     * While one commit runs (held open here, as a slow fsync would), every writer that arrives queues
     * its row and waits for the writer lock; when the commit ends, one of them commits every queued
     * row in one transaction. Deterministic: the commit is released only once all the others are
     * parked on the lock, their rows queued.
     */
    @Test
    void writersThatQueueWhileACommitRunsShareTheNextCommit() throws Exception {
        CountDownLatch firstCommitRuns = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        GroupCommit<Integer, Boolean> group = new GroupCommit<>(
                rows -> {
                    if (rows.contains(0)) {
                        firstCommitRuns.countDown();
                        await(releaseFirstCommit);
                    }
                    return commit(rows);
                },
                this::commitOne);
        Map<Integer, Boolean> results = new ConcurrentHashMap<>();
        Thread first = writer(group, 0, results);
        first.start();
        assertThat(firstCommitRuns.await(30, TimeUnit.SECONDS)).isTrue();
        List<Thread> queued = new ArrayList<>();
        for (int row = 1; row <= 7; row++) {
            Thread t = writer(group, row, results);
            queued.add(t);
            t.start();
        }
        awaitParked(queued);

        releaseFirstCommit.countDown();
        first.join(30_000);
        for (Thread t : queued) {
            t.join(30_000);
        }

        assertThat(results).hasSize(8).allSatisfy((row, ok) -> assertThat(ok).isTrue());
        assertThat(batchSizes).containsExactly(1, 7);
    }

    private static Thread writer(GroupCommit<Integer, Boolean> group, int row, Map<Integer, Boolean> results) {
        Thread t = new Thread(() -> results.put(row, group.write(row)), "writer-" + row);
        t.setDaemon(true);
        return t;
    }

    /** Waits (at most 30 s) until every thread is parked: queued behind the writer lock. */
    private static void awaitParked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("writers not parked on the lock after 30 s: "
                        + threads.stream()
                                .map(t -> t.getName() + "=" + t.getState())
                                .toList());
            }
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
