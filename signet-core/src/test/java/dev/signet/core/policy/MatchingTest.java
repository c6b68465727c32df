package dev.signet.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchingTest {
    @Test
    void aPathologicalWildcardPatternStaysLinearTimesLinear() {
        int[] pattern = PolicyString.compile("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", true, false, false)
                .resolve(context());
        String input = "a".repeat(20_000);
        assertThat(Glob.matches(pattern, input)).isFalse();
        assertThat(Glob.matches(pattern, input + "b")).isTrue();
    }

    @Test
    void cidrNeverResolvesNames() {
        assertThat(Cidr.parse("localhost")).isEmpty();
        assertThat(Cidr.parse("abcd")).isEmpty();
        assertThat(Cidr.parse("[::1]")).isEmpty();
        assertThat(Cidr.parse("fe80::1%eth0")).isEmpty();
        assertThat(Cidr.parse("::1/128")).isPresent();
        assertThat(Cidr.parse("10.0.0.1/0")).isPresent();
    }

    @Test
    void theCacheReturnsOneCompiledPolicyPerDocumentAndStaysBounded() {
        PolicyCache cache = new PolicyCache(2);
        String a = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:a\",\"Resource\":\"*\"}}";
        String b = a.replace("s3:a", "s3:b");
        String c = a.replace("s3:a", "s3:c");
        Policy first = cache.get(a, PolicyKind.IDENTITY, 6144);
        assertThat(cache.get(a, PolicyKind.IDENTITY, 6144)).isSameAs(first);
        cache.get(b, PolicyKind.IDENTITY, 6144);
        cache.get(c, PolicyKind.IDENTITY, 6144);
        assertThat(cache.size()).isLessThanOrEqualTo(2);
    }

    @Test
    void theContextDerivesThePrincipalsGlobalKeys() {
        RequestContext user = RequestContext.builder(
                        CallerPrincipal.user(
                                "arn:aws:iam::111122223333:user/ops/alice", "AIDA1", Map.of("Team", "release")),
                        "s3:GetObject",
                        "*")
                .build();
        assertThat(user.values("aws:username")).containsExactly("alice");
        assertThat(user.values("AWS:PrincipalArn")).containsExactly("arn:aws:iam::111122223333:user/ops/alice");
        assertThat(user.values("aws:PrincipalAccount")).containsExactly("111122223333");
        assertThat(user.values("aws:PrincipalTag/team")).containsExactly("release");
        assertThat(user.values("aws:userid")).containsExactly("AIDA1");
        RequestContext session = RequestContext.builder(
                        CallerPrincipal.roleSession(
                                "arn:aws:sts::111122223333:assumed-role/ci/run",
                                "arn:aws:iam::111122223333:role/build/ci",
                                "AROA1:run",
                                Map.of()),
                        "s3:GetObject",
                        "*")
                .key("aws:PrincipalArn", List.of("explicit"))
                .build();
        assertThat(session.values("aws:username")).isEmpty();
        assertThat(session.values("aws:PrincipalArn")).containsExactly("explicit");
        assertThat(session.values("aws:PrincipalType")).containsExactly("AssumedRole");
    }

    private static RequestContext context() {
        return RequestContext.builder(CallerPrincipal.anonymous(), "s3:GetObject", "*")
                .build();
    }
}
