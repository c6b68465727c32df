package dev.signet.cli.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a YAML configuration file into setting paths and their raw text: nested mappings name the
 * path ({@code database: {url: ...}} is {@code database.url}; a dotted key {@code database.url: ...}
 * is the same). Refuses, naming the key: a key that is no setting, a mapping or list where a value
 * belongs, a value where a section belongs, an empty value, a key given twice; and a file that is
 * not YAML, not a mapping, or larger than 1 MiB.
 */
final class YamlSettings {
    private static final long MAX_BYTES = 1 << 20;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlSettings() {}

    static Map<String, String> read(Path file) {
        JsonNode root;
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("config: no such file " + file);
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("config: " + file + " is larger than 1 MiB");
            }
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new ConfigException("config: " + file + " is not valid YAML" + at(e.getLocation()) + ": "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException("config: cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw new ConfigException("config: " + file + " must be a mapping of settings (key: value)");
        }
        flatten("", root, file, values);
        return values;
    }

    private static void flatten(String prefix, JsonNode node, Path file, Map<String, String> values) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix + field.getKey();
            JsonNode value = field.getValue();
            Setting setting = Settings.ALL.get(path);
            boolean section = Settings.ALL.keySet().stream().anyMatch(p -> p.startsWith(path + "."));
            if (setting == null && !section) {
                throw new ConfigException(path + ": unknown setting in " + file);
            }
            if (value.isObject()) {
                if (setting != null) {
                    throw new ConfigException(path + ": must be a value ("
                            + setting.check().shape() + "), not a mapping (file " + file + ")");
                }
                flatten(path + ".", value, file, values);
            } else if (setting == null) {
                throw new ConfigException(path + ": is a section (its keys are "
                        + String.join(
                                ", ",
                                Settings.ALL.keySet().stream()
                                        .filter(p -> p.startsWith(path + "."))
                                        .toList())
                        + "), not a value (file " + file + ")");
            } else if (value.isArray()) {
                throw new ConfigException(
                        path + ": must be a value (" + setting.check().shape() + "), not a list (file " + file + ")");
            } else if (value.isNull() || value.asText().isEmpty()) {
                throw new ConfigException(path + ": has no value (file " + file + "); remove the key for the default");
            } else if (!value.isValueNode() || value.isBinary()) {
                throw new ConfigException(path + ": must be " + setting.check().shape() + " (file " + file + ")");
            } else if (values.put(path, value.asText()) != null) {
                throw new ConfigException(path + ": given twice in " + file);
            }
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
