package dev.signet.core.format.jar;

import dev.signet.core.format.FormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * Builds the manifest and the signature file (.SF) of a signed JAR as the JAR File Specification
 * lays them out and {@code jarsigner} writes them: the input manifest's main attributes and
 * sections kept (their old {@code *-Digest} attributes replaced), one section per signed entry
 * with its {@code SHA-256-Digest}, lines wrapped at 72 bytes; the .SF ({@link SignatureFile})
 * carries the digest of the whole manifest, of its main section and of every section, each hashed
 * over the exact bytes written. Refuses a manifest {@link Manifest} cannot read.
 */
final class JarManifest {
    static final String DIGEST = "SHA-256-Digest";
    private static final byte[] CRLF = {'\r', '\n'};

    /** The manifest and the signature file, both as the bytes that go into the jar. */
    record Signed(byte[] manifest, byte[] signatureFile) {}

    private JarManifest() {}

    /**
     * @param existing the input's manifest bytes, if it has one
     * @param digests the SHA-256 of every signed entry's content, by entry name, in jar order
     * @param sha256 a SHA-256 digest to hash sections with
     */
    static Signed build(Optional<byte[]> existing, Map<String, byte[]> digests, MessageDigest sha256)
            throws FormatException {
        Manifest input = new Manifest();
        if (existing.isPresent()) {
            try {
                input.read(new ByteArrayInputStream(existing.get()));
            } catch (IOException e) {
                throw new FormatException("the JAR manifest is malformed: " + JarSigning.oneLine(e), e);
            }
        }
        Manifest main = new Manifest();
        main.getMainAttributes().putAll(input.getMainAttributes());
        main.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (existing.isEmpty()) {
            main.getMainAttributes().putValue("Created-By", "Signet");
        }
        int expected = 256 + 160 * digests.size() + existing.map(m -> m.length).orElse(0);
        Output manifest = new Output(expected);
        try {
            main.write(manifest);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        byte[] mainAttributesDigest = digest(sha256, manifest.array(), 0, manifest.size());

        Map<String, Attributes> sections = new LinkedHashMap<>();
        digests.keySet().forEach(name -> sections.put(name, input.getEntries().get(name)));
        input.getEntries().forEach(sections::putIfAbsent);
        List<SignatureFile.Section> sfSections = new ArrayList<>(sections.size());
        for (Map.Entry<String, Attributes> section : sections.entrySet()) {
            int start = manifest.size();
            line(manifest, "Name: " + section.getKey());
            if (section.getValue() != null) {
                for (Map.Entry<Object, Object> a : section.getValue().entrySet()) {
                    String key = a.getKey().toString();
                    if (!key.toUpperCase(Locale.ROOT).endsWith("-DIGEST")) {
                        line(manifest, key + ": " + a.getValue());
                    }
                }
            }
            byte[] digest = digests.get(section.getKey());
            if (digest != null) {
                line(manifest, DIGEST + ": " + Base64.getEncoder().encodeToString(digest));
            }
            manifest.write(CRLF, 0, 2);
            sfSections.add(new SignatureFile.Section(
                    section.getKey(), digest(sha256, manifest.array(), start, manifest.size() - start)));
        }
        byte[] manifestBytes = manifest.toByteArray();
        SignatureFile sf = new SignatureFile(
                mainAttributesDigest, digest(sha256, manifestBytes, 0, manifestBytes.length), sfSections);
        return new Signed(manifestBytes, sf.render());
    }

    /** One header line, broken into 72-byte lines continued by a space, as java.util.jar writes it. */
    static void line(ByteArrayOutputStream out, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        out.write(bytes[0]);
        int pos = 1;
        while (bytes.length - pos > 71) {
            out.write(bytes, pos, 71);
            pos += 71;
            out.write(CRLF, 0, 2);
            out.write(' ');
        }
        out.write(bytes, pos, bytes.length - pos);
        out.write(CRLF, 0, 2);
    }

    private static byte[] digest(MessageDigest sha256, byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        return sha256.digest();
    }

    /** A byte buffer whose array is readable in place, so sections are hashed without copies. */
    private static final class Output extends ByteArrayOutputStream {
        Output(int size) {
            super(Math.min(size, 1 << 20));
        }

        byte[] array() {
            return buf;
        }
    }
}
