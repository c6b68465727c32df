package dev.signet.server.service.ca;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.IssuingCa;
import dev.signet.core.ca.RootCa;
import dev.signet.server.service.Caller;
import dev.signet.server.service.CertificatePem;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.profile.CertificateState;
import dev.signet.server.service.profile.ProfileRepository;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.SigningProfileService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * When the deployment's certificates expire and what to do about it: the root, the issuing CA and
 * the time-stamping certificate, and the profiles whose signing certificate expires within {@link
 * #PROFILE_WINDOW}. Read-only; every call reads the profiles afresh.
 */
public final class CaStatusService {
    /** Profile certificates expiring this soon are reported (and counted by the metric). */
    public static final Duration PROFILE_WINDOW = Duration.ofDays(30);
    /** The root, issuing and time-stamping certificates are flagged this long before they expire. */
    public static final Duration AUTHORITY_WINDOW = Duration.ofDays(365);
    /** The issuing CA is advised for renewal when less than this percentage of its validity is left. */
    public static final int ISSUING_RENEWAL_PERCENT = 10;

    private final CertificateAuthority ca;
    private final Supplier<List<X509Certificate>> timestampingChain;
    private final ProfileRepository repository;
    private final SigningProfileService profiles;
    private final Clock clock;

    public CaStatusService(
            CertificateAuthority ca,
            Supplier<List<X509Certificate>> timestampingChain,
            ProfileRepository repository,
            SigningProfileService profiles,
            Clock clock) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.timestampingChain = Objects.requireNonNull(timestampingChain, "timestampingChain");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The authority's certificates, and the caller's account's profiles expiring soon, with advice. */
    public CaStatus status(Caller caller) {
        Instant now = clock.instant();
        List<CertificateExpiry> authority = authority();
        List<ProfileCertificateExpiry> expiring = expiringProfiles(now).stream()
                .filter(p -> p.owner().equals(caller.accountId()))
                .map(OwnedExpiry::expiry)
                .toList();
        List<String> advice = new ArrayList<>();
        for (CertificateExpiry c : authority) {
            boolean due = c.role().equals("root") ? c.expiresWithin(AUTHORITY_WINDOW, now) : renewalDue(c, now);
            if (due && !c.role().contains("-g")) {
                advice.add(authorityAdvice(c, now));
            }
        }
        for (ProfileCertificateExpiry p : expiring) {
            advice.add("profile " + p.profileName() + ": its certificate " + when(p.certificate(), now) + "; "
                    + p.advice());
        }
        return new CaStatus(now, authority, expiring, advice);
    }

    /** How many Active profiles, of every account, have a current certificate expiring within the window. */
    public long expiringProfileCount() {
        return expiringProfiles(clock.instant()).size();
    }

    /**
     * The roots', issuing CAs' and time-stamping certificate's expiries, for the status and the
     * gauges: the current root and issuing CA as {@code root} and {@code issuing}, each older
     * generation (kept after a renewal: its certificates still verify) as {@code root-gN} and
     * {@code issuing-gN}, oldest first.
     */
    public List<CertificateExpiry> authority() {
        List<CertificateExpiry> out = new ArrayList<>();
        List<RootCa> roots = ca.rootCas();
        for (RootCa r : roots) {
            out.add(expiry(r.generation() == roots.size() ? "root" : "root-g" + r.generation(), r.certificate()));
        }
        List<IssuingCa> issuing = ca.issuingCas();
        for (IssuingCa i : issuing) {
            out.add(expiry(
                    i.generation() == issuing.size() ? "issuing" : "issuing-g" + i.generation(), i.certificate()));
        }
        out.add(expiry("timestamping", timestampingChain.get().get(0)));
        return List.copyOf(out);
    }

    /**
     * Whether the current issuing CA or the time-stamping certificate is due for renewal: within
     * {@link #AUTHORITY_WINDOW} of its end, or less than {@link #ISSUING_RENEWAL_PERCENT} percent of
     * its validity left (profile certificates end no later than their issuing CA, so they would get
     * ever shorter; the time-stamping certificate ends no later than the issuing CA that issued it).
     */
    static boolean renewalDue(CertificateExpiry c, Instant now) {
        Duration validity = Duration.between(c.notBefore(), c.notAfter());
        Duration left = Duration.between(now, c.notAfter());
        return c.expiresWithin(AUTHORITY_WINDOW, now)
                || left.toSeconds() * 100 < validity.toSeconds() * ISSUING_RENEWAL_PERCENT;
    }

    private record OwnedExpiry(String owner, ProfileCertificateExpiry expiry) {}

    private List<OwnedExpiry> expiringProfiles(Instant now) {
        List<OwnedExpiry> out = new ArrayList<>();
        for (SigningProfile p : repository.activeProfiles()) {
            if (p.certificateState() == CertificateState.PendingCertificate) {
                continue; // no certificate yet: it cannot sign, and says so itself
            }
            CertificateExpiry leaf = expiry("profile", leaf(p));
            if (leaf.expiresWithin(PROFILE_WINDOW, now)) {
                out.add(new OwnedExpiry(
                        p.ownerAccount(),
                        new ProfileCertificateExpiry(
                                p.name(), p.version(), profiles.versionArn(p), p.certificateState(), leaf)));
            }
        }
        out.sort(Comparator.comparing(o -> o.expiry().certificate().notAfter()));
        return out;
    }

    private static X509Certificate leaf(SigningProfile profile) {
        List<X509Certificate> chain = CertificatePem.decode(profile.certificateChainPem());
        if (chain.isEmpty()) {
            throw ServiceException.internal("profile " + profile.name() + " has no certificate chain");
        }
        return chain.get(0);
    }

    private static String authorityAdvice(CertificateExpiry c, Instant now) {
        return switch (c.role()) {
            case "root" ->
                "the root certificate " + when(c, now) + ": renew it (signet ca renew --root) and give the"
                        + " new root to every verifier (trust bundles, CSCs) while the old one is still valid";
            case "issuing" ->
                "the issuing CA " + when(c, now) + ": profile certificates issued from now on end no"
                        + " later than that; renew it (signet ca renew --issuing)";
            default ->
                "the time-stamping certificate " + when(c, now) + ": time-stamps made after that fail;"
                        + " renew it (signet ca renew --tsa; renew the issuing CA first if it expires"
                        + " soon too, as the new certificate ends no later than it)";
        };
    }

    private static String when(CertificateExpiry c, Instant now) {
        LocalDate day = LocalDate.ofInstant(c.notAfter(), ZoneOffset.UTC);
        long days = c.daysLeft(now);
        return days < 0 ? "expired on " + day : "expires on " + day + " (in " + days + (days == 1 ? " day)" : " days)");
    }

    private static CertificateExpiry expiry(String role, X509Certificate certificate) {
        return new CertificateExpiry(
                role,
                certificate.getSubjectX500Principal().getName(),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                sha256(certificate));
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw ServiceException.internal("cannot encode certificate " + certificate.getSubjectX500Principal());
        }
    }
}
