package dev.signet.server.service.iam;

import dev.signet.core.policy.MalformedPolicyException;
import dev.signet.core.policy.PolicyKind;
import dev.signet.core.policy.PolicyParser;
import dev.signet.server.service.ServiceException;

/**
 * Validates an IAM policy document before it is stored (PutUserPolicy, PutGroupPolicy,
 * PutRolePolicy, CreatePolicy, CreateRole, UpdateAssumeRolePolicy) with the policy language's own
 * parser ({@link PolicyParser}): a document the evaluator would refuse is never stored. The size
 * quotas are the services' (IAM counts them per owner); this bound only keeps the parse cheap.
 */
public final class PolicyDocumentCheck {
    /** Characters (white space not counted) a document may have here at most; every IAM quota is below it. */
    static final int MAX_CHARS = 131_072;

    /**
     * Returns when {@code document} is a valid policy of {@code kind}.
     *
     * @throws ServiceException MalformedPolicyDocument (400) naming what is wrong otherwise
     */
    public void check(String document, PolicyKind kind) {
        try {
            PolicyParser.parse(document, kind, MAX_CHARS);
        } catch (MalformedPolicyException e) {
            // IAM's own words for a document that is not a JSON object; the parser's for the rest
            boolean syntax = e.getMessage().startsWith("the policy document is not valid JSON")
                    || e.getMessage().startsWith("the policy document must be a JSON object");
            throw new ServiceException(
                    "MalformedPolicyDocument", 400, syntax ? "Syntax errors in policy." : e.getMessage());
        }
    }
}
