package dev.signet.server.backup;

import java.util.HashSet;
import java.util.Set;

/**
 * The paths an archive may hold: those of a data directory's files a restore writes, and nothing
 * else. A path is relative, {@code /}-separated, made of non-empty segments other than {@code .} and
 * {@code ..}, without backslashes or control characters, and lies where Signet keeps such a file:
 * {@code signet.db}, {@code master.key}, {@code credentials}, under {@code keys/}, {@code ca/},
 * {@code tsa/}, {@code objects/data/} or {@code objects/parts/}; plus the manifest. Each file appears
 * once and no file is also a directory of another.
 */
final class ArchivePaths {
    static final String MANIFEST = "SIGNET-BACKUP";
    static final int MAX_PATH_BYTES = 1024;

    private static final Set<String> TOP_FILES = Set.of(MANIFEST, "signet.db", "master.key", "credentials");
    private static final Set<String> TOP_DIRECTORIES = Set.of("keys", "ca", "tsa");
    private static final Set<String> OBJECT_DIRECTORIES = Set.of("data", "parts");

    private final Set<String> files = new HashSet<>();
    private final Set<String> directories = new HashSet<>();

    /**
     * Accepts {@code path} as the next entry's.
     *
     * @throws ArchiveException naming the path and what is wrong with it
     */
    void accept(String path) throws ArchiveException {
        String[] segments = checkShape(path);
        if (!inLayout(segments)) {
            throw refused(path, "it is not a file a Signet data directory holds");
        }
        if (directories.contains(path) || !files.add(path)) {
            throw refused(path, "it appears twice in the archive");
        }
        StringBuilder parent = new StringBuilder();
        for (int i = 0; i < segments.length - 1; i++) {
            if (i > 0) {
                parent.append('/');
            }
            parent.append(segments[i]);
            if (files.contains(parent.toString())) {
                throw refused(path, "its directory " + parent + " is a file of the archive");
            }
            directories.add(parent.toString());
        }
    }

    private static String[] checkShape(String path) throws ArchiveException {
        if (path.isEmpty()) {
            throw refused(path, "it is empty");
        }
        if (path.startsWith("/")) {
            throw refused(path, "it is absolute");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw refused(path, "it holds a control character or a backslash");
            }
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refused(path, "it has an empty, . or .. segment");
            }
        }
        return segments;
    }

    private static boolean inLayout(String[] s) {
        if (s.length == 1) {
            return TOP_FILES.contains(s[0]);
        }
        if (TOP_DIRECTORIES.contains(s[0])) {
            return true;
        }
        return s.length >= 3 && s[0].equals("objects") && OBJECT_DIRECTORIES.contains(s[1]);
    }

    private static ArchiveException refused(String path, String why) {
        return new ArchiveException(
                "the archive holds the entry \"" + printable(path) + "\", which a restore refuses: " + why);
    }

    /** The path with control characters escaped, so a hostile name cannot rewrite the terminal. */
    static String printable(String path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.length() && i < 200; i++) {
            char c = path.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
