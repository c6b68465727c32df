package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodeSigningPolicyTest {
    static final String PROFILE = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/demo";
    static final String VERSION = PROFILE + "/AbCdEf1234";

    static CodeSigningPolicy parse(String json) {
        return CodeSigningPolicy.parseJson(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsCreateCodeSigningConfigShape() {
        CodeSigningPolicy policy = parse("{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + VERSION
                + "\",\"" + PROFILE + "\"]},\"CodeSigningPolicies\":{\"UntrustedArtifactOnDeployment\":\"Enforce\"},"
                + "\"Description\":\"prod\"}");
        assertThat(policy.allowedPublishers()).containsExactly(VERSION, PROFILE);
        assertThat(policy.action()).isEqualTo(UntrustedArtifactAction.ENFORCE);
    }

    @Test
    void readsGetCodeSigningConfigOutput() {
        String output = """
                {
                    "CodeSigningConfig": {
                        "CodeSigningConfigId": "csc-0123456789abcdef0",
                        "CodeSigningConfigArn": "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0",
                        "Description": "",
                        "AllowedPublishers": {"SigningProfileVersionArns": ["%s"]},
                        "CodeSigningPolicies": {"UntrustedArtifactOnDeployment": "Warn"},
                        "LastModified": "2026-11-27T07:00:00.000+0000"
                    }
                }
                """.formatted(VERSION);
        CodeSigningPolicy policy = parse(output);
        assertThat(policy.allowedPublishers()).containsExactly(VERSION);
        assertThat(policy.action()).isEqualTo(UntrustedArtifactAction.WARN);
    }

    @Test
    void withoutAnActionItIsWarnAsInLambda() {
        assertThat(parse("{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + VERSION + "\"]}}")
                        .action())
                .isEqualTo(UntrustedArtifactAction.WARN);
        assertThat(parse("{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + VERSION
                                + "\"]},\"CodeSigningPolicies\":{}}")
                        .action())
                .isEqualTo(UntrustedArtifactAction.WARN);
    }

    @Test
    void acceptsTwentyPublishers() {
        assertThat(parse(withArns(20)).allowedPublishers()).hasSize(20);
    }

    private static String withArns(int n) {
        String arns =
                IntStream.range(0, n).mapToObj(i -> "\"" + PROFILE + i + "\"").collect(Collectors.joining(","));
        return "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[" + arns + "]}}";
    }

    private static String withArn(String arnJson) {
        return "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[" + arnJson + "]}}";
    }

    private static String withAction(String actionJson) {
        return "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + VERSION
                + "\"]},\"CodeSigningPolicies\":{\"UntrustedArtifactOnDeployment\":" + actionJson + "}}";
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", "", "must be a JSON object"),
                Arguments.of("not JSON", "AllowedPublishers: all", "not valid JSON"),
                Arguments.of("truncated", withArn("\"" + VERSION + "\"").substring(0, 40), "not valid JSON"),
                Arguments.of("an array", "[]", "must be a JSON object"),
                Arguments.of("a string", "\"Enforce\"", "must be a JSON object"),
                Arguments.of("trailing data", withArn("\"" + VERSION + "\"") + " {}", "not valid JSON"),
                Arguments.of(
                        "a duplicate member",
                        "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + VERSION
                                + "\"]},\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + PROFILE + "\"]}}",
                        "not valid JSON"),
                Arguments.of("no AllowedPublishers", "{\"CodeSigningPolicies\":{}}", "needs an AllowedPublishers"),
                Arguments.of("AllowedPublishers a list", "{\"AllowedPublishers\":[]}", "needs an AllowedPublishers"),
                Arguments.of("no ARN list", "{\"AllowedPublishers\":{}}", "SigningProfileVersionArns array"),
                Arguments.of(
                        "ARNs a string",
                        "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":\"" + VERSION + "\"}}",
                        "SigningProfileVersionArns array"),
                Arguments.of("no ARNs", withArn(""), "1 to 20"),
                Arguments.of("21 ARNs", withArns(21), "1 to 20"),
                Arguments.of("a number as ARN", withArn("42"), "must hold strings"),
                Arguments.of("null as ARN", withArn("null"), "must hold strings"),
                Arguments.of("not an ARN", withArn("\"demo\""), "must be a signing profile (version) ARN"),
                Arguments.of("an empty ARN", withArn("\"\""), "must be a signing profile (version) ARN"),
                Arguments.of(
                        "an ARN with a newline",
                        withArn("\"arn:aws:signer:us-east-1:123456789012\\n:/signing-profiles/x\""),
                        "must be a signing profile (version) ARN"),
                Arguments.of(
                        "an ARN over 2048 characters",
                        withArn("\"" + PROFILE + "x".repeat(2048) + "\""),
                        "must be a signing profile (version) ARN"),
                Arguments.of("a lower-case action", withAction("\"enforce\""), "must be \"Warn\" or \"Enforce\""),
                Arguments.of("an unknown action", withAction("\"Block\""), "must be \"Warn\" or \"Enforce\""),
                Arguments.of("a boolean action", withAction("true"), "must be \"Warn\" or \"Enforce\""),
                Arguments.of(
                        "policies a string",
                        "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + VERSION
                                + "\"]},\"CodeSigningPolicies\":\"Enforce\"}",
                        "CodeSigningPolicies must be an object"),
                Arguments.of(
                        "both shapes at once",
                        "{\"CodeSigningConfig\":" + withArn("\"" + VERSION + "\"") + ",\"AllowedPublishers\":{}}",
                        "both CodeSigningConfig"),
                Arguments.of("CodeSigningConfig not an object", "{\"CodeSigningConfig\":[]}", "must be an object"),
                Arguments.of("nested too deeply", "[".repeat(100) + "]".repeat(100), "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedPoliciesWithAClearMessage(String what, String json, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .message()
                .doesNotContain("\n");
    }

    @Test
    void refusesOversizedInputBeforeParsing() {
        byte[] big = new byte[CodeSigningPolicyJson.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThatThrownBy(() -> CodeSigningPolicy.parseJson(big))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most");
    }

    @Test
    void theRecordItselfRefusesWhatTheFileWould() {
        assertThatThrownBy(() -> new CodeSigningPolicy(List.of(), UntrustedArtifactAction.WARN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a code signing policy allows 1 to 20 publishers, got 0");
        assertThatThrownBy(() -> new CodeSigningPolicy(List.of("demo"), UntrustedArtifactAction.WARN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an allowed publisher must be a signing profile (version) ARN, got \"demo\"");
        assertThatThrownBy(() -> new CodeSigningPolicy(List.of(VERSION), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("action");
    }
}
