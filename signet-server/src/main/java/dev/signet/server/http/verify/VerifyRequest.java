package dev.signet.server.http.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.Subject;
import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.server.http.Json;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON of a {@code POST /v1/verify}: the policy (exactly one of a code signing config ARN or an
 * inline policy), the subject (JSON mode only: a digest or a payload; an upload's subject is its
 * {@code artifact} part), a detached signature and a format id. Parsing refuses, with a 400
 * ValidationException naming the member: anything but a JSON object of at most {@link #MAX_JSON}
 * bytes, unknown or duplicate members, both or neither policy, bad base64, an unknown hash
 * algorithm, a digest of the wrong length, an unknown format id and a policy Lambda would refuse.
 *
 * @param codeSigningConfigArn the Lambda code signing config whose policy applies
 * @param policy the inline policy, when no ARN is given
 * @param subject what was signed (JSON mode); empty for an upload
 * @param signature the detached signature; empty for an embedded signature or none
 * @param format the signature's format; detected by content when empty
 */
public record VerifyRequest(
        Optional<String> codeSigningConfigArn,
        Optional<CodeSigningPolicy> policy,
        Optional<Subject> subject,
        byte[] signature,
        Optional<SignatureFormat> format) {
    /** The most bytes a JSON request (or an upload's {@code request} part) may have. */
    public static final int MAX_JSON = 1024 * 1024;

    private static final int MAX_ARN = 256;
    private static final Set<String> MEMBERS =
            Set.of("codeSigningConfigArn", "policy", "subject", "signature", "format");

    public VerifyRequest {
        Objects.requireNonNull(codeSigningConfigArn, "codeSigningConfigArn");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(subject, "subject");
        signature = signature.clone();
        Objects.requireNonNull(format, "format");
        if (codeSigningConfigArn.isPresent() == policy.isPresent()) {
            throw new IllegalArgumentException("exactly one of codeSigningConfigArn and policy");
        }
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Whether to use the JSON mode's {@code subject} or an upload's artifact. */
    public enum Mode {
        JSON,
        UPLOAD
    }

    /** Parses a request body or an upload's {@code request} part. */
    public static VerifyRequest parse(byte[] json, Mode mode) {
        if (json.length > MAX_JSON) {
            throw ServiceException.validation("the verify request JSON is larger than " + MAX_JSON + " bytes");
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw ServiceException.validation(Json.duplicateMember(e)
                    .map(member ->
                            "the verify request has the member '" + Validation.printable(member) + "' more than once")
                    .orElse("the verify request is not valid JSON"));
        } catch (IOException e) {
            throw ServiceException.validation("the verify request is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw ServiceException.validation("the verify request must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw ServiceException.validation(
                        "unknown member '" + Validation.printable(name) + "'; a verify request has "
                                + String.join(", ", MEMBERS.stream().sorted().toList()));
            }
        }
        Optional<String> arn = text(body, "codeSigningConfigArn");
        Optional<CodeSigningPolicy> policy =
                Optional.ofNullable(body.get("policy")).map(VerifyRequest::policy);
        if (arn.isPresent() == policy.isPresent()) {
            throw ServiceException.validation("give exactly one of codeSigningConfigArn and policy");
        }
        arn.ifPresent(VerifyRequest::checkArn);
        Optional<Subject> subject = switch (mode) {
            case JSON ->
                Optional.of(subject(Optional.ofNullable(body.get("subject"))
                        .orElseThrow(() -> ServiceException.validation("subject is required"))));
            case UPLOAD -> {
                if (body.has("subject")) {
                    throw ServiceException.validation("an upload's subject is its artifact part; remove subject");
                }
                yield Optional.empty();
            }
        };
        byte[] signature =
                text(body, "signature").map(s -> base64("signature", s)).orElse(new byte[0]);
        if (body.has("signature") && signature.length == 0) {
            throw ServiceException.validation("signature is empty; omit it for an unsigned or embedded signature");
        }
        Optional<SignatureFormat> format = text(body, "format").map(VerifyRequest::format);
        return new VerifyRequest(arn, policy, subject, signature, format);
    }

    /** The same request with the signature of an upload's {@code signature} part. */
    public VerifyRequest withSignature(byte[] detached) {
        if (signature.length > 0) {
            throw ServiceException.validation("give the signature either in the request or as a part, not both");
        }
        return new VerifyRequest(codeSigningConfigArn, policy, subject, detached, format);
    }

    private static void checkArn(String arn) {
        if (arn.length() > MAX_ARN || !arn.startsWith("arn:") || !arn.contains(":code-signing-config:")) {
            throw ServiceException.validation("codeSigningConfigArn '" + Validation.printable(arn)
                    + "' is not a code signing config ARN (arn:aws:lambda:REGION:ACCOUNT:code-signing-config:csc-...)");
        }
    }

    private static CodeSigningPolicy policy(JsonNode node) {
        if (!node.isObject()) {
            throw ServiceException.validation("policy must be a JSON object in Lambda's shape");
        }
        try {
            return CodeSigningPolicy.parseJson(Json.mapper().writeValueAsBytes(node));
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("policy: " + e.getMessage());
        } catch (IOException e) {
            throw ServiceException.validation("policy is not valid JSON");
        }
    }

    private static Subject subject(JsonNode node) {
        if (!node.isObject() || node.size() != 1 || !(node.has("digest") || node.has("payload"))) {
            throw ServiceException.validation("subject must be {\"digest\":{...}} or {\"payload\":{...}}");
        }
        if (node.has("digest")) {
            JsonNode digest = object(node.get("digest"), "subject.digest", Set.of("algorithm", "value"));
            String name = text(digest, "algorithm").orElseThrow(() -> required("subject.digest.algorithm"));
            HashAlgorithm algorithm = Arrays.stream(HashAlgorithm.values())
                    .filter(a -> a.awsName().equals(name))
                    .findFirst()
                    .orElseThrow(
                            () -> ServiceException.validation("subject.digest.algorithm '" + Validation.printable(name)
                                    + "' is not one of "
                                    + Arrays.stream(HashAlgorithm.values())
                                            .map(HashAlgorithm::awsName)
                                            .collect(Collectors.joining(", "))));
            byte[] value = base64(
                    "subject.digest.value", text(digest, "value").orElseThrow(() -> required("subject.digest.value")));
            if (value.length != algorithm.length()) {
                throw ServiceException.validation("subject.digest.value: a " + name + " digest is " + algorithm.length()
                        + " bytes, got " + value.length);
            }
            return new Subject.Digest(algorithm, value);
        }
        JsonNode payload = object(node.get("payload"), "subject.payload", Set.of("mediaType", "value"));
        String mediaType = text(payload, "mediaType").orElseThrow(() -> required("subject.payload.mediaType"));
        byte[] value = base64(
                "subject.payload.value", text(payload, "value").orElseThrow(() -> required("subject.payload.value")));
        try {
            return new Subject.Payload(mediaType, value);
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("subject.payload: " + e.getMessage());
        }
    }

    private static SignatureFormat format(String id) {
        return SignatureFormats.all().stream()
                .filter(f -> f.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ServiceException.validation("format '" + Validation.printable(id)
                        + "' is not one of "
                        + SignatureFormats.all().stream()
                                .map(SignatureFormat::id)
                                .sorted()
                                .collect(Collectors.joining(", "))));
    }

    private static JsonNode object(JsonNode node, String where, Set<String> members) {
        if (!node.isObject()) {
            throw ServiceException.validation(where + " must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!members.contains(name)) {
                throw ServiceException.validation(
                        where + " has an unknown member '" + Validation.printable(name) + "'");
            }
        }
        return node;
    }

    private static byte[] base64(String member, String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation(member + " is not valid base64");
        }
    }

    private static Optional<String> text(JsonNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ServiceException.validation(member + " must be a string");
        }
        return Optional.of(value.asText());
    }

    private static ServiceException required(String member) {
        return ServiceException.validation(member + " is required");
    }
}
