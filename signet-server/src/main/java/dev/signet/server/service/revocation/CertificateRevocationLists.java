package dev.signet.server.service.revocation;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.RevokedCertificate;
import dev.signet.server.service.CertificatePem;
import dev.signet.server.service.profile.ProfileRepository;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The issuing CA's X.509 CRL (DER) of revoked profile versions, for verifiers that learn revocation
 * from certificates alone (Notation's own revocation check of portable envelopes): one entry per
 * revoked version whose certificate this CA issued (imported certificates are not the CA's to
 * revoke), revocation date its {@code revokedAt}, invalidity date its effective time. A revoked
 * signature (RevokeSignature) is not expressible: the certificate belongs to the whole version.
 *
 * <p>The signed CRL is kept and handed out again until the revocations change or half of {@link
 * #VALIDITY} has passed (by the service clock); then a new one is signed, its CRL number the
 * issuing time in milliseconds (and always above the previous one's). The route is public, so a
 * request must not cost a database read: the revocations are read again only after {@link
 * #invalidate()} (a revocation on this node, which {@link RevocationService} reports) or when the
 * last read is {@link #REREAD_INTERVAL} old (a revocation on another node is listed within that
 * interval), one read at a time. Certificate serial numbers, which never change, are remembered.
 * Thread-safe.
 */
public final class CertificateRevocationLists {
    /** From a CRL's thisUpdate to its nextUpdate: how long a verifier may cache it. */
    public static final Duration VALIDITY = Duration.ofHours(24);
    /** How long the revocations read for a CRL are trusted to be current without a local revocation. */
    public static final Duration REREAD_INTERVAL = Duration.ofSeconds(5);

    private final CertificateAuthority ca;
    private final ProfileRevocationRepository revocations;
    private final ProfileRepository profiles;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Map<String, Optional<BigInteger>> serials = new ConcurrentHashMap<>();
    private Issued last;
    /** Whether the revocations changed on this node since they were last read. */
    private boolean stale = true;
    /** {@link #nanoTime} at the last read of the revocations. */
    private long readAt;

    private record Issued(List<RevokedCertificate> entries, Instant thisUpdate, BigInteger number, byte[] der) {}

    public CertificateRevocationLists(
            CertificateAuthority ca, ProfileRevocationRepository revocations, ProfileRepository profiles, Clock clock) {
        this(ca, revocations, profiles, clock, System::nanoTime);
    }

    CertificateRevocationLists(
            CertificateAuthority ca,
            ProfileRevocationRepository revocations,
            ProfileRepository profiles,
            Clock clock,
            LongSupplier nanoTime) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Makes the next call read the revocations again: they changed on this node. */
    public synchronized void invalidate() {
        stale = true;
    }

    /** The current CRL, DER-encoded (a copy). */
    public synchronized byte[] current() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        boolean fresh = last != null
                && !now.isBefore(last.thisUpdate())
                && now.isBefore(last.thisUpdate().plus(VALIDITY.dividedBy(2)));
        if (fresh && !stale && nanoTime.getAsLong() - readAt < TimeUnit.NANOSECONDS.convert(REREAD_INTERVAL)) {
            return last.der().clone();
        }
        long reading = nanoTime.getAsLong();
        List<RevokedCertificate> entries = entries();
        // only a read that succeeded counts: a failed one leaves the next call to read again
        stale = false;
        readAt = reading;
        if (fresh && last.entries().equals(entries)) {
            return last.der().clone();
        }
        BigInteger number = BigInteger.valueOf(now.toEpochMilli());
        if (last != null && number.compareTo(last.number()) <= 0) {
            number = last.number().add(BigInteger.ONE);
        }
        byte[] der = ca.crl(entries, now, now.plus(VALIDITY), number);
        last = new Issued(entries, now, number, der);
        return der.clone();
    }

    /** The entries of every revoked version this CA issued the certificate of, by serial number. */
    private List<RevokedCertificate> entries() {
        List<RevokedCertificate> entries = new ArrayList<>();
        for (ProfileRevocation r : revocations.all()) {
            String key = r.ownerAccount() + "/" + r.profileName() + "/" + r.profileVersion();
            serials.computeIfAbsent(key, k -> serial(r))
                    .ifPresent(serial -> entries.add(new RevokedCertificate(serial, r.revokedAt(), r.effectiveFrom())));
        }
        entries.sort(Comparator.comparing(RevokedCertificate::serialNumber));
        return List.copyOf(entries);
    }

    private Optional<BigInteger> serial(ProfileRevocation r) {
        return profiles.findVersion(r.ownerAccount(), r.profileName(), r.profileVersion())
                .filter(p -> !p.pendingCertificate())
                .map(p -> CertificatePem.decode(p.certificateChainPem()).get(0))
                .filter(ca::issued)
                .map(X509Certificate::getSerialNumber);
    }
}
