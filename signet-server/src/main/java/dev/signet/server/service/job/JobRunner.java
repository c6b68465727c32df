package dev.signet.server.service.job;

import dev.signet.server.metrics.SignetMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs InProgress jobs on a bounded worker pool. The database is the queue: a job is durable before
 * it is offered here, a poller pulls claimable jobs whenever workers are free, and a worker takes a
 * lease on a job before running it. So a full pool only delays a job, a second node never runs a
 * job twice at the same time, and a job left InProgress by a crash is claimed again when its lease
 * ends (at once on an embedded single-node start). A job interrupted {@value #MAX_ATTEMPTS} times
 * is failed with a reason instead of being retried for ever. A job whose profile was canceled or
 * revoked before its outcome was recorded fails, and its output is removed ({@link
 * JobExecutor#withdraw}).
 */
public final class JobRunner implements AutoCloseable {
    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobRepository jobs;
    private final JobExecutor executor;
    private final Clock clock;
    private final Duration lease;
    private final String workerId = "node-" + UUID.randomUUID();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService poller;
    private final int capacity;
    private final SignetMetrics metrics;
    /** Jobs a worker of this runner claimed and is running now. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /**
     * @param threads workers signing at the same time
     * @param queueSize jobs waiting in memory for a worker; more wait in the database
     * @param pollInterval how often the database is asked for jobs nobody is running
     * @param lease how long a claim holds before another worker may take the job over
     */
    public JobRunner(
            JobRepository jobs,
            JobExecutor executor,
            Clock clock,
            int threads,
            int queueSize,
            Duration pollInterval,
            Duration lease) {
        this(jobs, executor, clock, threads, queueSize, pollInterval, lease, SignetMetrics.create());
    }

    /** As above, counting the jobs it finishes and the claims it holds in {@code metrics}. */
    public JobRunner(
            JobRepository jobs,
            JobExecutor executor,
            Clock clock,
            int threads,
            int queueSize,
            Duration pollInterval,
            Duration lease,
            SignetMetrics metrics) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.executor = executor;
        this.clock = clock;
        this.lease = lease;
        this.capacity = threads + queueSize;
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize), runnable -> {
                    Thread thread = new Thread(runnable, "signet-job-worker-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "signet-job-poller");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Offers a freshly stored job to a worker now; if all are busy the poller finds it later. */
    public void wake(String jobId) {
        if (!queued.add(jobId)) {
            return;
        }
        try {
            pool.execute(() -> run(jobId));
        } catch (RejectedExecutionException e) {
            queued.remove(jobId);
        }
    }

    private void poll() {
        try {
            int free = capacity - queued.size();
            if (free <= 0) {
                return;
            }
            for (String jobId : jobs.claimable(clock.instant(), free)) {
                wake(jobId);
            }
        } catch (RuntimeException e) {
            LOG.warn("polling for signing jobs failed", e);
        }
    }

    private void run(String jobId) {
        Optional<Integer> attempt = Optional.empty();
        Instant leaseEnd = null;
        try {
            Instant now = clock.instant();
            leaseEnd = now.plus(lease);
            attempt = jobs.claim(jobId, workerId, now, leaseEnd);
            if (attempt.isEmpty()) {
                return;
            }
            running.add(jobId);
            Optional<SigningJob> job = jobs.find(jobId);
            JobOutcome outcome = attempt.get() > MAX_ATTEMPTS
                    ? JobOutcome.failed("signing was interrupted " + MAX_ATTEMPTS + " times; giving up")
                    : job.map(executor::execute).orElseGet(() -> JobOutcome.failed("job vanished"));
            boolean recorded = jobs.complete(
                    jobId,
                    workerId,
                    outcome.status(),
                    outcome.reason(),
                    outcome.signedObject(),
                    outcome.signatureId(),
                    clock.instant());
            boolean succeeded = recorded && outcome.status() == JobStatus.Succeeded;
            if (!recorded && outcome.status() == JobStatus.Succeeded && job.isPresent()) {
                // a Succeeded record is refused when the profile stopped being Active since the
                // output was written: remove the output, then fail the job
                Optional<String> withdrawn = executor.withdraw(job.get(), outcome);
                if (withdrawn.isPresent()) {
                    recorded = jobs.complete(
                            jobId,
                            workerId,
                            JobStatus.Failed,
                            withdrawn.get(),
                            Optional.empty(),
                            Optional.empty(),
                            clock.instant());
                }
            }
            if (!recorded) {
                LOG.warn("job {} was taken over by another worker before it finished", jobId);
            } else {
                metrics.jobFinished(succeeded);
            }
        } catch (RuntimeException e) {
            // the worker's boundary: nothing above it would report the failure
            LOG.error("job {} failed: {}", jobId, afterFailure(attempt, leaseEnd), e);
        } finally {
            running.remove(jobId);
            queued.remove(jobId);
        }
    }

    /**
     * What happens to a job whose run failed with an exception: nothing at once. A claimed job keeps
     * its lease, so it is claimed again (by any worker) only when the lease ends, or when an embedded
     * server next starts and drops all leases; after {@value #MAX_ATTEMPTS} attempts it is failed. An
     * unclaimed one is offered again by the next poll.
     */
    static String afterFailure(Optional<Integer> attempt, Instant leaseEnd) {
        if (attempt.isEmpty()) {
            return "it was not claimed; the next poll offers it again";
        }
        int made = attempt.get();
        return made >= MAX_ATTEMPTS
                ? "attempt " + made + " of " + MAX_ATTEMPTS + "; it is failed when its lease ends at " + leaseEnd
                        + " or the server next starts"
                : "attempt " + made + " of " + MAX_ATTEMPTS + "; it is retried when its lease ends at " + leaseEnd
                        + " or the server next starts";
    }

    /** Jobs this runner's workers hold a lease on now. */
    public int claimed() {
        return running.size();
    }

    /**
     * Stops polling and lets running jobs finish for a bounded time (30 s). The leases of jobs still
     * running then are given back before their workers are interrupted, so that another node (or this
     * one's next start) claims them at once instead of when their lease ends. Jobs waiting in memory
     * were never claimed and stay queued in the database; a job whose run failed keeps its lease, so
     * that it is retried only when the lease ends (see {@link #afterFailure}).
     */
    @Override
    public void close() {
        poller.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                giveBack(Set.copyOf(running));
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            giveBack(Set.copyOf(running));
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void giveBack(Set<String> unfinished) {
        for (String jobId : unfinished) {
            try {
                if (jobs.release(jobId, workerId)) {
                    LOG.info("Gave back unfinished signing job {} for another node to take over", jobId);
                }
            } catch (RuntimeException e) {
                // its lease then ends on its own, after at most one lease period
                LOG.warn("Could not give back signing job {}: {}", jobId, e.toString());
            }
        }
    }
}
