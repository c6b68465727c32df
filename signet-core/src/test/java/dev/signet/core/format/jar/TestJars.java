package dev.signet.core.format.jar;

import dev.signet.core.testing.Processes;
import dev.signet.core.testing.Tools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small deterministic JARs for tests: a manifest, a deflated and a stored entry, a directory. */
public final class TestJars {
    private TestJars() {}

    public static Path write(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Created-By", "Signet tests");
        byte[] random = new byte[20_000];
        new Random(7).nextBytes(random);
        try (OutputStream raw = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(raw, manifest)) {
            jar.putNextEntry(new ZipEntry("dev/example/"));
            jar.closeEntry();
            jar.putNextEntry(new ZipEntry("dev/example/Hello.txt"));
            jar.write("hello from a signed jar\n".repeat(50).getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            putStored(jar, "dev/example/random.bin", random);
            jar.closeEntry();
            jar.putNextEntry(new ZipEntry("z-last.properties"));
            jar.write("last=entry\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }

    /** Offset of the first data byte of the local entry {@code name}, or -1. */
    /** Writes {@code content} as an uncompressed (STORED) entry, whose size and CRC must come first. */
    public static void putStored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry stored = new ZipEntry(name);
        stored.setMethod(ZipEntry.STORED);
        stored.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        stored.setCrc(crc.getValue());
        zip.putNextEntry(stored);
        zip.write(content);
    }

    public static int dataOffset(byte[] zip, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 30 + n.length <= zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) {
                int nameLength = (zip[i + 26] & 0xff) | (zip[i + 27] & 0xff) << 8;
                int extraLength = (zip[i + 28] & 0xff) | (zip[i + 29] & 0xff) << 8;
                if (nameLength == n.length
                        && new String(zip, i + 30, nameLength, StandardCharsets.UTF_8).equals(name)) {
                    return i + 30 + nameLength + extraLength;
                }
            }
        }
        return -1;
    }

    /** Imports the root certificate in {@code rootPem} into a new PKCS12 trust store {@code store} (password changeit). */
    public static Path truststore(Path rootPem, Path store) {
        Processes.Result imported = Tools.run(
                "keytool",
                "-importcert",
                "-noprompt",
                "-alias",
                "signet-root",
                "-file",
                rootPem.toString(),
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        if (imported.exitCode() != 0) {
            throw new IllegalStateException("keytool -importcert failed: " + imported.output());
        }
        return store;
    }

    /** {@code jarsigner -verify -strict -certs [extra] jar} against a {@link #truststore}. */
    public static Processes.Result jarsignerVerify(Path truststore, Path jar, String... extra) {
        List<String> command = new ArrayList<>(List.of(
                "jarsigner",
                "-verify",
                "-strict",
                "-certs",
                "-keystore",
                truststore.toString(),
                "-storepass",
                "changeit"));
        command.addAll(List.of(extra));
        command.add(jar.toString());
        return Tools.run(command);
    }
}
