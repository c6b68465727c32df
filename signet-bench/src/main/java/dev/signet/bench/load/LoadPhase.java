package dev.signet.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One phase of load (warm-up or measurement): {@code threads} threads, each with its own {@link
 * PayloadClient}, call SignPayload back to back until {@code maxRequests} requests in all have been
 * sent or {@code maxNanos} have passed, whichever comes first. Records each request's latency and
 * the CPU time the client threads used.
 */
final class LoadPhase {
    private LoadPhase() {}

    /** What one phase measured. */
    record Result(
            long ok, long errors, long elapsedNanos, long[] latenciesNanos, long clientCpuNanos, long processCpuNanos) {
        double opsPerSecond() {
            return elapsedNanos == 0 ? 0 : ok * 1e9 / elapsedNanos;
        }

        /** Client CPU per request in microseconds (-1 when the JVM cannot measure thread CPU). */
        double clientCpuMicrosPerRequest() {
            long n = ok + errors;
            return clientCpuNanos < 0 || n == 0 ? -1 : clientCpuNanos / 1e3 / n;
        }

        /**
         * The rest of the process's CPU per request in microseconds: the in-process server's cost,
         * which steal time on a shared machine does not inflate the way it does wall-clock rates (-1
         * when not measurable). Includes the JVM's own threads (JIT, GC) during the phase.
         */
        double serverCpuMicrosPerRequest() {
            long n = ok + errors;
            return clientCpuNanos < 0 || processCpuNanos < 0 || n == 0
                    ? -1
                    : (processCpuNanos - clientCpuNanos) / 1e3 / n;
        }
    }

    static Result run(Supplier<PayloadClient> clients, int threads, long maxRequests, long maxNanos)
            throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        AtomicLong tickets = new AtomicLong(maxRequests);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long[] deadline = new long[1];
        for (int t = 0; t < threads; t++) {
            long[] lat = new long[(int) Math.min(maxRequests, Integer.MAX_VALUE - 8)];
            int[] n = new int[1];
            perThread.add(lat);
            counts.add(n);
            Thread worker = new Thread(
                    () -> {
                        try (PayloadClient client = clients.get()) {
                            byte[] digest = new byte[32];
                            ready.countDown();
                            go.await();
                            long cpuStart = cpu ? mx.getCurrentThreadCpuTime() : 0;
                            while (System.nanoTime() < deadline[0] && tickets.getAndDecrement() > 0) {
                                ThreadLocalRandom.current().nextBytes(digest);
                                long start = System.nanoTime();
                                boolean signed;
                                try {
                                    signed = client.signDigest(digest);
                                } catch (java.io.IOException | RuntimeException e) {
                                    signed = false; // a failed connection or SDK call counts as an error
                                }
                                long took = System.nanoTime() - start;
                                if (signed) {
                                    lat[n[0]++] = took;
                                    ok.incrementAndGet();
                                } else {
                                    errors.incrementAndGet();
                                }
                            }
                            if (cpu) {
                                cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpuStart);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "load-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        long processCpuStart = processCpuNanos();
        long start = System.nanoTime();
        deadline[0] = start + maxNanos;
        go.countDown();
        for (Thread worker : workers) {
            worker.join(Math.max(1, maxNanos / 1_000_000) + 60_000);
        }
        long elapsed = System.nanoTime() - start;
        long processCpu = processCpuStart < 0 ? -1 : processCpuNanos() - processCpuStart;
        int total = 0;
        for (int[] n : counts) {
            total += n[0];
        }
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < perThread.size(); i++) {
            System.arraycopy(perThread.get(i), 0, all, at, counts.get(i)[0]);
            at += counts.get(i)[0];
        }
        return new Result(ok.get(), errors.get(), elapsed, all, cpu ? cpuNanos.get() : -1, processCpu);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }
}
