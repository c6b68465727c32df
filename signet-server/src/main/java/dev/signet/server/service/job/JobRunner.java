package dev.signet.server.service.job;

import dev.signet.server.metrics.SignetMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs InProgress jobs on a bounded worker pool. The database is the queue: a job is durable before
 * it is offered here, a poller claims claimable jobs whenever workers are free (any node may claim
 * any job; {@link JobRepository#claimNext}), and a worker runs a job only under a lease. The lease
 * is extended by a heartbeat every third of its length from the claim until the run ends, also
 * while the job waits in the queue for a worker (a large artifact may take longer to sign than one
 * lease), and carries a fencing token: the job's output and result
 * are recorded only while the token is current ({@link JobRepository#succeededIf}, {@link
 * JobRepository#fail}), so a worker that stalled past its lease and was taken over writes
 * nothing, and each job's output is written once. A job left InProgress by a crashed node is
 * claimed by another once its lease ends (at once on an embedded single-node start). A job
 * interrupted {@value #MAX_ATTEMPTS} times is failed with a reason instead of being retried for
 * ever. A job whose profile was canceled or revoked before its outcome was recorded fails and
 * publishes nothing.
 */
public final class JobRunner implements AutoCloseable {
    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobRepository jobs;
    private final JobExecutor executor;
    private final Clock clock;
    private final Duration lease;
    private final Duration heartbeat;
    private final String workerId = "node-" + UUID.randomUUID();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService poller;
    private final int capacity;
    private volatile boolean closing;
    private final SignetMetrics metrics;
    /** The leases this runner holds now, by job id: of jobs running and of jobs claimed and queued. */
    private final Map<String, JobLease> running = new ConcurrentHashMap<>();
    /** The heartbeats of those leases, by job id. */
    private final Map<String, ScheduledFuture<?>> heartbeats = new ConcurrentHashMap<>();

    /**
     * @param threads workers signing at the same time
     * @param queueSize jobs waiting in memory for a worker; more wait in the database
     * @param pollInterval how often the database is asked for jobs nobody is running
     * @param lease how long a claim holds without a heartbeat before another worker may take the
     *     job over (heartbeats come every third of it)
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
        this.heartbeat = lease.dividedBy(3).isZero() ? Duration.ofMillis(1) : lease.dividedBy(3);
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
        if (closing || !queued.add(jobId)) {
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    Instant now = clock.instant();
                    jobs.claim(jobId, workerId, now, now.plus(lease)).ifPresent(claimed -> {
                        hold(claimed);
                        run(claimed);
                    });
                } catch (RuntimeException e) {
                    LOG.error("job {} failed: {}", jobId, afterFailure(Optional.empty(), null), e);
                } finally {
                    queued.remove(jobId);
                }
            });
        } catch (RejectedExecutionException e) {
            queued.remove(jobId);
        }
    }

    private void poll() {
        try {
            int free = capacity - queued.size();
            if (free <= 0 || closing) {
                return;
            }
            Instant now = clock.instant();
            for (JobLease claimed : jobs.claimNext(workerId, now, now.plus(lease), free)) {
                submit(claimed);
            }
        } catch (RuntimeException e) {
            LOG.warn("polling for signing jobs failed", e);
        }
    }

    /**
     * Hands a claimed job to a worker, or gives the lease back when none can take it. The lease is
     * held (heartbeats) while the job waits in the queue too: a job waiting behind busy workers for
     * longer than a lease would otherwise be taken over by another node, counted as an interrupted
     * attempt, and after {@value #MAX_ATTEMPTS} such waits failed without ever having been interrupted.
     */
    private void submit(JobLease claimed) {
        if (!queued.add(claimed.jobId())) {
            jobs.release(claimed);
            return;
        }
        hold(claimed);
        try {
            pool.execute(() -> {
                try {
                    run(claimed);
                } finally {
                    queued.remove(claimed.jobId());
                }
            });
        } catch (RejectedExecutionException e) {
            queued.remove(claimed.jobId());
            letGo(claimed);
            jobs.release(claimed);
        }
    }

    /** Keeps a claimed job's lease alive (a heartbeat every third of it) until {@link #letGo}. */
    private void hold(JobLease claimed) {
        running.put(claimed.jobId(), claimed);
        heartbeats.put(
                claimed.jobId(),
                poller.scheduleAtFixedRate(
                        () -> extend(claimed), heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void letGo(JobLease claimed) {
        ScheduledFuture<?> beats = heartbeats.remove(claimed.jobId());
        if (beats != null) {
            beats.cancel(false);
        }
        running.remove(claimed.jobId());
    }

    /** Runs a held job to its outcome, then lets its lease go. */
    private void run(JobLease claimed) {
        String jobId = claimed.jobId();
        try {
            Optional<SigningJob> job = jobs.find(jobId);
            JobOutcome outcome = claimed.attempt() > MAX_ATTEMPTS
                    ? JobOutcome.failed("signing was interrupted " + MAX_ATTEMPTS + " times; giving up")
                    : job.map(j -> executor.execute(
                                    j,
                                    (output, signatureId, artifactDigest) -> jobs.succeededIf(
                                            claimed, output, signatureId, artifactDigest, clock.instant())))
                            .orElseGet(() -> JobOutcome.failed("job vanished"));
            // a Succeeded outcome was recorded with its output; a Failed one is recorded here
            boolean succeeded = outcome.status() == JobStatus.Succeeded;
            if (succeeded || jobs.fail(claimed, outcome.reason(), clock.instant())) {
                metrics.jobFinished(succeeded);
            } else {
                LOG.warn("job {} was taken over by another worker before it finished; its result was refused", jobId);
            }
        } catch (RuntimeException e) {
            // the worker's boundary: nothing above it would report the failure
            LOG.error("job {} failed: {}", jobId, afterFailure(Optional.of(claimed.attempt()), claimed.until()), e);
        } finally {
            letGo(claimed);
        }
    }

    /** The heartbeat of a running job: its lease is extended while it is current. */
    private void extend(JobLease claimed) {
        try {
            if (!jobs.extend(claimed, clock.instant().plus(lease))) {
                LOG.warn(
                        "job {}: the lease was taken over by another worker; this run's result will be refused",
                        claimed.jobId());
            }
        } catch (RuntimeException e) {
            LOG.warn("job {}: extending the lease failed", claimed.jobId(), e);
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

    /** Jobs this runner holds a lease on now: running, or claimed and waiting for a worker. */
    public int claimed() {
        return running.size();
    }

    /**
     * Stops claiming and lets running jobs finish for a bounded time (30 s), their leases still
     * extended. The leases of jobs still running then are given back before their workers are
     * interrupted, so that another node (or this one's next start) claims them at once instead of when
     * their lease ends; a worker that goes on regardless is refused by the fence. A job whose run
     * failed keeps its lease, so that it is retried only when the lease ends (see {@link
     * #afterFailure}).
     */
    @Override
    public void close() {
        closing = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                giveBack();
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            giveBack();
            pool.shutdownNow();
            poller.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void giveBack() {
        for (JobLease lease : List.copyOf(running.values())) {
            try {
                if (jobs.release(lease)) {
                    LOG.info("Gave back unfinished signing job {} for another node to take over", lease.jobId());
                }
            } catch (RuntimeException e) {
                // its lease then ends on its own, after at most one lease period
                LOG.warn("Could not give back signing job {}: {}", lease.jobId(), e.toString());
            }
        }
    }
}
