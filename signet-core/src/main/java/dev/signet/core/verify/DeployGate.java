package dev.signet.core.verify;

import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.revocation.ImportedAnchor;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.TrustBundle;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The deploy gate: verifies an artifact with every check (INTEGRITY, CHAIN, PUBLISHER, EXPIRY,
 * REVOCATION, TIMESTAMP) and applies a code signing policy exactly as Lambda does: an integrity
 * failure (INTEGRITY or MALFORMED) always blocks; any other failure (no signature at all, named
 * UNSIGNED; untrusted chain or publisher, expired, revoked, stale revocation list, untrusted
 * time-stamp) blocks under Enforce and is a warning under Warn (see {@link Decision}). A
 * verification Signet itself could not finish (INTERNAL_ERROR) blocks under both; the decision's
 * {@code result().internalError()} holds the failure, which the caller logs and answers as an
 * internal error rather than as a verdict. Immutable and thread-safe; needs no
 * server. The server's {@code POST /v1/verify} and the CLI's offline mode use this same class, so
 * online and offline agree. Time-stamp tokens are trusted when they chain to the trusted roots
 * (never to a root imported with a certificate).
 */
public final class DeployGate {
    private final CodeSigningPolicy policy;
    private final Verifier verifier;
    private final RevocationList revocationList;

    private DeployGate(Builder builder) {
        this.policy = builder.policy;
        this.revocationList = builder.revocationList;
        Verifier.Builder verifier = Verifier.builder();
        builder.signetRoot.ifPresent(verifier::signetRoot);
        this.verifier = verifier.trustedRoots(builder.roots)
                .clock(builder.clock)
                .allowedPublishers(policy.allowedPublishers())
                .revocationList(revocationList)
                .importedCertificates(builder.imported)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A gate trusting what an offline trust bundle carries: its roots (the first is the Signet root),
     * its imported certificates (each trusted under its own imported roots only) and its revocation
     * list (already verified by {@link TrustBundle#parse}).
     */
    public static DeployGate fromTrustBundle(TrustBundle bundle, CodeSigningPolicy policy, Clock clock) {
        Objects.requireNonNull(bundle, "bundle");
        return builder()
                .policy(policy)
                .trustedRoots(bundle.roots())
                .signetRoot(bundle.roots().get(0))
                .revocationList(bundle.revocationList())
                .importedCertificates(bundle.importedCertificates())
                .clock(clock)
                .build();
    }

    public CodeSigningPolicy policy() {
        return policy;
    }

    /** As {@link Verifier#verify(Subject, byte[])}, then the policy. Never throws for bad input. */
    public Decision decide(Subject subject, byte[] signature) {
        return apply(verifier.verify(subject, signature));
    }

    /** As {@link Verifier#verify(SignatureFormat, Subject, byte[])}, then the policy. */
    public Decision decide(SignatureFormat format, Subject subject, byte[] signature) {
        return apply(verifier.verify(format, subject, signature));
    }

    private Decision apply(VerificationResult result) {
        return Decision.of(policy.action(), result, Optional.of(revocationList));
    }

    /** Policy, trusted roots and revocation list are required; imported certificates and clock optional. */
    public static final class Builder {
        private CodeSigningPolicy policy;
        private List<X509Certificate> roots;
        private RevocationList revocationList;
        private List<ImportedAnchor> imported = List.of();
        private Clock clock = Clock.systemUTC();
        private Optional<X509Certificate> signetRoot = Optional.empty();

        public Builder policy(CodeSigningPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Roots trusted for every certificate ({@link Verifier.Builder#trustedRoots}); unless {@link
         * #signetRoot} is set, the first is the Signet root.
         */
        public Builder trustedRoots(List<X509Certificate> roots) {
            this.roots = List.copyOf(roots);
            return this;
        }

        /** See {@link Verifier.Builder#signetRoot}: whose certificates' own ARNs are believed. */
        public Builder signetRoot(X509Certificate root) {
            this.signetRoot = Optional.of(Objects.requireNonNull(root, "root"));
            return this;
        }

        public Builder revocationList(RevocationList list) {
            this.revocationList = Objects.requireNonNull(list, "list");
            return this;
        }

        /** See {@link Verifier.Builder#importedCertificates}. */
        public Builder importedCertificates(Collection<ImportedAnchor> imported) {
            this.imported = List.copyOf(imported);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws IllegalStateException when the policy, trusted roots or revocation list is missing */
        public DeployGate build() {
            if (policy == null || roots == null || revocationList == null) {
                throw new IllegalStateException("a deploy gate needs a policy, trusted roots and a revocation list");
            }
            return new DeployGate(this);
        }
    }
}
