package dev.signet.core.sigv4;

import dev.signet.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An AWS shared credentials file, read as the AWS CLI reads one (botocore over Python's {@code
 * configparser}, strict): {@code [profile]} sections (the name exactly as written between the
 * brackets), {@code name = value} or {@code name: value} lines (split at the first {@code =} or
 * {@code :}; name and value trimmed; names case-insensitive), full-line {@code #} and {@code ;}
 * comments (no inline comments: a {@code #} after a value is part of it), blank lines, continuation
 * lines indented deeper than their option (joined with new lines), and a {@code [DEFAULT]} section
 * whose values every profile inherits. Refuses what the AWS CLI refuses: a property before any
 * section, a line that is none of these, the same section or the same name in one section twice;
 * the error names the file and the line number but never echoes the line, which may hold a secret.
 *
 * <p>Writes one profile owner-only (0600) and atomically ({@link AtomicFiles}): the bootstrap admin
 * key that {@code signet server} keeps for the CLI in {@code DATA/credentials}, profile {@code
 * signet}. Immutable once read.
 */
public final class CredentialsFile {
    /** The bootstrap admin key's file in the data directory. */
    public static final String BOOTSTRAP_FILE = "credentials";
    /** The bootstrap admin key's profile. */
    public static final String BOOTSTRAP_PROFILE = "signet";

    private static final String DEFAULT_SECTION = "DEFAULT";
    private static final String CREDENTIALS_KIND = "credentials file";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]+");

    private final Map<String, Map<String, String>> profiles;
    private final Map<String, String> defaults;

    /** A file that does not parse; the message names the file and line, never the line's text. */
    public static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    private CredentialsFile(Map<String, Map<String, String>> profiles, Map<String, String> defaults) {
        this.profiles = profiles;
        this.defaults = defaults;
    }

    /** Reads {@code file}; empty when it does not exist. */
    public static Optional<CredentialsFile> read(Path file) throws IOException {
        return read(file, CREDENTIALS_KIND);
    }

    /**
     * Reads {@code file}, a file of the same syntax such as the AWS CLI's config file; empty when it
     * does not exist.
     *
     * @param kind what the file is, for error messages ({@code "AWS config file"})
     */
    public static Optional<CredentialsFile> read(Path file, String kind) throws IOException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(new Parser(kind + " " + file).parse(content));
    }

    /**
     * @param source names the file in error messages
     * @throws MalformedException when the AWS CLI would refuse the file
     */
    public static CredentialsFile parse(String content, String source) throws MalformedException {
        return new Parser(CREDENTIALS_KIND + " " + source).parse(content);
    }

    /** A property of a profile (its own, else {@code [DEFAULT]}'s), if present and not blank. */
    public Optional<String> get(String profile, String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Map<String, String> section = profiles.get(profile);
        if (section == null) {
            return Optional.empty();
        }
        String value = section.containsKey(key) ? section.get(key) : defaults.get(key);
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    /** Whether the file has a {@code [profile]} section ({@code [DEFAULT]} is not a profile). */
    public boolean hasProfile(String profile) {
        return profiles.containsKey(profile);
    }

    /** The profile's {@code aws_access_key_id} and {@code aws_secret_access_key}, when it has both. */
    public Optional<AccessKey> accessKey(String profile) {
        Optional<String> id = get(profile, "aws_access_key_id");
        Optional<String> secret = get(profile, "aws_secret_access_key");
        return id.isPresent() && secret.isPresent()
                ? Optional.of(new AccessKey(id.get(), secret.get()))
                : Optional.empty();
    }

    /**
     * Replaces {@code file} with one {@code [profile]} holding {@code key} and the signing {@code
     * region}, owner-only and atomically.
     *
     * @throws IllegalArgumentException for a profile or value that would not read back as given
     */
    public static void writeAccessKey(Path file, String profile, AccessKey key, String region) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("aws_access_key_id", key.id());
        properties.put("aws_secret_access_key", key.secret());
        properties.put("region", region);
        write(file, profile, properties);
    }

    /**
     * Adds {@code [profile]} holding {@code key} and the signing {@code region} to {@code file}
     * (created when absent), keeping its other profiles; owner-only and atomically. A profile of
     * that name already in the file is never replaced: nothing is written and the answer is false.
     *
     * @throws MalformedException when the existing file would not read back (nothing is written)
     * @throws IllegalArgumentException for a profile or value that would not read back as given
     */
    public static boolean addAccessKey(Path file, String profile, AccessKey key, String region) throws IOException {
        String existing;
        try {
            existing = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            existing = "";
        }
        if (parse(existing, file.toString()).hasProfile(profile)) {
            return false;
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("aws_access_key_id", key.id());
        properties.put("aws_secret_access_key", key.secret());
        properties.put("region", region);
        String separator = existing.isEmpty() ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
        AtomicFiles.write(
                file,
                (existing + separator + section(profile, properties)).getBytes(StandardCharsets.UTF_8),
                AtomicFiles.Mode.OWNER_ONLY);
        return true;
    }

    /** {@code [profile]} and {@code properties} in their order, replacing {@code file}. */
    static void write(Path file, String profile, Map<String, String> properties) throws IOException {
        AtomicFiles.write(
                file, section(profile, properties).getBytes(StandardCharsets.UTF_8), AtomicFiles.Mode.OWNER_ONLY);
    }

    /** {@code [profile]} and {@code properties} as text, refusing what would not read back as given. */
    private static String section(String profile, Map<String, String> properties) {
        if (profile.isEmpty()
                || profile.equals(DEFAULT_SECTION)
                || !profile.strip().equals(profile)
                || profile.indexOf('\n') >= 0
                || profile.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("not a profile name that reads back: '" + profile + "'");
        }
        StringBuilder text = new StringBuilder("[").append(profile).append("]\n");
        properties.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a property name that reads back: '" + name + "'");
            }
            if (value.indexOf('\n') >= 0
                    || value.indexOf('\r') >= 0
                    || !value.strip().equals(value)) {
                throw new IllegalArgumentException("the value of " + name + " would not read back as given");
            }
            text.append(name).append(" = ").append(value).append('\n');
        });
        return text.toString();
    }

    /** Python's {@code configparser._read} with the defaults botocore uses, on one file. */
    private static final class Parser {
        private final String source;
        private final Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        private final Map<String, List<String>> defaults = new LinkedHashMap<>();
        private final Set<String> added = new HashSet<>();

        Parser(String source) {
            this.source = source;
        }

        CredentialsFile parse(String content) throws MalformedException {
            Map<String, List<String>> current = null;
            String sectionName = null;
            String option = null;
            int indentLevel = 0;
            String[] lines = content.split("\r\n|\r|\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                String value = strip(line);
                boolean comment = value.startsWith("#") || value.startsWith(";");
                if (comment || value.isEmpty()) {
                    // a blank line inside a value is kept (and trailing ones dropped when joined)
                    if (!comment && current != null && option != null && current.get(option) != null) {
                        current.get(option).add("");
                    }
                    continue;
                }
                int indent = firstNonSpace(line);
                if (current != null && option != null && indent > indentLevel) {
                    current.get(option).add(value);
                    continue;
                }
                indentLevel = indent;
                Optional<String> header = header(value);
                if (header.isPresent()) {
                    sectionName = header.get();
                    if (sectionName.equals(DEFAULT_SECTION)) {
                        current = defaults;
                    } else {
                        if (!added.add("[" + sectionName)) {
                            throw malformed(i, "the profile [" + sectionName + "] appears twice");
                        }
                        current = sections.computeIfAbsent(sectionName, n -> new LinkedHashMap<>());
                    }
                    option = null;
                    continue;
                }
                if (current == null) {
                    throw malformed(i, "a property before any [profile] section");
                }
                int delimiter = firstDelimiter(value);
                String name = delimiter < 0 ? "" : stripTrailing(value.substring(0, delimiter));
                if (name.isEmpty()) {
                    throw malformed(i, "expected name = value");
                }
                option = name.toLowerCase(Locale.ROOT);
                if (!added.add(sectionName + "\n" + option)) {
                    throw malformed(i, "'" + option + "' appears twice in [" + sectionName + "]");
                }
                List<String> values = new ArrayList<>();
                values.add(strip(value.substring(delimiter + 1)));
                current.put(option, values);
            }
            Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
            sections.forEach((name, options) -> profiles.put(name, joined(options)));
            return new CredentialsFile(profiles, joined(defaults));
        }

        /** {@code [NAME]} at the start of the (stripped) line, the name as long as it can be; text after it is ignored. */
        private static Optional<String> header(String value) {
            if (!value.startsWith("[")) {
                return Optional.empty();
            }
            int close = value.lastIndexOf(']');
            return close > 1 ? Optional.of(value.substring(1, close)) : Optional.empty();
        }

        private static int firstDelimiter(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '=' || c == ':') {
                    return i;
                }
            }
            return -1;
        }

        private static Map<String, String> joined(Map<String, List<String>> options) {
            Map<String, String> out = new LinkedHashMap<>();
            options.forEach((name, values) -> out.put(name, stripTrailing(String.join("\n", values))));
            return out;
        }

        private MalformedException malformed(int index, String what) {
            return new MalformedException("malformed " + source + " line " + (index + 1) + ": " + what);
        }
    }

    /** Python's {@code str.isspace} for one character: Java's white space and the space separators. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static int firstNonSpace(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String strip(String s) {
        return stripTrailing(s.substring(firstNonSpace(s)));
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
