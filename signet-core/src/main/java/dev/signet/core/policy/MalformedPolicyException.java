package dev.signet.core.policy;

/**
 * A policy document IAM would refuse with {@code MalformedPolicyDocument}: the message names the
 * problem (the element and, where there is one, the statement). Such a policy never takes part in
 * an evaluation.
 */
public final class MalformedPolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String message) {
        super(message);
    }
}
