package dev.signet.server.service.permission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The IAM-style JSON resource policy a profile's statements make up. Its UTF-8 size is what {@code
 * policySizeBytes} reports and what the policy size limit is checked against.
 */
final class PolicyDocument {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyDocument() {}

    /** @param resourceOf the ARN a statement applies to (profile or profile version) */
    static String json(List<ProfilePermission> statements, Function<ProfilePermission, String> resourceOf) {
        ObjectNode policy = MAPPER.createObjectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode array = policy.putArray("Statement");
        for (ProfilePermission p : statements) {
            ObjectNode statement = array.addObject();
            statement.put("Sid", p.statementId());
            statement.put("Effect", "Allow");
            statement.putObject("Principal").put("AWS", p.principal());
            statement.put("Action", p.action());
            statement.put("Resource", resourceOf.apply(p));
        }
        try {
            return MAPPER.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a policy document", e);
        }
    }

    static int size(List<ProfilePermission> statements, Function<ProfilePermission, String> resourceOf) {
        return statements.isEmpty() ? 0 : json(statements, resourceOf).getBytes(StandardCharsets.UTF_8).length;
    }
}
