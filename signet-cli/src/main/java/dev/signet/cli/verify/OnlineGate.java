package dev.signet.cli.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.client.ClientSettings;
import dev.signet.cli.client.MultipartBody;
import dev.signet.cli.client.NativeApiClient;
import dev.signet.core.verify.CodeSigningPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code signet verify --csc ARN|policy.json}: uploads the artifact (and its detached signature) to
 * {@code POST /v1/verify} as {@code multipart/form-data}, streaming the file, and reads the
 * server's Decision JSON. A policy file is checked here first (a bad one is a usage error) and sent
 * inline in Lambda's CreateCodeSigningConfig shape; an ARN is sent as {@code codeSigningConfigArn}.
 * Loaded only on this path: the offline commands never touch the SDK or Jackson through it.
 */
final class OnlineGate {
    static final String PATH = "/v1/verify";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnlineGate() {}

    static DecisionReport decide(ClientSettings settings, Path artifact, Optional<byte[]> signature, CscArgument csc) {
        byte[] request = request(csc);
        MultipartBody body = new MultipartBody()
                .part("request", Optional.empty(), "application/json", request)
                .file("artifact", artifact, "application/octet-stream");
        signature.ifPresent(s -> body.part("signature", Optional.of("signature"), "application/octet-stream", s));
        JsonNode response = new NativeApiClient(settings).postMultipart(PATH, body);
        return report(response);
    }

    /** The {@code request} part: the CSC ARN, or the policy file's policy inline. */
    static byte[] request(CscArgument csc) {
        ObjectNode request = JSON.createObjectNode();
        if (csc.arn().isPresent()) {
            request.put("codeSigningConfigArn", csc.arn().get());
        } else {
            request.set("policy", policyJson(csc.policy()));
        }
        try {
            return JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot encode the request", e);
        }
    }

    /** A policy in the shape CreateCodeSigningConfig takes. */
    static ObjectNode policyJson(CodeSigningPolicy policy) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode arns = node.putObject("AllowedPublishers").putArray("SigningProfileVersionArns");
        policy.allowedPublishers().forEach(arns::add);
        node.putObject("CodeSigningPolicies")
                .put("UntrustedArtifactOnDeployment", policy.action().awsName());
        return node;
    }

    @SuppressWarnings("unchecked")
    private static DecisionReport report(JsonNode response) {
        try {
            Map<String, Object> json = JSON.convertValue(response, LinkedHashMap.class);
            return new DecisionReport(json);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server's answer is not a decision: " + e.getMessage(), e);
        }
    }
}
