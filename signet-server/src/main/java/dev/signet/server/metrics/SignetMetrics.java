package dev.signet.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * One server's metrics, exposed by {@code GET /metrics} in Prometheus' text format
 * (docs/operations.md lists them). Each server has its own registry (never the client library's
 * global one), so servers in one JVM do not mix their numbers.
 *
 * <p>Labels are aggregates only: API, operation, HTTP status, platform id, job status, key backend
 * and the operation it failed. Nothing a caller chooses (profile names, buckets, keys, principals)
 * becomes a label, so the series stay few and the unauthenticated {@code /metrics} reveals no
 * names. Recording on the request path allocates nothing once a series exists: children are bound
 * once and kept ({@link RequestSeries}, the per-platform maps).
 */
public final class SignetMetrics {
    /** Request and signing durations: 1 ms to 1 min. */
    private static final double[] SECONDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };
    /** Rows per group-commit transaction: powers of two up to GroupCommit's maximum of 256. */
    private static final double[] ROWS = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    /** How stale the gauges read from the database may be. */
    static final Duration DATABASE_GAUGE_AGE = Duration.ofSeconds(5);

    private static final String SIGN_PAYLOAD = "SignPayload";
    private static final String START_SIGNING_JOB = "StartSigningJob";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram requests;
    private final Map<Api, ConcurrentHashMap<String, RequestSeries>> requestSeries = new EnumMap<>(Api.class);
    private final Histogram signing;
    private final ConcurrentHashMap<String, DistributionDataPoint> payloadSigning = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DistributionDataPoint> jobSigning = new ConcurrentHashMap<>();
    private final CounterDataPoint payloadsRecorded;
    private final CounterDataPoint jobsSucceeded;
    private final CounterDataPoint jobsFailed;
    private final Counter keyBackendErrors;
    private final DistributionDataPoint commitBatch;

    private SignetMetrics() {
        requests = Histogram.builder()
                .name("signet_http_request_duration_seconds")
                .help("Requests by API, operation and HTTP status, and how long they took to answer")
                .labelNames("api", "operation", "status")
                .classicUpperBounds(SECONDS)
                .classicOnly()
                .withoutExemplars()
                .register(registry);
        for (Api api : Api.values()) {
            requestSeries.put(api, new ConcurrentHashMap<>());
        }
        signing = Histogram.builder()
                .name("signet_signing_duration_seconds")
                .help("Time spent producing a signature (format, key backend and time-stamp), by platform")
                .labelNames("operation", "platform")
                .classicUpperBounds(SECONDS)
                .classicOnly()
                .withoutExemplars()
                .register(registry);
        Counter jobs = Counter.builder()
                .name("signet_signing_jobs_total")
                .help("Signing jobs this node recorded, by operation and final status")
                .labelNames("operation", "status")
                .withoutExemplars()
                .register(registry);
        payloadsRecorded = jobs.labelValues(SIGN_PAYLOAD, "Succeeded");
        jobsSucceeded = jobs.labelValues(START_SIGNING_JOB, "Succeeded");
        jobsFailed = jobs.labelValues(START_SIGNING_JOB, "Failed");
        keyBackendErrors = Counter.builder()
                .name("signet_key_backend_errors_total")
                .help("Key backend calls that failed, by backend and operation")
                .labelNames("backend", "operation")
                .withoutExemplars()
                .register(registry);
        commitBatch = Histogram.builder()
                .name("signet_signpayload_commit_batch_rows")
                .help("SignPayload jobs written per group-commit transaction")
                .classicUpperBounds(ROWS)
                .classicOnly()
                .withoutExemplars()
                .register(registry)
                .labelValues();
    }

    /** Metrics with nothing recorded yet and no gauges. */
    public static SignetMetrics create() {
        return new SignetMetrics();
    }

    /** Adds the client library's JVM and process metrics (jvm_*, process_*), read on each scrape. */
    public SignetMetrics withJvmMetrics() {
        JvmMetrics.builder().register(registry);
        return this;
    }

    /**
     * The request series of one API's operation. {@code operation} must come from the code (a route's
     * name), never from the request, or the series would be unbounded.
     */
    public RequestSeries requests(Api api, String operation) {
        ConcurrentHashMap<String, RequestSeries> byOperation = requestSeries.get(api);
        RequestSeries series = byOperation.get(operation);
        if (series == null) {
            series = byOperation.computeIfAbsent(operation, op -> new RequestSeries(requests, api.label(), op));
        }
        return series;
    }

    /** A SignPayload signature for {@code platformId} took {@code nanos}. */
    public void payloadSigned(String platformId, long nanos) {
        signingPoint(payloadSigning, SIGN_PAYLOAD, platformId).observe(nanos / 1e9);
    }

    /** A StartSigningJob signature for {@code platformId} took {@code nanos}. */
    public void jobSigned(String platformId, long nanos) {
        signingPoint(jobSigning, START_SIGNING_JOB, platformId).observe(nanos / 1e9);
    }

    private DistributionDataPoint signingPoint(
            ConcurrentHashMap<String, DistributionDataPoint> points, String operation, String platformId) {
        DistributionDataPoint point = points.get(platformId);
        if (point == null) {
            point = points.computeIfAbsent(platformId, p -> signing.labelValues(operation, p));
        }
        return point;
    }

    /** A SignPayload job was recorded (they are only ever recorded as Succeeded). */
    public void payloadRecorded() {
        payloadsRecorded.inc();
    }

    /** A StartSigningJob job was recorded as finished by this node. */
    public void jobFinished(boolean succeeded) {
        (succeeded ? jobsSucceeded : jobsFailed).inc();
    }

    /** A call to key backend {@code backend} failed; {@code operation} is the KeyBackend method. */
    public void keyBackendError(String backend, String operation) {
        keyBackendErrors.labelValues(backend, operation).inc();
    }

    /** A SignPayload group commit wrote {@code rows} jobs in one transaction. */
    public void commitBatch(int rows) {
        commitBatch.observe(rows);
    }

    /** Requests being handled now. */
    public void inFlight(IntSupplier requests) {
        Objects.requireNonNull(requests, "requests");
        GaugeWithCallback.builder()
                .name("signet_http_requests_in_flight")
                .help("Requests being handled by this node now")
                .callback(cb -> cb.call(requests.getAsInt()))
                .register(registry);
    }

    /**
     * The jobs gauges: {@code counts} is read from the database at most every 5 s, {@code claimed}
     * (jobs this node's workers hold) on every scrape.
     */
    public void jobs(Supplier<JobCounts> counts, IntSupplier claimed) {
        CachedReading<JobCounts> cached = new CachedReading<>("the job counts", counts, DATABASE_GAUGE_AGE);
        GaugeWithCallback.builder()
                .name("signet_signing_jobs_in_progress")
                .help("StartSigningJob jobs InProgress in the database (all nodes)")
                .callback(cb -> cached.get().ifPresent(c -> cb.call(c.inProgress())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("signet_signing_jobs_waiting")
                .help("InProgress jobs no worker holds a live lease on (all nodes)")
                .callback(cb -> cached.get().ifPresent(c -> cb.call(c.waiting())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("signet_signing_jobs_claimed")
                .help("Jobs this node holds a lease on now: being signed or claimed and waiting for a worker")
                .callback(cb -> cb.call(claimed.getAsInt()))
                .register(registry);
    }

    /**
     * The certificate gauges: {@code expiringProfiles} (read from the database at most every 5 s) and
     * {@code authorityNotAfter}, the CA's and TSA's certificates' expiries by role.
     */
    public void certificates(Supplier<Long> expiringProfiles, Supplier<Map<String, Instant>> authorityNotAfter) {
        CachedReading<Long> cached =
                new CachedReading<>("the expiring profile certificates", expiringProfiles, DATABASE_GAUGE_AGE);
        GaugeWithCallback.builder()
                .name("signet_profile_certificates_expiring")
                .help("Active profiles (all accounts) whose current signing certificate expires within 30 days"
                        + " or has expired")
                .callback(cb -> cached.get().ifPresent(v -> cb.call(v.doubleValue())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("signet_ca_certificate_expiry_timestamp_seconds")
                .help("When the CA's root and issuing certificates and the TSA's certificate expire (Unix time)")
                .labelNames("certificate")
                .callback(cb -> authorityNotAfter.get().forEach((role, at) -> cb.call(at.getEpochSecond(), role)))
                .register(registry);
    }

    /** The database connection pool's use, read on every scrape (from memory, no query). */
    public void databasePool(Supplier<Optional<PoolUse>> use) {
        Objects.requireNonNull(use, "use");
        GaugeWithCallback.builder()
                .name("signet_db_pool_connections")
                .help("Database connections by state: active (lent out), idle, max (the pool's size)")
                .labelNames("state")
                .callback(cb -> use.get().ifPresent(u -> {
                    cb.call(u.active(), "active");
                    cb.call(u.idle(), "idle");
                    cb.call(u.max(), "max");
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("signet_db_pool_waiting_threads")
                .help("Threads waiting for a database connection")
                .callback(cb -> use.get().ifPresent(u -> cb.call(u.waiting())))
                .register(registry);
    }

    /** The Content-Type of {@link #write}'s output. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Writes every metric in the Prometheus text exposition format (version 0.0.4). */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
