package dev.signet.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyParserTest {
    static final String VALID = """
            {"Version": "2012-10-17", "Id": "p1", "Statement": [
              {"Sid": "Read", "Effect": "Allow", "Action": ["s3:Get*", "signer:*"], "Resource": "arn:aws:s3:::b/${aws:username}/*",
               "Condition": {"StringEquals": {"aws:PrincipalTag/team": "release"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
              {"Effect": "Deny", "NotAction": "s3:*", "NotResource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}
            ]}""";

    record Refusal(String name, PolicyKind kind, String document, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Refusal> refusals() throws IOException {
        JsonNode root;
        try (InputStream in = PolicyParserTest.class.getClassLoader().getResourceAsStream("policy/malformed.json")) {
            root = PolicyCases.JSON.readTree(in);
        }
        List<Refusal> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String document =
                    c.has("raw") ? c.get("raw").asText() : c.get("document").toString();
            out.add(new Refusal(
                    c.get("name").asText(),
                    PolicyKind.valueOf(c.path("kind").asText("IDENTITY")),
                    document,
                    c.get("message").asText()));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithAMessageNamingTheProblem(Refusal refusal) {
        assertThatThrownBy(() -> PolicyParser.parse(refusal.document(), refusal.kind(), PolicyParser.ROLE_INLINE_MAX))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining(refusal.message());
    }

    @Test
    void readsEveryElement() {
        Policy policy = PolicyParser.parse(VALID, PolicyKind.IDENTITY, PolicyParser.MANAGED_POLICY_MAX);
        assertThat(policy.version()).isEqualTo(Policy.VERSION_2012);
        assertThat(policy.id()).contains("p1");
        assertThat(policy.statementCount()).isEqualTo(2);
        assertThat(policy.statements().get(0).sid()).contains("Read");
        assertThat(policy.statements().get(0).conditions()).hasSize(2);
        assertThat(policy.statements().get(1).notAction()).isTrue();
        assertThat(policy.statements().get(1).notResource()).isTrue();
    }

    @Test
    void aSingleStatementObjectIsAList() {
        Policy policy = PolicyParser.parse(
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}", PolicyKind.IDENTITY, 100);
        assertThat(policy.statementCount()).isEqualTo(1);
        assertThat(policy.version()).isEqualTo(Policy.VERSION_2008);
    }

    @Test
    void countsCharactersWithoutWhiteSpaceAgainstTheLimit() {
        String compact = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";
        int size = compact.length();
        PolicyParser.parse(compact, PolicyKind.IDENTITY, size);
        PolicyParser.parse(compact.replace(",", ",\n    "), PolicyKind.IDENTITY, size);
        assertThatThrownBy(() -> PolicyParser.parse(compact, PolicyKind.IDENTITY, size - 1))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage("the policy document has " + size + " characters (white space not counted); at most "
                        + (size - 1) + " are allowed");
    }

    @Test
    void refusesAUserInlinePolicyOverIamsLimit() {
        StringBuilder actions = new StringBuilder();
        while (actions.length() < PolicyParser.USER_INLINE_MAX) {
            actions.append("\"s3:GetObject\",");
        }
        String document = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[" + actions
                + "\"s3:PutObject\"],\"Resource\":\"*\"}}";
        assertThatThrownBy(() -> PolicyParser.parse(document, PolicyKind.IDENTITY, PolicyParser.USER_INLINE_MAX))
                .hasMessageContaining("at most 2048 are allowed");
        assertThat(PolicyParser.parse(document, PolicyKind.IDENTITY, PolicyParser.ROLE_INLINE_MAX)
                        .statementCount())
                .isEqualTo(1);
    }

    @Test
    void refusesHugeWhiteSpaceBeforeReadingIt() {
        String document =
                "{" + " ".repeat(20_000) + "\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";
        assertThatThrownBy(() -> PolicyParser.parse(document, PolicyKind.IDENTITY, 100))
                .isInstanceOf(MalformedPolicyException.class);
    }

    /** Seeded mutations of a valid policy: each parse either succeeds or refuses; nothing else escapes. */
    @Test
    void mutatedDocumentsOnlyEverParseOrRefuse() {
        Random random = new Random(19);
        String alphabet = "{}[]\":,*?$ aAsS:/-\\0123456789tfnul";
        int refused = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder text = new StringBuilder(VALID);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            for (PolicyKind kind : PolicyKind.values()) {
                try {
                    PolicyParser.parse(text.toString(), kind, PolicyParser.ROLE_INLINE_MAX);
                } catch (MalformedPolicyException expected) {
                    refused++;
                }
            }
        }
        assertThat(refused).isPositive();
    }

    @Test
    void aRefusedPolicyNeverReachesAnEvaluation() {
        PolicyCache cache = new PolicyCache(10);
        String bad =
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEqual\":{\"k\":\"v\"}}}}";
        assertThatThrownBy(() -> cache.get(bad, PolicyKind.IDENTITY, 6144))
                .isInstanceOf(MalformedPolicyException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aPolicyOfTheWrongKindCannotJoinASet() {
        Policy identity = PolicyParser.parse(VALID, PolicyKind.IDENTITY, 6144);
        assertThatThrownBy(() -> new PolicySet(
                        List.of(),
                        java.util.Optional.of(new AttachedPolicy("r", identity)),
                        java.util.Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was parsed as an identity-based policy");
        Policy resource = PolicyParser.parse(
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\"}}",
                PolicyKind.RESOURCE,
                6144);
        assertThatThrownBy(() -> PolicySet.identityOnly(List.of(new AttachedPolicy("i", resource))))
                .hasMessageContaining("was parsed as RESOURCE");
        assertThat(Map.of()).isEmpty();
    }
}
