package dev.signet.core.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing platforms, loaded from data ({@code platforms.json} on the class path, next to this
 * class). Immutable; refuses data with a missing field or a duplicate platform id.
 */
public final class PlatformRegistry {
    private static final String RESOURCE = "platforms.json";
    private static volatile PlatformRegistry builtIn;

    private final Map<String, SigningPlatform> platforms;

    private PlatformRegistry(List<SigningPlatform> platforms) {
        Map<String, SigningPlatform> byId = new LinkedHashMap<>();
        for (SigningPlatform p : platforms) {
            if (byId.put(p.platformId(), p) != null) {
                throw new IllegalStateException("duplicate platform " + p.platformId());
            }
        }
        this.platforms = byId;
    }

    public static PlatformRegistry builtIn() {
        PlatformRegistry registry = builtIn;
        if (registry == null) {
            try (InputStream in = PlatformRegistry.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the class path");
                }
                registry = parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            builtIn = registry;
        }
        return registry;
    }

    /** Parses a platforms document ({@code {"platforms": [...]}}). */
    static PlatformRegistry parse(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<SigningPlatform> out = new ArrayList<>();
        for (JsonNode n : required(root, "platforms")) {
            JsonNode config = required(n, "signingConfiguration");
            JsonNode enc = required(config, "encryptionAlgorithmOptions");
            JsonNode hash = required(config, "hashAlgorithmOptions");
            JsonNode image = required(n, "signingImageFormat");
            out.add(new SigningPlatform(
                    text(n, "platformId"),
                    text(n, "displayName"),
                    text(n, "partner"),
                    text(n, "target"),
                    text(n, "category"),
                    texts(enc, "allowedValues"),
                    text(enc, "defaultValue"),
                    texts(hash, "allowedValues"),
                    text(hash, "defaultValue"),
                    texts(image, "supportedFormats"),
                    text(image, "defaultFormat"),
                    required(n, "maxSizeInMB").asInt(),
                    required(n, "revocationSupported").asBoolean(),
                    KeyAlgorithm.valueOf(text(n, "keyAlgorithm")),
                    HashAlgorithm.valueOf(text(n, "hashAlgorithm")),
                    text(n, "formatId")));
        }
        return new PlatformRegistry(out);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("platform data lacks " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static List<String> texts(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        required(node, field).forEach(v -> out.add(v.asText()));
        return out;
    }

    /** Every platform, in the order of the data file. */
    public List<SigningPlatform> all() {
        return List.copyOf(platforms.values());
    }

    public Optional<SigningPlatform> find(String platformId) {
        return Optional.ofNullable(platforms.get(Objects.requireNonNull(platformId, "platformId")));
    }
}
