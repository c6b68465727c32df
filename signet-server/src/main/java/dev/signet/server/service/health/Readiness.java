package dev.signet.server.service.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can serve: each part it depends on (the database, the object store, the key
 * backend) is probed, all at once, and a part whose probe has not answered within the bound counts
 * as failing. A report is reused for up to {@link #REUSE} and a probe still running from an earlier
 * check is waited on, never started again, so callers of the unauthenticated {@code /v1/ready}
 * cannot multiply the load a slow or hung dependency sees. Why a part fails is logged, never
 * returned: the report names parts only.
 */
public final class Readiness implements AutoCloseable {
    /** How long a check waits for the probes. */
    public static final Duration BOUND = Duration.ofSeconds(2);
    /** How long a report is handed out again before the parts are probed anew. */
    static final Duration REUSE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    /** Checks one part; returns when it is usable, throws when it is not (a runtime exception too). */
    @FunctionalInterface
    public interface Probe {
        void check() throws ProbeFailedException;
    }

    private final Map<String, Probe> probes;
    private final Map<String, Future<?>> running = new LinkedHashMap<>();
    private final ExecutorService pool;
    private final Duration bound;
    private ReadinessReport last;
    private long lastAt;

    /** @param probes part name to its probe, in the order reports list them */
    public Readiness(Map<String, Probe> probes) {
        this(probes, BOUND);
    }

    Readiness(Map<String, Probe> probes, Duration bound) {
        this.probes = new LinkedHashMap<>(Objects.requireNonNull(probes, "probes"));
        this.bound = bound;
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, probes.size()), runnable -> {
            Thread thread = new Thread(runnable, "signet-readiness-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Probes every part (or hands out a report at most {@link #REUSE} old). */
    public synchronized ReadinessReport check() {
        long now = System.nanoTime();
        if (last != null && now - lastAt < REUSE.toNanos()) {
            return last;
        }
        for (Map.Entry<String, Probe> p : probes.entrySet()) {
            Future<?> earlier = running.get(p.getKey());
            if (earlier == null || earlier.isDone()) {
                Probe probe = p.getValue();
                running.put(p.getKey(), pool.submit(() -> {
                    probe.check();
                    return null;
                }));
            }
        }
        long deadline = now + bound.toNanos();
        Map<String, ReadinessReport.State> parts = new LinkedHashMap<>();
        for (Map.Entry<String, Future<?>> r : running.entrySet()) {
            parts.put(r.getKey(), outcome(r.getKey(), r.getValue(), deadline));
        }
        last = new ReadinessReport(parts);
        lastAt = System.nanoTime();
        return last;
    }

    private static ReadinessReport.State outcome(String part, Future<?> probe, long deadline) {
        try {
            probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return ReadinessReport.State.OK;
        } catch (TimeoutException e) {
            LOG.warn("Not ready: the {} probe did not answer within {}", part, BOUND);
            return ReadinessReport.State.TIMEOUT;
        } catch (ExecutionException e) {
            LOG.warn("Not ready: {} is failing: {}", part, e.getCause().toString());
            return ReadinessReport.State.FAILING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReadinessReport.State.TIMEOUT;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
