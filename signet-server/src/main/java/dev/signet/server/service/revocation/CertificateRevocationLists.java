package dev.signet.server.service.revocation;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.RevokedCertificate;
import dev.signet.server.service.profile.CertificatePem;
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

/**
 * The issuing CA's X.509 CRL (DER) of revoked profile versions, for verifiers that learn revocation
 * from certificates alone (Notation's own revocation check of portable envelopes): one entry per
 * revoked version whose certificate this CA issued (imported certificates are not the CA's to
 * revoke), revocation date its {@code revokedAt}, invalidity date its effective time. A revoked
 * signature (RevokeSignature) is not expressible: the certificate belongs to the whole version.
 *
 * <p>The signed CRL is kept and handed out again until the revocations change or half of {@link
 * #VALIDITY} has passed (by the service clock); then a new one is signed, its CRL number the
 * issuing time in milliseconds (and always above the previous one's). Each call reads the
 * revocations once; certificate serial numbers, which never change, are remembered. Thread-safe.
 */
public final class CertificateRevocationLists {
    /** From a CRL's thisUpdate to its nextUpdate: how long a verifier may cache it. */
    public static final Duration VALIDITY = Duration.ofHours(24);

    private final CertificateAuthority ca;
    private final ProfileRevocationRepository revocations;
    private final ProfileRepository profiles;
    private final Clock clock;
    private final Map<String, Optional<BigInteger>> serials = new ConcurrentHashMap<>();
    private Issued last;

    private record Issued(List<RevokedCertificate> entries, Instant thisUpdate, BigInteger number, byte[] der) {}

    public CertificateRevocationLists(
            CertificateAuthority ca, ProfileRevocationRepository revocations, ProfileRepository profiles, Clock clock) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The current CRL, DER-encoded (a copy). */
    public byte[] current() {
        List<RevokedCertificate> entries = entries();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        synchronized (this) {
            if (last != null
                    && last.entries().equals(entries)
                    && !now.isBefore(last.thisUpdate())
                    && now.isBefore(last.thisUpdate().plus(VALIDITY.dividedBy(2)))) {
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
                .map(p -> CertificatePem.decode(p.certificateChainPem()).get(0))
                .filter(ca::issued)
                .map(X509Certificate::getSerialNumber);
    }
}
