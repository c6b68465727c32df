package dev.signet.core.verify;

/**
 * Signet's own code failed while verifying: an exception that is none of the format's declared
 * failures (a bug, or a broken environment such as a missing algorithm), so nothing can be said
 * about the signature. {@link Verifier} never throws it: it reports it as {@link
 * ReasonCode#INTERNAL_ERROR} with this exception in {@link VerificationResult#internalError()}, for
 * the caller to log once with its own context and to answer as an internal error (HTTP 500, exit
 * code 5), never as a verdict on the signature.
 */
public final class VerificationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    VerificationFailure(String operation, RuntimeException cause) {
        super(operation + " failed: " + cause, cause);
    }
}
