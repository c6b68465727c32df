package dev.signet.core.format.jar;

import dev.signet.core.format.FormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The signature file ({@code META-INF/SIGNET.SF}) of a jar Signet signs, as values: the SHA-256 of
 * the manifest's main section and of the whole manifest, and one section per manifest section (its
 * name and the SHA-256 of that section's bytes). {@link #render} is the one writer of its bytes, used
 * by StartSigningJob, the client that signs a jar where it lies, and the server that signs a
 * signature file sent to it; {@link #parse} reads back exactly what {@link #render} writes and
 * refuses anything else (another attribute, another line layout, a name no zip entry can have), so a
 * signature file Signet signs is always one that signing a jar would have written.
 *
 * @param mainAttributesDigest SHA-256 of the manifest's main section (32 bytes)
 * @param manifestDigest SHA-256 of the whole manifest (32 bytes)
 * @param sections in manifest order, names unique
 */
record SignatureFile(byte[] mainAttributesDigest, byte[] manifestDigest, List<Section> sections) {
    /** The longest name a section may have: a zip entry name's limit. */
    static final int MAX_NAME_BYTES = 0xFFFF;

    private static final String VERSION_LINE = "Signature-Version: 1.0";
    private static final String CREATED_BY_LINE = "Created-By: Signet";
    private static final String MAIN_ATTRIBUTES = JarManifest.DIGEST + "-Manifest-Main-Attributes: ";
    private static final String MANIFEST = JarManifest.DIGEST + "-Manifest: ";
    private static final String NAME = "Name: ";
    private static final String SECTION_DIGEST = JarManifest.DIGEST + ": ";
    private static final int DIGEST_LENGTH = 32;

    /** One section: the manifest section's name and the SHA-256 of its bytes. */
    record Section(String name, byte[] digest) {
        Section {
            Objects.requireNonNull(name, "name");
            digest = checkedDigest(digest);
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }
    }

    SignatureFile {
        mainAttributesDigest = checkedDigest(mainAttributesDigest);
        manifestDigest = checkedDigest(manifestDigest);
        sections = List.copyOf(sections);
    }

    @Override
    public byte[] mainAttributesDigest() {
        return mainAttributesDigest.clone();
    }

    @Override
    public byte[] manifestDigest() {
        return manifestDigest.clone();
    }

    /**
     * The bytes of the signature file: the main section ({@code Signature-Version: 1.0}, {@code
     * Created-By: Signet}, {@code SHA-256-Digest-Manifest-Main-Attributes}, {@code
     * SHA-256-Digest-Manifest}), then each section ({@code Name}, {@code SHA-256-Digest}), each
     * section ended by an empty line, lines wrapped at 72 bytes as {@code java.util.jar} writes them.
     */
    byte[] render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + sections.size() * 120);
        JarManifest.line(out, VERSION_LINE);
        JarManifest.line(out, CREATED_BY_LINE);
        JarManifest.line(out, MAIN_ATTRIBUTES + base64(mainAttributesDigest));
        JarManifest.line(out, MANIFEST + base64(manifestDigest));
        out.write('\r');
        out.write('\n');
        for (Section section : sections) {
            JarManifest.line(out, NAME + section.name());
            JarManifest.line(out, SECTION_DIGEST + base64(section.digest));
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * Reads a signature file {@link #render} wrote.
     *
     * @throws FormatException naming the first thing that differs from what {@link #render} writes
     */
    static SignatureFile parse(byte[] bytes) throws FormatException {
        List<byte[]> lines = logicalLines(bytes);
        if (lines.size() < 5
                || !text(lines.get(0)).equals(VERSION_LINE)
                || !text(lines.get(1)).equals(CREATED_BY_LINE)) {
            throw refused("its main section must start with '" + VERSION_LINE + "' and '" + CREATED_BY_LINE + "'");
        }
        byte[] main = digestLine(lines.get(2), MAIN_ATTRIBUTES);
        byte[] manifest = digestLine(lines.get(3), MANIFEST);
        if (lines.get(4).length != 0) {
            throw refused("its main section has more than the four attributes Signet writes");
        }
        List<Section> sections = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 5;
        while (i < lines.size()) {
            if (i + 2 >= lines.size() || !startsWith(lines.get(i), NAME) || lines.get(i + 2).length != 0) {
                throw refused("section " + (sections.size() + 1) + " is not exactly a Name and a " + JarManifest.DIGEST
                        + " line");
            }
            String name = name(lines.get(i), sections.size() + 1);
            if (!names.add(name)) {
                throw refused("it has two sections named " + shown(name));
            }
            sections.add(new Section(name, digestLine(lines.get(i + 1), SECTION_DIGEST)));
            i += 3;
        }
        SignatureFile parsed = new SignatureFile(main, manifest, sections);
        if (!Arrays.equals(parsed.render(), bytes)) {
            throw refused("it is not laid out as Signet writes it (lines wrapped at 72 bytes, CRLF, canonical base64)");
        }
        return parsed;
    }

    /**
     * The file's lines with continuation lines (a line starting with a space) joined to the one
     * before, as raw bytes (a name may be split inside a UTF-8 sequence). Every line must end with
     * CRLF; a lone CR or LF is refused.
     */
    private static List<byte[]> logicalLines(byte[] bytes) throws FormatException {
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream current = null;
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\r' && bytes[end] != '\n') {
                end++;
            }
            if (end + 1 >= bytes.length || bytes[end] != '\r' || bytes[end + 1] != '\n') {
                throw refused("every line must end with CRLF");
            }
            boolean continuation = end > start && bytes[start] == ' ';
            if (continuation) {
                if (current == null) {
                    throw refused("a continuation line follows an empty line");
                }
                current.write(bytes, start + 1, end - start - 1);
            } else {
                if (current != null) {
                    lines.add(current.toByteArray());
                }
                current = new ByteArrayOutputStream(Math.max(16, end - start));
                current.write(bytes, start, end - start);
                if (end == start) {
                    lines.add(current.toByteArray());
                    current = null;
                }
            }
            start = end + 2;
        }
        if (current != null) {
            throw refused("it must end with an empty line");
        }
        return lines;
    }

    private static byte[] digestLine(byte[] line, String prefix) throws FormatException {
        String label = prefix.substring(0, prefix.length() - 2);
        if (!startsWith(line, prefix)) {
            throw refused("expected a " + label + " line, got " + shown(text(line)));
        }
        String value = new String(line, prefix.length(), line.length - prefix.length(), StandardCharsets.ISO_8859_1);
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw refused(label + " is not base64");
        }
        if (digest.length != DIGEST_LENGTH) {
            throw refused(label + " is not a SHA-256 digest (" + digest.length + " bytes)");
        }
        return digest;
    }

    /** A section's name: UTF-8, 1 to {@link #MAX_NAME_BYTES} bytes, no NUL (CR and LF cannot occur here). */
    private static String name(byte[] line, int section) throws FormatException {
        int length = line.length - NAME.length();
        if (length < 1 || length > MAX_NAME_BYTES) {
            throw refused("the name of section " + section + " is not 1 to " + MAX_NAME_BYTES + " bytes");
        }
        for (int i = NAME.length(); i < line.length; i++) {
            if (line[i] == 0) {
                throw refused("the name of section " + section + " holds a NUL byte");
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, NAME.length(), length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw refused("the name of section " + section + " is not UTF-8");
        }
    }

    private static boolean startsWith(byte[] line, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        return line.length >= p.length && Arrays.equals(line, 0, p.length, p, 0, p.length);
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.ISO_8859_1);
    }

    /** At most 60 characters of untrusted text, control characters replaced, for a message. */
    private static String shown(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (clean.length() <= 60 ? clean : clean.substring(0, 60) + "...") + "'";
    }

    private static FormatException refused(String why) {
        return new FormatException("not a signature file Signet writes: " + why);
    }

    private static byte[] checkedDigest(byte[] digest) {
        if (digest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes, got " + digest.length);
        }
        return digest.clone();
    }

    private static String base64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }
}
