package dev.signet.bench.policy;

import dev.signet.core.policy.AttachedPolicy;
import dev.signet.core.policy.CallerPrincipal;
import dev.signet.core.policy.PolicyCache;
import dev.signet.core.policy.PolicyKind;
import dev.signet.core.policy.PolicyParser;
import dev.signet.core.policy.PolicySet;
import dev.signet.core.policy.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluation workload: a caller with 20 identity-based policies of 10 statements each
 * (action lists with wildcards, resource ARNs with wildcards and policy variables, String, Ip,
 * Date, Bool and set-operator conditions, a few Deny statements), a permissions boundary and a
 * resource-based policy of 5 statements, compiled once through a {@link PolicyCache} as the server
 * will. The requests are the expensive ones: the only allowing statement is the last one of the
 * last policy, or nothing allows (an implicit deny evaluates every statement).
 */
public final class PolicyWorkload {
    public static final int POLICIES = 20;
    public static final int STATEMENTS = 10;
    static final String ACCOUNT = "111122223333";
    static final String PROFILE = "arn:aws:signer:us-east-1:" + ACCOUNT + ":/signing-profiles/rel";

    public final PolicySet policies;
    public final RequestContext allowedLast;
    public final RequestContext implicitDeny;

    public PolicyWorkload() {
        PolicyCache cache = new PolicyCache(1000);
        List<AttachedPolicy> identity = new ArrayList<>();
        for (int p = 0; p < POLICIES; p++) {
            identity.add(new AttachedPolicy(
                    "arn:aws:iam::" + ACCOUNT + ":policy/p" + p,
                    cache.get(identityPolicy(p), PolicyKind.IDENTITY, PolicyParser.MANAGED_POLICY_MAX)));
        }
        String boundary = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["signer:*", "s3:*", "lambda:*CodeSigningConfig*"], "Resource": "*"},
                  {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}""";
        String resource = """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "ShareA", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": ["signer:StartSigningJob", "signer:SignPayload"]},
                  {"Sid": "ShareB", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::777788889999:role/ci"}, "Action": "signer:GetSigningProfile"},
                  {"Sid": "Svc", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "signer:GetSigningProfile"},
                  {"Sid": "NoRevokeB", "Effect": "Deny", "Principal": {"AWS": "777788889999"}, "Action": "signer:RevokeSignature"},
                  {"Sid": "Tls", "Effect": "Deny", "Principal": "*", "Action": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}""";
        policies = new PolicySet(
                identity,
                Optional.of(new AttachedPolicy("resource", cache.get(resource, PolicyKind.RESOURCE, 20480))),
                Optional.of(new AttachedPolicy(
                        "boundary", cache.get(boundary, PolicyKind.IDENTITY, PolicyParser.MANAGED_POLICY_MAX))));
        CallerPrincipal alice = CallerPrincipal.user(
                "arn:aws:iam::" + ACCOUNT + ":user/dev/alice",
                "AIDAEXAMPLE",
                Map.of("team", "release", "cost-center", "42"));
        allowedLast = request(alice, "signer:SignPayload", PROFILE + "-" + (POLICIES - 1) + "-" + (STATEMENTS - 1));
        implicitDeny = request(
                alice, "signer:SignPayload", "arn:aws:signer:us-east-1:" + ACCOUNT + ":/signing-profiles/nothing");
    }

    private static RequestContext request(CallerPrincipal caller, String action, String resource) {
        return RequestContext.builder(caller, action, resource)
                .resourceAccount(ACCOUNT)
                .key("aws:SourceIp", "10.1.2.3")
                .key("aws:SecureTransport", "true")
                .key("aws:CurrentTime", "2026-12-07T10:00:00Z")
                .key("aws:EpochTime", "1796637600")
                .key("aws:RequestedRegion", "us-east-1")
                .key("aws:ResourceTag/team", "release")
                .key("aws:TagKeys", List.of("team", "cost-center"))
                .build();
    }

    /** Policy p: 10 statements; only the last statement of the last policy allows the measured request. */
    static String identityPolicy(int p) {
        StringBuilder out = new StringBuilder("{\"Version\": \"2012-10-17\", \"Statement\": [");
        for (int s = 0; s < STATEMENTS; s++) {
            if (s > 0) {
                out.append(',');
            }
            boolean last = p == POLICIES - 1 && s == STATEMENTS - 1;
            String resource = last ? PROFILE + "-" + p + "-" + s : PROFILE + "-" + p + "-" + s + "-${aws:username}-*";
            String effect = s % 5 == 4 && !last ? "Deny" : "Allow";
            String actions = effect.equals("Deny")
                    ? "[\"signer:Revoke*\", \"iam:*\"]"
                    : "[\"signer:SignPayload\", \"signer:StartSigningJob\", \"signer:Get*\", \"s3:GetObject*\"]";
            out.append("{\"Sid\": \"P")
                    .append(p)
                    .append('S')
                    .append(s)
                    .append("\", \"Effect\": \"")
                    .append(effect)
                    .append("\", \"Action\": ")
                    .append(actions)
                    .append(", \"Resource\": [\"")
                    .append(resource)
                    .append("\", \"arn:aws:s3:::b-")
                    .append(p)
                    .append("/${aws:username}/*\"]")
                    .append(", \"Condition\": {")
                    .append("\"StringEquals\": {\"aws:PrincipalTag/team\": \"release\"},")
                    .append("\"IpAddress\": {\"aws:SourceIp\": [\"10.0.0.0/8\", \"192.0.2.0/24\"]},")
                    .append("\"DateLessThan\": {\"aws:CurrentTime\": \"2030-01-01T00:00:00Z\"},")
                    .append("\"Bool\": {\"aws:SecureTransport\": \"true\"},")
                    .append("\"StringLike\": {\"aws:ResourceTag/team\": \"${aws:PrincipalTag/team}*\"},")
                    .append("\"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"team\", \"cost-center\"]}")
                    .append("}}");
        }
        return out.append("]}").toString();
    }
}
