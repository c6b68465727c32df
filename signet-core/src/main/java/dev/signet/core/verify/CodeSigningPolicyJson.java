package dev.signet.core.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reads {@link CodeSigningPolicy} from Lambda's JSON shapes; every refusal names the problem. */
final class CodeSigningPolicyJson {
    static final int MAX_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(32).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CodeSigningPolicyJson() {}

    static CodeSigningPolicy parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        if (json.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "the code signing policy is " + json.length + " bytes; at most " + MAX_BYTES + " are read");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "the code signing policy is not valid JSON: " + excerpt(e.getOriginalMessage(), 200));
        } catch (IOException e) {
            throw new IllegalArgumentException("the code signing policy could not be read", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the code signing policy must be a JSON object");
        }
        JsonNode config = root;
        if (root.has("CodeSigningConfig")) {
            if (root.has("AllowedPublishers") || root.has("CodeSigningPolicies")) {
                throw new IllegalArgumentException(
                        "the code signing policy has both CodeSigningConfig and top-level AllowedPublishers or CodeSigningPolicies");
            }
            config = root.get("CodeSigningConfig");
            if (!config.isObject()) {
                throw new IllegalArgumentException("CodeSigningConfig must be an object");
            }
        }
        return new CodeSigningPolicy(publishers(config), action(config));
    }

    private static List<String> publishers(JsonNode config) {
        JsonNode allowed = config.get("AllowedPublishers");
        if (allowed == null || !allowed.isObject()) {
            throw new IllegalArgumentException("the code signing policy needs an AllowedPublishers object");
        }
        JsonNode arns = allowed.get("SigningProfileVersionArns");
        if (arns == null || !arns.isArray()) {
            throw new IllegalArgumentException("AllowedPublishers needs a SigningProfileVersionArns array");
        }
        if (arns.isEmpty() || arns.size() > CodeSigningPolicy.MAX_PUBLISHERS) {
            throw new IllegalArgumentException("SigningProfileVersionArns must list 1 to "
                    + CodeSigningPolicy.MAX_PUBLISHERS + " ARNs, got " + arns.size());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode arn : arns) {
            if (!arn.isTextual()) {
                throw new IllegalArgumentException(
                        "SigningProfileVersionArns must hold strings, got " + arn.getNodeType());
            }
            out.add(arn.textValue());
        }
        return out;
    }

    private static UntrustedArtifactAction action(JsonNode config) {
        JsonNode policies = config.get("CodeSigningPolicies");
        if (policies == null || policies.isNull()) {
            return UntrustedArtifactAction.WARN;
        }
        if (!policies.isObject()) {
            throw new IllegalArgumentException("CodeSigningPolicies must be an object");
        }
        JsonNode action = policies.get("UntrustedArtifactOnDeployment");
        if (action == null || action.isNull()) {
            return UntrustedArtifactAction.WARN;
        }
        if (!action.isTextual()) {
            throw new IllegalArgumentException("UntrustedArtifactOnDeployment must be \"Warn\" or \"Enforce\"");
        }
        return UntrustedArtifactAction.fromAwsName(action.textValue())
                .orElseThrow(() -> new IllegalArgumentException(
                        "UntrustedArtifactOnDeployment must be \"Warn\" or \"Enforce\", got \""
                                + excerpt(action.textValue()) + "\""));
    }

    /** A value from the input, bounded and on one line, for an error message. */
    static String excerpt(String value) {
        return excerpt(value, 80);
    }

    private static String excerpt(String value, int max) {
        String clean = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return clean.length() > max ? clean.substring(0, max) + "..." : clean;
    }
}
