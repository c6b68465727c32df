package dev.signet.server.store.signer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.service.profile.SigningOverrides;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** JSON text columns: string maps and signing overrides, written in a stable key order. */
final class JsonColumns {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private JsonColumns() {}

    static String map(Map<String, String> map) {
        return write(new TreeMap<>(map));
    }

    static Map<String, String> map(String json) {
        try {
            return MAPPER.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON map is corrupt", e);
        }
    }

    static String list(List<String> list) {
        return write(list);
    }

    static List<String> list(String json) {
        try {
            return MAPPER.readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON list is corrupt", e);
        }
    }

    static String overrides(SigningOverrides overrides) {
        Map<String, String> map = new LinkedHashMap<>();
        overrides.encryptionAlgorithm().ifPresent(v -> map.put("encryptionAlgorithm", v));
        overrides.hashAlgorithm().ifPresent(v -> map.put("hashAlgorithm", v));
        overrides.signingImageFormat().ifPresent(v -> map.put("signingImageFormat", v));
        return write(map);
    }

    static SigningOverrides overrides(String json) {
        Map<String, String> map = map(json);
        return new SigningOverrides(
                Optional.ofNullable(map.get("encryptionAlgorithm")),
                Optional.ofNullable(map.get("hashAlgorithm")),
                Optional.ofNullable(map.get("signingImageFormat")));
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON column", e);
        }
    }
}
