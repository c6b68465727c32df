package dev.signet.core.policy;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link PolicyParser}, which reads the policy documents users send (PutUserPolicy, CreatePolicy,
 * a role's trust policy, a resource's policy): declares {@link MalformedPolicyException}. A document
 * that parses is also evaluated against a fixed request, which must not throw.
 */
class PolicyParserFuzz {
    private static final RequestContext CONTEXT = RequestContext.builder(
                    CallerPrincipal.user("arn:aws:iam::111122223333:user/alice", "AIDA1", Map.of("team", "release")),
                    "signer:SignPayload",
                    "arn:aws:signer:us-east-1:111122223333:/signing-profiles/release")
            .resourceAccount("111122223333")
            .key("aws:SourceIp", "10.1.2.3")
            .key("aws:CurrentTime", "2026-01-01T00:00:00Z")
            .key("aws:TagKeys", List.of("team", "env"))
            .build();

    @BoundedFuzzTest
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzBounds.parse(() -> {
            for (PolicyKind kind : PolicyKind.values()) {
                try {
                    Policy policy = PolicyParser.parse(text, kind, PolicyParser.ROLE_INLINE_MAX);
                    AttachedPolicy attached = new AttachedPolicy("fuzzed", policy);
                    PolicySet set = kind == PolicyKind.IDENTITY
                            ? new PolicySet(List.of(attached), Optional.empty(), Optional.of(attached))
                            : new PolicySet(List.of(), Optional.of(attached), Optional.empty());
                    PolicyEvaluator.evaluate(set, CONTEXT);
                } catch (MalformedPolicyException declared) {
                    // refused, as documented
                }
            }
        });
    }
}
