package dev.signet.server.service.ca;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.tsa.TimestampAuthority;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes up a CA or TSA renewal made on another node of a cluster: every interval (the cluster's
 * cache staleness) it asks {@link CertificateAuthority#reload}, then {@link
 * TimestampAuthority#reload}, each of which reads one small entry of the shared key material and
 * changes nothing unless it changed. Whatever holds the CA or the TSA (the trust snapshots, the CRLs,
 * the profile issuer, the time-stamp route) sees the renewed one from then on. One daemon thread,
 * until closed.
 */
public final class CaReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaReloader.class);
    /** The shortest interval, even with a cache staleness of 0: one small read a second. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final CertificateAuthority ca;
    private final TimestampAuthority tsa;
    private final ScheduledExecutorService executor;

    private CaReloader(CertificateAuthority ca, TimestampAuthority tsa) {
        this.ca = ca;
        this.tsa = tsa;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signet-ca-reloader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reloads every {@code interval} (at least {@link #MIN_INTERVAL}), the first time after one interval. */
    public static CaReloader start(CertificateAuthority ca, TimestampAuthority tsa, Duration interval) {
        CaReloader reloader = new CaReloader(ca, tsa);
        long millis = Math.max(MIN_INTERVAL.toMillis(), interval.toMillis());
        reloader.executor.scheduleWithFixedDelay(reloader::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return reloader;
    }

    private void reloadQuietly() {
        try {
            if (ca.reload()) {
                LOG.info(
                        "Took up a renewal of the certificate authority made on another node: issuing CA {}",
                        ca.issuing().getSubjectX500Principal().getName());
            }
            // after the CA: a renewed TSA's certificate may come from an issuing CA made just now
            if (tsa.reload()) {
                LOG.info(
                        "Took up a renewal of the time-stamp authority made on another node: {}",
                        tsa.chain().get(0).getSubjectX500Principal().getName());
            }
        } catch (RuntimeException e) {
            // the database busy or closing, or a damaged CA or TSA: this node keeps what it has and retries
            LOG.warn("Cannot reload the certificate authority or the time-stamp authority: {}", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
