package dev.signet.core.format.notation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.format.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * The Notary Project signature payload ({@code application/vnd.cncf.notary.payload.v1+json}):
 * {@code {"targetArtifact": <OCI descriptor>}}. Parsing is strict: a JSON object of at most 64 KiB
 * with exactly the member {@code targetArtifact}, itself an object with a string {@code
 * mediaType}, a string {@code digest} (see {@link OciDescriptor}), an integer {@code size >= 0} and
 * optionally {@code annotations} (an object of strings) and the other OCI descriptor members
 * {@code urls}, {@code artifactType}; duplicate keys and unknown members are refused.
 *
 * @param target the signed artifact's descriptor
 */
public record NotaryPayload(OciDescriptor target) {
    public static final String MEDIA_TYPE = "application/vnd.cncf.notary.payload.v1+json";
    private static final int MAX = 64 * 1024;
    private static final Set<String> DESCRIPTOR_MEMBERS =
            Set.of("mediaType", "digest", "size", "annotations", "urls", "artifactType");
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public NotaryPayload {
        Objects.requireNonNull(target, "target");
    }

    /** The canonical payload for a descriptor, as {@code signet sign --image} sends it. */
    public byte[] toJson() {
        ObjectNode descriptor = JSON.createObjectNode()
                .put("mediaType", target.mediaType())
                .put("digest", target.digest())
                .put("size", target.size());
        ObjectNode root = JSON.createObjectNode();
        root.set("targetArtifact", descriptor);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses and validates a payload; the message of the exception says what is wrong. */
    public static NotaryPayload parse(byte[] json) throws FormatException {
        if (json == null || json.length == 0 || json.length > MAX) {
            throw new FormatException("a Notary payload is 1 to " + MAX + " bytes of JSON");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new FormatException("the Notary payload is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new FormatException("the Notary payload is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new FormatException("the Notary payload must be a JSON object");
        }
        if (root.size() != 1 || !root.has("targetArtifact")) {
            throw new FormatException("the Notary payload must have exactly the member targetArtifact");
        }
        JsonNode d = root.get("targetArtifact");
        if (!d.isObject()) {
            throw new FormatException("targetArtifact must be an OCI descriptor object");
        }
        for (Iterator<String> names = d.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!DESCRIPTOR_MEMBERS.contains(name)) {
                throw new FormatException("targetArtifact has an unknown member " + OciDescriptor.shorten(name));
            }
        }
        JsonNode mediaType = d.get("mediaType");
        JsonNode digest = d.get("digest");
        JsonNode size = d.get("size");
        if (mediaType == null || !mediaType.isTextual()) {
            throw new FormatException("targetArtifact.mediaType must be a string");
        }
        if (digest == null || !digest.isTextual()) {
            throw new FormatException("targetArtifact.digest must be a string");
        }
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong()) {
            throw new FormatException("targetArtifact.size must be an integer");
        }
        JsonNode annotations = d.get("annotations");
        if (annotations != null) {
            if (!annotations.isObject()) {
                throw new FormatException("targetArtifact.annotations must be an object");
            }
            for (JsonNode value : annotations) {
                if (!value.isTextual()) {
                    throw new FormatException("targetArtifact.annotations values must be strings");
                }
            }
        }
        try {
            return new NotaryPayload(new OciDescriptor(mediaType.textValue(), digest.textValue(), size.longValue()));
        } catch (IllegalArgumentException e) {
            throw new FormatException("targetArtifact: " + e.getMessage());
        }
    }
}
