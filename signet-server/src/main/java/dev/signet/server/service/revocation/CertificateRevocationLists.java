package dev.signet.server.service.revocation;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.RevokedCertificate;
import dev.signet.server.service.CertificatePem;
import dev.signet.server.service.profile.ProfileRepository;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Each issuing CA's X.509 CRL (DER) of revoked profile versions, for verifiers that learn revocation
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
 * An X.509 CRL has one issuer, so each issuing CA generation has its own list ({@link
 * #current(int)}), at the URL its certificates name ({@code CertificateAuthority#crlUrl}).
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
    private final Map<String, Optional<IssuedSerial>> serials = new ConcurrentHashMap<>();
    /** The last CRL of each issuing CA generation. */
    private final Map<Integer, Issued> last = new HashMap<>();
    /** The generations whose revocations changed on this node since they were last read. */
    private final Set<Integer> stale = new HashSet<>();
    /** {@link #nanoTime} at the last read of the revocations, per generation. */
    private final Map<Integer, Long> readAt = new HashMap<>();

    private record Issued(List<RevokedCertificate> entries, Instant thisUpdate, BigInteger number, byte[] der) {}

    /** A certificate's serial number and the generation of the issuing CA that issued it. */
    private record IssuedSerial(int generation, BigInteger serial) {}

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
        stale.addAll(last.keySet());
    }

    /** Whether the CA has issuing CA {@code generation}, whose CRL {@link #current(int)} gives. */
    public boolean has(int generation) {
        return generation >= 1 && generation <= ca.issuingCas().size();
    }

    /** The current CRL of the first issuing CA, DER-encoded (a copy): see {@link #current(int)}. */
    public byte[] current() {
        return current(1);
    }

    /**
     * The current CRL of issuing CA {@code generation} ({@code CertificateAuthority#issuingCas}),
     * listing what that issuing CA issued, signed by it, DER-encoded (a copy).
     *
     * @throws IllegalArgumentException when the CA has no such generation
     */
    public synchronized byte[] current(int generation) {
        ca.issuingCa(generation); // refuses a generation that does not exist
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Issued previous = last.get(generation);
        boolean fresh = previous != null
                && !now.isBefore(previous.thisUpdate())
                && now.isBefore(previous.thisUpdate().plus(VALIDITY.dividedBy(2)));
        long read = readAt.getOrDefault(generation, 0L);
        if (fresh
                && !stale.contains(generation)
                && nanoTime.getAsLong() - read < TimeUnit.NANOSECONDS.convert(REREAD_INTERVAL)) {
            return previous.der().clone();
        }
        long reading = nanoTime.getAsLong();
        List<RevokedCertificate> entries = entries(generation);
        // only a read that succeeded counts: a failed one leaves the next call to read again
        stale.remove(generation);
        readAt.put(generation, reading);
        if (fresh && previous.entries().equals(entries)) {
            return previous.der().clone();
        }
        BigInteger number = BigInteger.valueOf(now.toEpochMilli());
        if (previous != null && number.compareTo(previous.number()) <= 0) {
            number = previous.number().add(BigInteger.ONE);
        }
        byte[] der = ca.crl(generation, entries, now, now.plus(VALIDITY), number);
        last.put(generation, new Issued(entries, now, number, der));
        return der.clone();
    }

    /** The entries of every revoked version whose certificate issuing CA {@code generation} issued, by serial number. */
    private List<RevokedCertificate> entries(int generation) {
        List<RevokedCertificate> entries = new ArrayList<>();
        for (ProfileRevocation r : revocations.all()) {
            String key = r.ownerAccount() + "/" + r.profileName() + "/" + r.profileVersion();
            Optional<IssuedSerial> known = serials.get(key);
            if (known == null) {
                known = serial(r);
                if (known.isPresent()) {
                    // not remembered when absent: an issuing CA renewed on another node may be taken up later
                    serials.put(key, known);
                }
            }
            known.filter(issued -> issued.generation() == generation)
                    .ifPresent(issued ->
                            entries.add(new RevokedCertificate(issued.serial(), r.revokedAt(), r.effectiveFrom())));
        }
        entries.sort(Comparator.comparing(RevokedCertificate::serialNumber));
        return List.copyOf(entries);
    }

    private Optional<IssuedSerial> serial(ProfileRevocation r) {
        return profiles.findVersion(r.ownerAccount(), r.profileName(), r.profileVersion())
                .filter(p -> !p.pendingCertificate())
                .map(p -> CertificatePem.decode(p.certificateChainPem()).get(0))
                .flatMap(cert -> ca.issuerOf(cert).map(i -> new IssuedSerial(i.generation(), cert.getSerialNumber())));
    }
}
