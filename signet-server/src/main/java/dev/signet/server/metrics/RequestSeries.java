package dev.signet.server.metrics;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request histogram's children of one API and operation, one per status code, bound on first
 * use and kept: observing a request allocates nothing once its status was seen.
 */
public final class RequestSeries {
    private static final int FIRST_STATUS = 100;
    private static final int LAST_STATUS = 599;

    private final Histogram histogram;
    private final String api;
    private final String operation;
    private final AtomicReferenceArray<DistributionDataPoint> byStatus =
            new AtomicReferenceArray<>(LAST_STATUS - FIRST_STATUS + 1);

    RequestSeries(Histogram histogram, String api, String operation) {
        this.histogram = histogram;
        this.api = api;
        this.operation = operation;
    }

    /** Records one request that ended with {@code status} after {@code seconds}. */
    public void observe(int status, double seconds) {
        int s = status < FIRST_STATUS || status > LAST_STATUS ? 500 : status;
        DistributionDataPoint child = byStatus.get(s - FIRST_STATUS);
        if (child == null) {
            child = histogram.labelValues(api, operation, Integer.toString(s));
            byStatus.set(s - FIRST_STATUS, child);
        }
        child.observe(seconds);
    }
}
