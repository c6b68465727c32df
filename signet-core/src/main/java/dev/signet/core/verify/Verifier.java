package dev.signet.core.verify;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.Subject;
import dev.signet.core.revocation.ImportedAnchor;
import dev.signet.core.revocation.RevocationList;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a signature over a subject against trusted roots. Immutable and thread-safe; needs no
 * server. Build with {@link #builder()}.
 *
 * <p>Reports, in this order: INTEGRITY, CHAIN, PUBLISHER (only when allowed publishers are
 * configured), EXPIRY, REVOCATION (only when a revocation list is configured) and TIMESTAMP. When
 * integrity fails (unsigned, malformed or not intact), every other check is reported failed with
 * the same reason and a message saying it was not checked, so a result is never valid by omission.
 * MALFORMED is only the format's declared {@link FormatException}; any other exception is Signet's
 * own failure, reported as {@link ReasonCode#INTERNAL_ERROR} with the exception in {@link
 * VerificationResult#internalError()}, never as a verdict on the signature.
 *
 * <p>The trusted signing time is the time of a time-stamp token from a trusted authority (chain to
 * a trusted root, critical timeStamping EKU), else the signing time the signature claims, else
 * unknown. CHAIN: a PKIX path from the carried certificates to a trusted root at the trusted signing
 * time (or now) moved into the signer certificate's validity; every carried certificate must be
 * validly signed; the signer needs EKU codeSigning. An imported certificate may also chain to the
 * roots imported with it; those roots are trusted for no other certificate, whatever it names. PUBLISHER: see {@link Builder#allowedPublishers}.
 * EXPIRY: the signature's expiry is the one it carries, else its certificate's notAfter; EXPIRED
 * when now is past it or the signing time is after the certificate's notAfter, NOT_YET_VALID when
 * either is before its notBefore. A time-stamp proves the signing time; it does not extend the
 * expiry. REVOCATION: signature revoked, profile version revoked at or before the signing time (or
 * the time unknown), signature id unknown, then a stale list, in that precedence. TIMESTAMP: no
 * token, or a trusted token within the certificate's validity; else UNTRUSTED_TIMESTAMP.
 */
public final class Verifier {
    private final ChainCheck chainCheck;
    private final Clock clock;
    private final ProfileVersions profiles;
    private final Optional<PublisherCheck> publisherCheck;
    private final Optional<RevocationCheck> revocationCheck;

    private Verifier(Builder builder) {
        Set<TrustAnchor> anchors = new HashSet<>();
        builder.roots.forEach(r -> anchors.add(new TrustAnchor(r, null)));
        Map<String, Set<TrustAnchor>> importedRoots = new HashMap<>();
        Map<String, Set<String>> bindings = new HashMap<>();
        for (ImportedAnchor imported : builder.imported) {
            String fingerprint = imported.certificateSha256();
            Set<TrustAnchor> roots = importedRoots.computeIfAbsent(fingerprint, k -> new HashSet<>());
            imported.roots().forEach(r -> roots.add(new TrustAnchor(r, null)));
            bindings.computeIfAbsent(fingerprint, k -> new HashSet<>()).addAll(imported.profileVersionArns());
        }
        this.chainCheck = new ChainCheck(anchors, importedRoots);
        this.clock = builder.clock;
        this.profiles = new ProfileVersions(
                bindings, builder.signetRoot.or(() -> builder.roots.stream().findFirst()));
        this.publisherCheck = builder.allowedPublishers.map(PublisherCheck::new);
        this.revocationCheck = builder.revocationList.map(RevocationCheck::new);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Detects the signature's format by content and runs every configured check. Never throws for
     * a bad signature: a signature that does not parse (the format's declared {@link
     * FormatException}) is a failed INTEGRITY check with reason MALFORMED. With an empty {@code
     * signature} and a file subject, the file itself is checked for an embedded signature: a format
     * that finds its signature in the file ({@link SignatureFormat#detectEmbedded}: signed function
     * zip, FreeRTOS JSON image, signed JAR, Authenticode PE/MSI/script) is used; a file no format
     * finds a signature in is UNSIGNED.
     *
     * <p>Never throws at all for non-null arguments: any other exception is Signet's own failure,
     * not the signature's, and is reported as INTEGRITY {@link ReasonCode#INTERNAL_ERROR} with the
     * failure in {@link VerificationResult#internalError()}. It is not logged here: the caller logs
     * it once, with its own context, and answers an internal error.
     */
    public VerificationResult verify(Subject subject, byte[] signature) {
        Objects.requireNonNull(subject, "subject");
        try {
            if (signature == null || signature.length == 0) {
                Optional<SignatureFormat> embedded = embeddedFormat(subject);
                if (embedded.isEmpty()) {
                    return integrityFailed(ReasonCode.UNSIGNED, "there is no signature", Optional.empty());
                }
                return verify(embedded.get(), subject, new byte[0]);
            }
            Optional<SignatureFormat> format = SignatureFormats.detect(signature);
            if (format.isEmpty()) {
                return integrityFailed(
                        ReasonCode.MALFORMED, "the signature is not in any format Signet knows", Optional.empty());
            }
            return verify(format.get(), subject, signature);
        } catch (RuntimeException e) {
            return internalError("detecting the signature format over " + describe(subject), e);
        }
    }

    /**
     * As {@link #verify(Subject, byte[])}, with the format given rather than detected: for formats
     * that cannot be recognised by content (a signed PowerShell script). {@code signature} is empty
     * for formats that embed the signature in the subject.
     */
    public VerificationResult verify(SignatureFormat format, Subject subject, byte[] signature) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(signature, "signature");
        String operation = "verifying a " + format.id() + " signature over " + describe(subject);
        try {
            SignatureEvidence evidence;
            try {
                evidence = format.verify(subject, signature);
            } catch (FormatException e) {
                return integrityFailed(ReasonCode.MALFORMED, e.getMessage(), Optional.empty());
            }
            return judge(evidence);
        } catch (RuntimeException e) {
            return internalError(operation, e);
        }
    }

    /**
     * Signet failed, not the signature: INTEGRITY INTERNAL_ERROR, every other check not run, and
     * the failure for the caller to log and answer as internal.
     */
    private VerificationResult internalError(String operation, RuntimeException e) {
        VerificationFailure failure = new VerificationFailure(operation, e);
        List<CheckResult> checks = new ArrayList<>();
        checks.add(new CheckResult(
                Check.INTEGRITY,
                false,
                ReasonCode.INTERNAL_ERROR,
                "Signet failed while verifying (" + e.getClass().getSimpleName() + "); the signature was not judged"));
        for (Check check : Check.values()) {
            if (check != Check.INTEGRITY && configured(check)) {
                checks.add(new CheckResult(
                        check, false, ReasonCode.INTERNAL_ERROR, "not checked: Signet failed while verifying"));
            }
        }
        return new VerificationResult(checks, Optional.empty(), Optional.empty(), Optional.of(failure));
    }

    /** What a verification was about, for the internal error's context (never the content). */
    private static String describe(Subject subject) {
        if (subject instanceof Subject.File f) {
            return "the file " + f.path();
        }
        if (subject instanceof Subject.Digest d) {
            return "a " + d.algorithm().jcaName() + " digest";
        }
        return "a " + ((Subject.Payload) subject).mediaType() + " payload";
    }

    /** With no detached signature, a file may embed one: the format that finds it there. */
    private static Optional<SignatureFormat> embeddedFormat(Subject subject) {
        if (!(subject instanceof Subject.File file)) {
            return Optional.empty();
        }
        return SignatureFormats.detectEmbedded(file.path());
    }

    /** Runs every check after INTEGRITY over what the format found. */
    VerificationResult judge(SignatureEvidence evidence) {
        if (!evidence.intact()) {
            return integrityFailed(ReasonCode.INTEGRITY, evidence.integrityDetail(), Optional.of(evidence));
        }
        CheckResult integrity =
                new CheckResult(Check.INTEGRITY, true, ReasonCode.OK, "intact " + evidence.formatId() + " signature");
        if (evidence.chain().isEmpty()) {
            return notChecked(
                    integrity,
                    ReasonCode.UNTRUSTED_CHAIN,
                    "not checked: the signature names no signer certificate",
                    Optional.of(evidence));
        }
        Instant now = clock.instant();
        SignerFacts facts = SignerFacts.of(evidence, chainCheck, profiles, now);
        List<CheckResult> checks = new ArrayList<>();
        checks.add(integrity);
        checks.add(chainCheck.check(
                evidence.chain(), chainInstant(facts, facts.signingTime().orElse(now))));
        publisherCheck.ifPresent(p -> checks.add(p.check(facts)));
        checks.add(ExpiryCheck.check(facts, now));
        revocationCheck.ifPresent(r -> checks.add(r.check(facts, now)));
        checks.add(TimestampCheck.check(facts));
        return new VerificationResult(checks, Optional.of(evidence), Optional.of(facts.summary()));
    }

    /** The revocation list this verifier checks against, if it checks revocation. */
    public Optional<RevocationList> revocationList() {
        return revocationCheck.map(RevocationCheck::list);
    }

    /**
     * The signing time, moved into the signer certificate's validity: whether the signer's own
     * certificate was valid then is the EXPIRY check's to report, so CHAIN judges trust alone.
     */
    private static Instant chainInstant(SignerFacts facts, Instant signedAt) {
        Instant notBefore = facts.notBefore();
        Instant notAfter = facts.notAfter();
        return signedAt.isBefore(notBefore) ? notBefore : signedAt.isAfter(notAfter) ? notAfter : signedAt;
    }

    private VerificationResult integrityFailed(
            ReasonCode reason, String message, Optional<SignatureEvidence> evidence) {
        String notChecked = "not checked: "
                + switch (reason) {
                    case UNSIGNED -> "there is no signature";
                    case MALFORMED -> "the signature does not parse";
                    default -> "the integrity check failed";
                };
        return notChecked(new CheckResult(Check.INTEGRITY, false, reason, message), reason, notChecked, evidence);
    }

    /** {@code first}, then every other configured check failed with {@code reason}. */
    private VerificationResult notChecked(
            CheckResult first, ReasonCode reason, String message, Optional<SignatureEvidence> evidence) {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(first);
        for (Check check : Check.values()) {
            if (check != Check.INTEGRITY && configured(check)) {
                checks.add(new CheckResult(check, false, reason, message));
            }
        }
        Optional<SignatureSummary> summary = evidence.filter(e -> !e.chain().isEmpty())
                .map(e ->
                        SignerFacts.of(e, chainCheck, profiles, clock.instant()).summary());
        return new VerificationResult(checks, evidence, summary);
    }

    private boolean configured(Check check) {
        return switch (check) {
            case PUBLISHER -> publisherCheck.isPresent();
            case REVOCATION -> revocationCheck.isPresent();
            default -> true;
        };
    }

    /**
     * Collects trusted roots (required, may be empty: then no chain is trusted), a clock, and the
     * optional PUBLISHER and REVOCATION configuration.
     */
    public static final class Builder {
        private List<X509Certificate> roots;
        private Clock clock = Clock.systemUTC();
        private Optional<Set<String>> allowedPublishers = Optional.empty();
        private Optional<RevocationList> revocationList = Optional.empty();
        private List<ImportedAnchor> imported = List.of();
        private Optional<X509Certificate> signetRoot = Optional.empty();

        /**
         * The roots a signer's chain may lead to, trusted for every certificate (the Signet root, or
         * roots the verifier's operator chose; never the roots of imported chains, which go to
         * {@link #importedCertificates}). Unless {@link #signetRoot} is set, the FIRST of them is
         * the Signet root. Time-stamp tokens are trusted only under these roots.
         */
        public Builder trustedRoots(List<X509Certificate> roots) {
            this.roots = List.copyOf(roots);
            return this;
        }

        /**
         * The Signet CA root (default: the first of {@link #trustedRoots}). A certificate's own
         * profile version ARN (URI subject alternative name) is believed only when its chain leads
         * to this root; an imported certificate signs for the profile versions {@link
         * #importedCertificates} bind its fingerprint to, and any other certificate for nothing. It should be one of the trusted roots (a chain must be trusted to pass CHAIN anyway).
         */
        public Builder signetRoot(X509Certificate root) {
            this.signetRoot = Optional.of(Objects.requireNonNull(root, "root"));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds the PUBLISHER check: the signer must be one of these profile version ARNs, or a
         * version of one of these profile ARNs. The signer's profile version is the one its
         * certificate names (URI subject alternative name) when the certificate chains to the
         * {@link #signetRoot}, or, for an imported certificate, the ones {@link
         * #importedCertificates} bind it to.
         *
         * @throws IllegalArgumentException when {@code arns} is empty (nothing could pass)
         */
        public Builder allowedPublishers(Collection<String> arns) {
            Set<String> copy = Set.copyOf(arns);
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("allowed publishers must name at least one ARN");
            }
            this.allowedPublishers = Optional.of(copy);
            return this;
        }

        /** Adds the REVOCATION check against {@code list} (signature ids, profile versions, staleness). */
        public Builder revocationList(RevocationList list) {
            this.revocationList = Optional.of(Objects.requireNonNull(list, "list"));
            return this;
        }

        /**
         * Imported signing certificates (see {@link ImportedAnchor}): each passes CHAIN through the
         * roots imported with it, which are trusted for no other certificate, and signs for exactly
         * its bound profile versions (any ARN it names itself is ignored). Anchors with the same
         * fingerprint are merged.
         */
        public Builder importedCertificates(Collection<ImportedAnchor> imported) {
            this.imported = List.copyOf(imported);
            return this;
        }

        public Verifier build() {
            if (roots == null) {
                throw new IllegalStateException("trustedRoots must be set");
            }
            return new Verifier(this);
        }
    }
}
