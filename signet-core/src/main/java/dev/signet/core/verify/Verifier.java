package dev.signet.core.verify;

import dev.signet.core.format.Subject;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * Verifies a signature over a subject against trusted roots. Immutable and thread-safe; needs no
 * server. Build with {@link #builder()}.
 */
public final class Verifier {

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Detects the signature's format by content, checks integrity, the chain to a trusted root, and
     * expiry. Never throws for a bad signature: a signature that does not parse is a failed
     * INTEGRITY check with reason MALFORMED.
     */
    public VerificationResult verify(Subject subject, byte[] signature) {
        throw new UnsupportedOperationException("TODO core");
    }

    public static final class Builder {
        public Builder trustedRoots(List<X509Certificate> roots) {
            throw new UnsupportedOperationException("TODO core");
        }

        public Builder clock(Clock clock) {
            throw new UnsupportedOperationException("TODO core");
        }

        public Verifier build() {
            throw new UnsupportedOperationException("TODO core");
        }
    }
}
