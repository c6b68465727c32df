package dev.signet.core.verify;

/** Stable reason codes, shown to users and asserted by tests. */
public enum ReasonCode {
    OK,
    UNSIGNED,
    MALFORMED,
    INTEGRITY,
    UNTRUSTED_CHAIN,
    NOT_YET_VALID,
    EXPIRED
}
