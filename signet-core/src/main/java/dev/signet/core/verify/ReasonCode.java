package dev.signet.core.verify;

/** Stable reason codes, shown to users and asserted by tests. Never renamed; only added to. */
public enum ReasonCode {
    OK,
    /** No signature at all (INTEGRITY). */
    UNSIGNED,
    /** A signature that does not parse (INTEGRITY). */
    MALFORMED,
    /** The signature does not match the artifact: changed after signing (INTEGRITY). */
    INTEGRITY,
    /** The signer's certificate does not chain to a trusted root (CHAIN). */
    UNTRUSTED_CHAIN,
    /** The signer is not among the allowed publishers (PUBLISHER). */
    UNTRUSTED_PUBLISHER,
    /** Signed, or checked, before the signer certificate's validity began (EXPIRY). */
    NOT_YET_VALID,
    /** Past the signature's expiry, or signed after the certificate expired (EXPIRY). */
    EXPIRED,
    /** The signature itself (its signing job) was revoked (REVOCATION). */
    SIGNATURE_REVOKED,
    /** The signer's profile version was revoked effective at or before the signing time (REVOCATION). */
    PROFILE_REVOKED,
    /** The revocation list is past its next-update time (REVOCATION). */
    REVOCATION_STALE,
    /** Revocation cannot be decided: the signature cannot be identified (REVOCATION). */
    REVOCATION_UNKNOWN,
    /** The signature carries a time-stamp token from an authority that is not trusted (TIMESTAMP). */
    UNTRUSTED_TIMESTAMP,
    /**
     * Signet itself failed while verifying (a bug, not the signature's fault): nothing was judged
     * (INTEGRITY, the other checks not run). Never valid; blocks under every policy. See {@link
     * VerificationResult#internalError()}.
     */
    INTERNAL_ERROR
}
