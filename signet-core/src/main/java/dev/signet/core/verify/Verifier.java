package dev.signet.core.verify;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.Subject;
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
     * expiry. An empty {@code signature} means the signature is embedded in the artifact (a signed
     * Lambda zip, a signed FreeRTOS JSON image): the format is then found with {@link
     * SignatureFormat#detectEmbedded}, and an artifact that carries none is UNSIGNED. Never throws for a bad signature: a signature that does not parse is a failed
     * INTEGRITY check with reason MALFORMED.
     */
    public VerificationResult verify(Subject subject, byte[] signature) {
        Objects.requireNonNull(subject, "subject");
        boolean embedded = signature == null || signature.length == 0;
        Optional<SignatureFormat> format;
        if (embedded) {
            format = subject instanceof Subject.File file
                    ? SignatureFormats.detectEmbedded(file.path())
                    : Optional.empty();
            if (format.isEmpty()) {
                return integrityFailed(ReasonCode.UNSIGNED, "there is no signature");
            }
            signature = new byte[0];
        } else {
            format = SignatureFormats.detect(signature);
        }
        if (format.isEmpty()) {
            return integrityFailed(ReasonCode.MALFORMED, "the signature is not in any format Signet knows");
        }
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
        return new VerificationResult(List.of(
                integrity,
                chainCheck.check(
                        evidence.chain(),
                        chainInstant(leaf, evidence.signingTime().orElse(now))),
                expiry(leaf, evidence.signingTime(), now)));
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

        public Verifier build() {
            if (roots == null) {
                throw new IllegalStateException("trustedRoots must be set");
            }
            return new Verifier(this);
        }
    }
}
