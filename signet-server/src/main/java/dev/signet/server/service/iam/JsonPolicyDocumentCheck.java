package dev.signet.server.service.iam;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.service.ServiceException;

/**
 * The interim {@link PolicyDocumentCheck}: the document must be one JSON object (no trailing
 * content, no duplicate members). It says nothing about statements, actions or conditions.
 */
public final class JsonPolicyDocumentCheck implements PolicyDocumentCheck {
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public void check(String document) {
        JsonNode tree;
        try {
            tree = mapper.readTree(document);
        } catch (JsonProcessingException e) {
            throw malformed("Syntax errors in policy.");
        }
        if (tree == null || !tree.isObject()) {
            throw malformed("Syntax errors in policy.");
        }
    }

    static ServiceException malformed(String message) {
        return new ServiceException("MalformedPolicyDocument", 400, message);
    }
}
