package dev.signet.core.format.jar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Whether a jar carries a signature: a {@code META-INF/NAME.SF} and a signature block {@code
 * META-INF/NAME.RSA}, {@code .EC} or {@code .DSA} of the same name, as the JAR File Specification
 * lays it out. Reads the central directory only, at most {@link #MAX_ENTRIES} names; never throws.
 */
final class JarSignatureBlocks {
    static final int MAX_ENTRIES = 65_536;

    private JarSignatureBlocks() {}

    static boolean present(Path jar) {
        if (jar == null || !Files.isRegularFile(jar)) {
            return false;
        }
        Set<String> signatureFiles = new HashSet<>();
        Set<String> blocks = new HashSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            for (int i = 0; i < MAX_ENTRIES && entries.hasMoreElements(); i++) {
                String name = entries.nextElement().getName().toUpperCase(Locale.ROOT);
                if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) {
                    continue;
                }
                int dot = name.lastIndexOf('.');
                if (dot <= "META-INF/".length()) {
                    continue;
                }
                String base = name.substring(0, dot);
                switch (name.substring(dot + 1)) {
                    case "SF" -> signatureFiles.add(base);
                    case "RSA", "EC", "DSA" -> blocks.add(base);
                    default -> {}
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // not a readable zip (the JDK's ZipFile reports an entry name that is not valid in the
            // zip's charset with IllegalArgumentException): no signature blocks
        }
        return signatureFiles.stream().anyMatch(blocks::contains);
    }
}
