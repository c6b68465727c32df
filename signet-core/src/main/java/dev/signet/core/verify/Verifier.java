package dev.signet.core.verify;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.Subject;
import dev.signet.core.format.TimestampEvidence;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a signature over a subject against trusted roots. Immutable and thread-safe; needs no
 * server. Build with {@link #builder()}.
 *
 * <p>Always reports INTEGRITY, CHAIN and EXPIRY, in that order. When integrity fails (unsigned,
 * malformed or not intact), the other two are reported failed with the same reason and a message
 * saying they were not checked, so a result is never valid by omission.
 *
 * <p>CHAIN: a PKIX path from the carried certificates to a trusted root, at the signing time (or
 * now, if the signature claims none) moved into the signer certificate's validity; every carried
 * certificate must be validly signed; the signer needs EKU codeSigning; revocation is not checked
 * here. EXPIRY: EXPIRED when now, or the signing time, is after the signer certificate's notAfter
 * (the signature's expiry); NOT_YET_VALID when either is before its notBefore.
 *
 * <p>A signature that carries a time-stamp token from a trusted time-stamp authority (chain to a
 * trusted root, critical timeStamping EKU) is judged at the token's time instead: CHAIN at that
 * time, and EXPIRY passes when that time is within the signer certificate's validity, even after
 * the certificate expired. A token whose authority is not trusted is ignored (the claimed signing
 * time is used); a token that is damaged or covers other data fails INTEGRITY in the format.
 */
public final class Verifier {
    private final ChainCheck chainCheck;
    private final Clock clock;

    private Verifier(Builder builder) {
        Set<TrustAnchor> anchors = new HashSet<>();
        builder.roots.forEach(r -> anchors.add(new TrustAnchor(r, null)));
        this.chainCheck = new ChainCheck(Set.copyOf(anchors));
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Detects the signature's format by content, checks integrity, the chain to a trusted root, and
     * expiry. Never throws for a bad signature: a signature that does not parse is a failed
     * INTEGRITY check with reason MALFORMED. With an empty {@code signature} and a file subject,
     * the file itself is checked for an embedded signature: a format that finds its signature in the
     * file ({@link SignatureFormat#detectEmbedded}: signed function zip, FreeRTOS JSON image, signed
     * JAR, Authenticode PE/MSI/script) is used; a file no format finds a signature in is UNSIGNED.
     */
    public VerificationResult verify(Subject subject, byte[] signature) {
        Objects.requireNonNull(subject, "subject");
        if (signature == null || signature.length == 0) {
            Optional<SignatureFormat> embedded = embeddedFormat(subject);
            if (embedded.isEmpty()) {
                return integrityFailed(ReasonCode.UNSIGNED, "there is no signature");
            }
            return verify(embedded.get(), subject, new byte[0]);
        }
        Optional<SignatureFormat> format = SignatureFormats.detect(signature);
        if (format.isEmpty()) {
            return integrityFailed(ReasonCode.MALFORMED, "the signature is not in any format Signet knows");
        }
        return verify(format.get(), subject, signature);
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
        return verifyWith(Optional.of(format), subject, signature);
    }

    /** With no detached signature, a file may embed one: the format that finds it there. */
    private static Optional<SignatureFormat> embeddedFormat(Subject subject) {
        if (!(subject instanceof Subject.File file)) {
            return Optional.empty();
        }
        return SignatureFormats.detectEmbedded(file.path());
    }

    private VerificationResult verifyWith(Optional<SignatureFormat> format, Subject subject, byte[] signature) {
        SignatureEvidence evidence;
        try {
            evidence = format.get().verify(subject, signature);
        } catch (FormatException e) {
            return integrityFailed(ReasonCode.MALFORMED, e.getMessage());
        } catch (RuntimeException e) {
            return integrityFailed(
                    ReasonCode.MALFORMED,
                    "the signature could not be parsed (" + e.getClass().getSimpleName() + ")");
        }
        if (!evidence.intact()) {
            return integrityFailed(ReasonCode.INTEGRITY, evidence.integrityDetail());
        }
        Instant now = clock.instant();
        CheckResult integrity =
                new CheckResult(Check.INTEGRITY, true, ReasonCode.OK, "intact " + evidence.formatId() + " signature");
        if (evidence.chain().isEmpty()) {
            String why = "not checked: the signature names no signer certificate";
            return new VerificationResult(List.of(
                    integrity,
                    new CheckResult(Check.CHAIN, false, ReasonCode.UNTRUSTED_CHAIN, why),
                    new CheckResult(Check.EXPIRY, false, ReasonCode.UNTRUSTED_CHAIN, why)));
        }
        X509Certificate leaf = evidence.chain().get(0);
        Optional<Instant> timestamped = evidence.timestamp()
                .filter(t -> chainCheck.trustedTimestamp(t.chain(), t.time()))
                .map(TimestampEvidence::time);
        Optional<Instant> signedAt = timestamped.isPresent() ? timestamped : evidence.signingTime();
        return new VerificationResult(List.of(
                integrity,
                chainCheck.check(evidence.chain(), chainInstant(leaf, signedAt.orElse(now))),
                timestamped.isPresent() ? timestampedExpiry(leaf, timestamped.get()) : expiry(leaf, signedAt, now)));
    }

    /**
     * A trusted time-stamp proves when the signature existed: it stays valid after its certificate
     * expires, as long as it was made within the certificate's validity.
     */
    private static CheckResult timestampedExpiry(X509Certificate leaf, Instant at) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (at.isBefore(notBefore)) {
            return new CheckResult(
                    Check.EXPIRY,
                    false,
                    ReasonCode.NOT_YET_VALID,
                    "time-stamped at " + at + ", before the certificate's notBefore " + notBefore);
        }
        if (at.isAfter(notAfter)) {
            return new CheckResult(
                    Check.EXPIRY,
                    false,
                    ReasonCode.EXPIRED,
                    "time-stamped at " + at + ", after the certificate expired at " + notAfter);
        }
        return new CheckResult(
                Check.EXPIRY,
                true,
                ReasonCode.OK,
                "time-stamped at " + at + " by a trusted authority, within the certificate's validity (to " + notAfter
                        + ")");
    }

    /**
     * The signing time, moved into the signer certificate's validity: whether the signer's own
     * certificate was valid then is the EXPIRY check's to report, so CHAIN judges trust alone.
     */
    private static Instant chainInstant(X509Certificate leaf, Instant signedAt) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        return signedAt.isBefore(notBefore) ? notBefore : signedAt.isAfter(notAfter) ? notAfter : signedAt;
    }

    private static CheckResult expiry(X509Certificate leaf, Optional<Instant> signingTime, Instant now) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (signingTime.isPresent() && signingTime.get().isBefore(notBefore)) {
            return new CheckResult(
                    Check.EXPIRY,
                    false,
                    ReasonCode.NOT_YET_VALID,
                    "signed at " + signingTime.get() + ", before the certificate's notBefore " + notBefore);
        }
        if (now.isBefore(notBefore)) {
            return new CheckResult(
                    Check.EXPIRY, false, ReasonCode.NOT_YET_VALID, "the certificate is not valid before " + notBefore);
        }
        if (signingTime.isPresent() && signingTime.get().isAfter(notAfter)) {
            return new CheckResult(
                    Check.EXPIRY,
                    false,
                    ReasonCode.EXPIRED,
                    "signed at " + signingTime.get() + ", after the certificate expired at " + notAfter);
        }
        if (now.isAfter(notAfter)) {
            return new CheckResult(Check.EXPIRY, false, ReasonCode.EXPIRED, "the signature expired at " + notAfter);
        }
        return new CheckResult(Check.EXPIRY, true, ReasonCode.OK, "valid until " + notAfter);
    }

    private static VerificationResult integrityFailed(ReasonCode reason, String message) {
        String notChecked = "not checked: "
                + switch (reason) {
                    case UNSIGNED -> "there is no signature";
                    case MALFORMED -> "the signature does not parse";
                    default -> "the integrity check failed";
                };
        return new VerificationResult(List.of(
                new CheckResult(Check.INTEGRITY, false, reason, message),
                new CheckResult(Check.CHAIN, false, reason, notChecked),
                new CheckResult(Check.EXPIRY, false, reason, notChecked)));
    }

    /** Collects trusted roots (required, may be empty: then no chain is trusted) and a clock. */
    public static final class Builder {
        private List<X509Certificate> roots;
        private Clock clock = Clock.systemUTC();

        public Builder trustedRoots(List<X509Certificate> roots) {
            this.roots = List.copyOf(roots);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds the PUBLISHER check: the signer must be one of these profile version ARNs, or a
         * version of one of these profile ARNs. The signer's profile version is the one its
         * certificate names (URI subject alternative name), or, for an imported certificate, the
         * ones {@link #certificateBindings} bind it to.
         */
        public Builder allowedPublishers(java.util.Collection<String> arns) {
            throw new UnsupportedOperationException("TODO engine");
        }

        /** Adds the REVOCATION check against {@code list} (signature ids, profile versions, staleness). */
        public Builder revocationList(dev.signet.core.revocation.RevocationList list) {
            throw new UnsupportedOperationException("TODO engine");
        }

        /** Imported signing certificates' profile versions: SHA-256 fingerprint (hex) to ARNs. */
        public Builder certificateBindings(java.util.Map<String, java.util.Set<String>> bindings) {
            throw new UnsupportedOperationException("TODO engine");
        }

        public Verifier build() {
            if (roots == null) {
                throw new IllegalStateException("trustedRoots must be set");
            }
            return new Verifier(this);
        }
    }
}
