package dev.signet.server.service.revocation;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.server.service.Arns;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link TrustMaterial}, built once and served until it changes. Building reads five
 * tables and, for the signed forms, signs with the CA's P-384 key; serving a built snapshot costs
 * neither, so the public {@code GET /v1/revocation-list} does no database read and no signature per
 * request.
 *
 * <p>A snapshot is replaced by a fresh one:
 *
 * <ul>
 *   <li>at once after a revocation on this node ({@link #invalidate()}, which {@link
 *       RevocationService} calls once the revocation is stored);
 *   <li>at once when the CA was renewed ({@link CertificateAuthority#revision()} changed: on this
 *       node, or taken up from another by {@code CaReloader}): the roots and the signing key changed;
 *   <li>when it is {@link #RENEW_AFTER} old by the service clock (or the clock moved back past it):
 *       its list is issued with a next update {@link TrustMaterial#NEXT_UPDATE} after its issue, so a
 *       served list always has at least 6 days and 23 hours to run;
 *   <li>when the stored records changed, on this node or another ({@link TrustRecords#changeMarker}):
 *       {@link #current()} (the trust bundle, the online deploy gate, both authenticated) compares
 *       the marker on every call, {@link #signedRevocationList()} (public) at most once per {@link
 *       #MARKER_CHECK_INTERVAL}, so a revocation made on another node is served within that interval.
 * </ul>
 *
 * <p>One caller rebuilds at a time; the others wait for its snapshot rather than build their own. A
 * marker that cannot be read counts as changed.
 */
public final class TrustSnapshots {
    /** The age at which a snapshot is rebuilt even if nothing changed: 1/168 of the list's validity. */
    public static final Duration RENEW_AFTER = Duration.ofHours(1);
    /** How often the public revocation list asks the database whether its records changed. */
    public static final Duration MARKER_CHECK_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(TrustSnapshots.class);

    private final CertificateAuthority ca;
    private final Supplier<List<X509Certificate>> timestampChain;
    private final TrustRecords records;
    private final ProfileRevocationRepository revocations;
    private final Set<String> platformsWithoutSigningTime;
    private final Arns arns;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong lastMarkerCheck = new AtomicLong();
    private final Object rebuild = new Object();
    private volatile Snapshot snapshot;

    /** What was built, from which marker, at which generation of {@link #invalidate()}, when. */
    private record Snapshot(
            TrustMaterial material,
            Optional<TrustRecords.ChangeMarker> marker,
            long generation,
            int caRevision,
            Instant builtAt) {}

    public TrustSnapshots(
            CertificateAuthority ca,
            Supplier<List<X509Certificate>> timestampChain,
            TrustRecords records,
            ProfileRevocationRepository revocations,
            PlatformRegistry platforms,
            Arns arns,
            Clock clock) {
        this(ca, timestampChain, records, revocations, platforms, arns, clock, System::nanoTime);
    }

    TrustSnapshots(
            CertificateAuthority ca,
            Supplier<List<X509Certificate>> timestampChain,
            TrustRecords records,
            ProfileRevocationRepository revocations,
            PlatformRegistry platforms,
            Arns arns,
            Clock clock,
            LongSupplier nanoTime) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.timestampChain = Objects.requireNonNull(timestampChain, "timestampChain");
        this.records = Objects.requireNonNull(records, "records");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.platformsWithoutSigningTime = TrustMaterial.platformsWithoutSigningTime(platforms);
        this.arns = Objects.requireNonNull(arns, "arns");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** The trust material as the records are now (the marker checked on this call). */
    public TrustMaterial current() {
        return snapshot(true).material();
    }

    /** The current revocation list signed by the CA, as served to anyone. */
    public byte[] signedRevocationList() {
        return snapshot(false).material().signedRevocationList();
    }

    /** The signed trust bundle of {@link #current()}. */
    public byte[] trustBundle() {
        return current().trustBundle();
    }

    /** Makes the next call build a new snapshot: the records changed on this node. */
    public void invalidate() {
        generation.incrementAndGet();
    }

    private Snapshot snapshot(boolean checkMarker) {
        Snapshot s = snapshot;
        if (usable(s) && (!markerCheckDue(checkMarker) || unchanged(s))) {
            return s;
        }
        return rebuild(s);
    }

    /** Built, not invalidated since, and neither too old nor from the future by the service clock. */
    private boolean usable(Snapshot s) {
        if (s == null
                || s.generation() != generation.get()
                || s.caRevision() != ca.revision()
                || !s.material().timestampChain().equals(timestampChain.get())) {
            return false; // records changed here, or the CA or the TSA was renewed
        }
        Duration age = Duration.between(s.builtAt(), clock.instant());
        return !age.isNegative() && age.compareTo(RENEW_AFTER) < 0;
    }

    /** Always when asked to check; else for one caller per interval, the others serve what is built. */
    private boolean markerCheckDue(boolean checkMarker) {
        if (checkMarker) {
            return true;
        }
        long now = nanoTime.getAsLong();
        long last = lastMarkerCheck.get();
        return now - last >= TimeUnit.NANOSECONDS.convert(MARKER_CHECK_INTERVAL)
                && lastMarkerCheck.compareAndSet(last, now);
    }

    private boolean unchanged(Snapshot s) {
        Optional<TrustRecords.ChangeMarker> now = readMarker();
        return now.isPresent() && now.equals(s.marker());
    }

    private Snapshot rebuild(Snapshot stale) {
        synchronized (rebuild) {
            Snapshot s = snapshot;
            if (s != stale && usable(s)) {
                return s; // another caller rebuilt while this one waited
            }
            long built = generation.get();
            int caRevision = ca.revision();
            // the marker is read before the records: a change in between makes the next check rebuild again
            Optional<TrustRecords.ChangeMarker> marker = readMarker();
            TrustMaterial material = TrustMaterial.from(
                    ca, records, revocations, timestampChain.get(), arns, clock, platformsWithoutSigningTime);
            s = new Snapshot(
                    material,
                    marker,
                    built,
                    caRevision,
                    material.revocationList().issuedAt());
            lastMarkerCheck.set(nanoTime.getAsLong());
            snapshot = s;
            return s;
        }
    }

    private Optional<TrustRecords.ChangeMarker> readMarker() {
        try {
            return Optional.of(records.changeMarker());
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the trust records' change marker; rebuilding the trust material: {}", e.toString());
            return Optional.empty();
        }
    }
}
