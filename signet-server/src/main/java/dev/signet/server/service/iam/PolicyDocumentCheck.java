package dev.signet.server.service.iam;

/**
 * The seam where an IAM policy document is validated before it is stored (PutUserPolicy,
 * PutGroupPolicy). {@link JsonPolicyDocumentCheck} checks only that it is a JSON object; the policy
 * library ({@code dev.signet.core.policy}) plugs in here with the grammar's real checks, in the
 * composition root.
 */
@FunctionalInterface
public interface PolicyDocumentCheck {

    /**
     * Returns when {@code document} may be stored.
     *
     * @throws dev.signet.server.service.ServiceException MalformedPolicyDocument (400) when it may not
     */
    void check(String document);
}
