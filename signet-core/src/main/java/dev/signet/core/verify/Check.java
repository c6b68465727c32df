package dev.signet.core.verify;

/**
 * The checks a verification runs, each reported separately, in this order. INTEGRITY, CHAIN,
 * EXPIRY and TIMESTAMP are always reported; PUBLISHER only when allowed publishers are configured
 * and REVOCATION only when a revocation list is (a deploy gate always configures both).
 */
public enum Check {
    INTEGRITY,
    CHAIN,
    PUBLISHER,
    EXPIRY,
    REVOCATION,
    TIMESTAMP
}
