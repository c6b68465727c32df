package dev.signet.cli.client;

import dev.signet.cli.CliException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed AWS credentials file ({@code [profile]} sections of {@code key = value} lines, {@code #}
 * and {@code ;} comments). Refuses a line that is neither, and a property outside any section,
 * naming the line number but never echoing the line, which may hold a secret.
 */
public final class CredentialsFile {
    private final Map<String, Map<String, String>> profiles;

    private CredentialsFile(Map<String, Map<String, String>> profiles) {
        this.profiles = profiles;
    }

    /**
     * @param source names the file in error messages
     * @throws CliException (usage) when a line is malformed
     */
    public static CredentialsFile parse(String content, String source) {
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        Map<String, String> current = null;
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw malformed(source, i, "expected [profile-name]");
                }
                String name = line.substring(1, line.length() - 1).strip();
                if (name.isEmpty()) {
                    throw malformed(source, i, "empty profile name");
                }
                current = profiles.computeIfAbsent(name, n -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw malformed(source, i, "expected key = value");
            }
            if (current == null) {
                throw malformed(source, i, "a property before any [profile] section");
            }
            current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return new CredentialsFile(profiles);
    }

    private static CliException malformed(String source, int index, String what) {
        return CliException.usage("malformed credentials file " + source + " line " + (index + 1) + ": " + what);
    }

    /** A property of a profile, if present and not blank. */
    public Optional<String> get(String profile, String key) {
        return Optional.ofNullable(profiles.get(profile)).map(p -> p.get(key)).filter(v -> !v.isEmpty());
    }

    public boolean hasProfile(String profile) {
        return profiles.containsKey(profile);
    }
}
