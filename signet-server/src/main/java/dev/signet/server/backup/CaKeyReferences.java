package dev.signet.server.backup;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The CA's and the TSA's keys that are not software keys, as the data directory's {@code
 * ca/ca.properties} and {@code tsa/tsa.properties} name them (docs/formats.md, "CA key material",
 * "Time-stamp authority key material"): every {@code PREFIX.backend} / {@code PREFIX.keyId} pair
 * (and the TSA's unprefixed {@code backend} / {@code keyId}) whose backend is not {@code software},
 * as {@code backend:keyId}. A backup lists them in its manifest beside the profiles' token keys:
 * they are referenced, never exported. Older TSA generations' keys, which the properties no longer
 * name, are not listed (nothing signs with them).
 */
final class CaKeyReferences {
    private static final List<String> FILES = List.of("ca/ca.properties", "tsa/tsa.properties");

    private CaKeyReferences() {}

    /** The references in {@code dataDir}, sorted; none when the files do not exist (a node never started). */
    static List<String> outsideSoftware(Path dataDir) throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        for (String file : FILES) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(dataDir.resolve(file), StandardCharsets.ISO_8859_1)) {
                props.load(in);
            } catch (NoSuchFileException e) {
                continue;
            }
            for (String name : props.stringPropertyNames()) {
                if (!name.equals("backend") && !name.endsWith(".backend")) {
                    continue;
                }
                String prefix = name.substring(0, name.length() - "backend".length());
                String backend = props.getProperty(name);
                String keyId = props.getProperty(prefix + "keyId");
                if (keyId == null) {
                    throw new IOException(file + " names the backend of " + prefix + "key but not its keyId");
                }
                if (!backend.equals("software")) {
                    keys.add(backend + ":" + keyId);
                }
            }
        }
        return List.copyOf(keys);
    }
}
