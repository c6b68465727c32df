package dev.signet.core.verify;

/** The checks a verification runs, each reported separately. */
public enum Check {
    INTEGRITY,
    CHAIN,
    EXPIRY
}
