package dev.signet.core.verify;

import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.TrustBundle;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deploy gate: verifies an artifact with every check (INTEGRITY, CHAIN, PUBLISHER, EXPIRY,
 * REVOCATION, TIMESTAMP) and applies a code signing policy exactly as Lambda does: an integrity
 * failure (INTEGRITY or MALFORMED) always blocks; any other failure (unsigned, untrusted chain or
 * publisher, expired, revoked, stale revocation list, untrusted time-stamp) blocks under Enforce
 * and is a warning under Warn. Immutable and thread-safe; needs no server. The server's {@code POST
 * /v1/verify} and the CLI's offline mode use this same class, so online and offline agree.
 */
public final class DeployGate {
    private DeployGate() {
        throw new UnsupportedOperationException("TODO engine");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A gate trusting what an offline trust bundle carries. */
    public static DeployGate fromTrustBundle(TrustBundle bundle, CodeSigningPolicy policy, Clock clock) {
        throw new UnsupportedOperationException("TODO engine");
    }

    /** As {@link Verifier#verify(Subject, byte[])}, then the policy. Never throws for bad input. */
    public Decision decide(Subject subject, byte[] signature) {
        throw new UnsupportedOperationException("TODO engine");
    }

    /** As {@link Verifier#verify(SignatureFormat, Subject, byte[])}, then the policy. */
    public Decision decide(SignatureFormat format, Subject subject, byte[] signature) {
        throw new UnsupportedOperationException("TODO engine");
    }

    /** Policy, trusted roots and revocation list are required; bindings and clock optional. */
    public static final class Builder {
        public Builder policy(CodeSigningPolicy policy) {
            throw new UnsupportedOperationException("TODO engine");
        }

        public Builder trustedRoots(List<X509Certificate> roots) {
            throw new UnsupportedOperationException("TODO engine");
        }

        public Builder revocationList(RevocationList list) {
            throw new UnsupportedOperationException("TODO engine");
        }

        /** See {@link TrustBundle#certificateBindings()}. */
        public Builder certificateBindings(Map<String, Set<String>> bindings) {
            throw new UnsupportedOperationException("TODO engine");
        }

        public Builder clock(Clock clock) {
            throw new UnsupportedOperationException("TODO engine");
        }

        public DeployGate build() {
            throw new UnsupportedOperationException("TODO engine");
        }
    }
}
