package dev.signet.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PolicyEvaluator#explain}: the same decision as {@code evaluate} on every case of the
 * table, each policy type's own result, the condition keys an applicable statement lacks, and the
 * statements' positions in their documents.
 */
class ExplainTest {
    static final String ACCOUNT = "111122223333";
    static final CallerPrincipal ALICE =
            CallerPrincipal.user("arn:aws:iam::" + ACCOUNT + ":user/alice", "AIDAALICE", Map.of());

    static List<PolicyCases.Case> cases() {
        return PolicyCases.load();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesExactlyAsEvaluate(PolicyCases.Case c) {
        RequestContext context = PolicyCases.context(c.request());
        assertThat(PolicyEvaluator.explain(c.policies(), context).decision())
                .isEqualTo(PolicyEvaluator.evaluate(c.policies(), context));
    }

    static Policy identity(String document) {
        return PolicyParser.parse(document, PolicyKind.IDENTITY, 10_000);
    }

    @Test
    void reportsKeysOfApplicableStatementsThatTheContextLacks() {
        Policy policy = identity("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                   "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "Bool": {"aws:SecureTransport": "true"},
                                 "Null": {"aws:TokenIssueTime": "true"}}},
                  {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
                   "Condition": {"StringEquals": {"s3:prefix": "x"}}},
                  {"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                   "Condition": {"StringLike": {"aws:SOURCEIP": "192.*"}}}]}""");
        RequestContext context = RequestContext.builder(ALICE, "s3:GetObject", "arn:aws:s3:::b/k")
                .key("aws:SecureTransport", "true")
                .build();
        Explanation explanation =
                PolicyEvaluator.explain(PolicySet.identityOnly(List.of(new AttachedPolicy("p", policy))), context);
        assertThat(explanation.decision().outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        // s3:prefix belongs to a statement of another action; Null tests absence; one spelling per key
        assertThat(explanation.missingContextKeys()).containsExactly("aws:SourceIp");
        assertThat(explanation.byType())
                .containsExactly(Map.entry(PolicyType.IDENTITY, Decision.Outcome.IMPLICIT_DENY));
    }

    @Test
    void reportsEachPolicyTypesOwnResult() {
        Policy allow = identity("""
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "signer:*", "Resource": "*"}}""");
        Policy boundary = identity("""
                {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "signer:Revoke*", "Resource": "*"}}""");
        Policy resource = PolicyParser.parse("""
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "444455556666"},
                 "Action": "signer:RevokeSignature"}}""", PolicyKind.RESOURCE, 10_000);
        PolicySet set = new PolicySet(
                List.of(new AttachedPolicy("p", allow)),
                Optional.of(new AttachedPolicy("r", resource)),
                Optional.of(new AttachedPolicy("b", boundary)));
        RequestContext context = RequestContext.builder(
                        ALICE, "signer:RevokeSignature", "arn:aws:signer:us-east-1:" + ACCOUNT + ":/signing-profiles/p")
                .resourceAccount(ACCOUNT)
                .build();
        Explanation explanation = PolicyEvaluator.explain(set, context);
        assertThat(explanation.decision().outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(explanation.byType())
                .containsEntry(PolicyType.IDENTITY, Decision.Outcome.ALLOWED)
                .containsEntry(PolicyType.RESOURCE, Decision.Outcome.IMPLICIT_DENY)
                .containsEntry(PolicyType.PERMISSIONS_BOUNDARY, Decision.Outcome.EXPLICIT_DENY);
    }

    @Test
    void knowsWhereEachStatementIs() {
        Policy policy = identity("{\"Version\": \"2012-10-17\",\n  \"Statement\": [\n"
                + "    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n"
                + "    {\"Effect\": \"Deny\",\n     \"Action\": \"iam:*\", \"Resource\": \"*\"}]}");
        assertThat(policy.span(0)).contains(new StatementSpan(3, 5, 3, 58));
        assertThat(policy.span(1)).contains(new StatementSpan(4, 5, 5, 40));
        assertThat(policy.span(2)).isEmpty();
        Policy single = identity(
                "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}, \"Version\": \"2012-10-17\"}");
        assertThat(single.span(0)).contains(new StatementSpan(1, 15, 1, 68));
    }
}
