package dev.signet.core.format.jar;

import dev.signet.core.crypto.Digests;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * Signet's own verification of a signed jar laid out as Signet and {@code jarsigner} write it, in
 * one read of the file: a plain zip ({@link ZipDirectory}, which the JDK's zip reader must see
 * alike), one signature file and one ECDSA or RSA block of the same name ({@link SignerBlock}), the
 * {@code .SF}'s {@code SHA-256-Digest-Manifest} matching the whole manifest, and every entry outside
 * the signature files (directories aside) with a manifest section whose only digest is a matching
 * {@code SHA-256-Digest} and a section in the {@code .SF}. Under those conditions the JDK's {@code
 * JarFile} gives every entry exactly this one signer; {@link #verify} returns evidence only then.
 * Anything else, including every failed check, returns empty, and {@link JarVerification} verifies
 * the jar again with the JDK, whose verdict and message are what Signet reports, as before.
 */
final class DirectVerification {
    private static final String MANIFEST = JarSigning.MANIFEST;

    private DirectVerification() {}

    /** The evidence of an intact jar of the shape above, or empty. */
    static Optional<SignatureEvidence> verify(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer whole = ZipDirectory.readWhole(channel);
            Optional<ZipDirectory> directory = ZipDirectory.read(channel, whole);
            if (directory.isEmpty() || !JarSigning.jdkAgrees(path, directory.get())) {
                return Optional.empty();
            }
            return verify(channel, directory.get(), whole);
        } catch (IOException | FormatException | IllegalArgumentException e) {
            // IllegalArgumentException: a digest that is not base64; the JDK's path decides
            return Optional.empty();
        }
    }

    /** What one read of the entries found. */
    private static final class Contents {
        byte[] manifest;
        byte[] signatureFile;
        byte[] block;
        final Map<String, byte[]> digests = new LinkedHashMap<>();
        final List<String> exempt = new ArrayList<>();
    }

    private static Optional<SignatureEvidence> verify(FileChannel channel, ZipDirectory directory, ByteBuffer whole)
            throws IOException, FormatException {
        Optional<ZipDirectory.Entry[]> files = signatureFiles(directory);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Optional<Contents> read = read(channel, directory, whole, files.get());
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Contents contents = read.get();
        Manifest manifest = manifest(contents.manifest);
        Manifest signatureFile = manifest(contents.signatureFile);
        if (!signsManifest(signatureFile.getMainAttributes(), contents.manifest)) {
            return Optional.empty();
        }
        Set<String> signed = signatureFile.getEntries().keySet();
        if (signed.stream().anyMatch(n -> n.startsWith("./") || n.startsWith("/"))) {
            return Optional.empty(); // names the JDK rewrites before matching
        }
        for (Map.Entry<String, byte[]> entry : contents.digests.entrySet()) {
            Attributes section = manifest.getAttributes(entry.getKey());
            if (section == null || !signed.contains(entry.getKey()) || !matches(section, entry.getValue())) {
                return Optional.empty();
            }
        }
        for (String name : contents.exempt) {
            // the JDK looks a section up under these three names; it may check what one holds
            if (manifest.getAttributes(name) != null
                    || manifest.getAttributes("./" + name) != null
                    || manifest.getAttributes("/" + name) != null) {
                return Optional.empty();
            }
        }
        Optional<SignerBlock> block = SignerBlock.read(contents.block);
        if (block.isEmpty() || !block.get().signs(contents.signatureFile)) {
            return Optional.empty();
        }
        return Optional.of(JarVerification.evidence(block.get().parsed(), null));
    }

    /**
     * The manifest, the one {@code .SF} and its one block (ECDSA or RSA, same name), or empty when
     * the signature files are laid out otherwise or the jar inflates beyond the verifier's bound.
     */
    private static Optional<ZipDirectory.Entry[]> signatureFiles(ZipDirectory directory) {
        ZipDirectory.Entry manifest = null;
        ZipDirectory.Entry signatureFile = null;
        ZipDirectory.Entry block = null;
        long inflated = 0;
        for (ZipDirectory.Entry e : directory.entries()) {
            inflated += e.size();
            String upper = e.name().toUpperCase(Locale.ROOT);
            boolean related = JarSigning.signingRelated(upper);
            if (inflated > JarVerification.MAX_INFLATED
                    || related != (JarVerification.isSignatureFile(e.name()) && !upper.equals(MANIFEST))) {
                return Optional.empty();
            }
            if (upper.equals(MANIFEST)) {
                if (manifest != null || !e.name().equals(MANIFEST)) {
                    return Optional.empty();
                }
                manifest = e;
            } else if (related && upper.endsWith(".SF")) {
                if (signatureFile != null) {
                    return Optional.empty();
                }
                signatureFile = e;
            } else if (related && !upper.startsWith("META-INF/SIG-")) {
                if (block != null) {
                    return Optional.empty();
                }
                block = e;
            }
        }
        if (manifest == null || signatureFile == null || block == null) {
            return Optional.empty();
        }
        String base = block.name().substring(0, block.name().lastIndexOf('.'));
        boolean shaped = (block.name().endsWith(".EC") || block.name().endsWith(".RSA"))
                && signatureFile.name().equals(base + ".SF")
                && block.size() <= JarVerification.MAX_BLOCK
                && signatureFile.size() <= JarSigning.MAX_MANIFEST;
        return shaped ? Optional.of(new ZipDirectory.Entry[] {manifest, signatureFile, block}) : Optional.empty();
    }

    /** Every entry read once (length and CRC-32 checked); content entries hashed with SHA-256. */
    private static Optional<Contents> read(
            FileChannel channel, ZipDirectory directory, ByteBuffer whole, ZipDirectory.Entry[] files)
            throws IOException, FormatException {
        Contents contents = new Contents();
        MessageDigest sha256 = Digests.newDigest(JarSignatureBlock.HASH);
        try (ZipEntryReader reader = new ZipEntryReader(channel, directory, whole)) {
            for (ZipDirectory.Entry e : directory.entries()) {
                Optional<ZipEntryReader.Local> local = reader.local(e);
                if (local.isEmpty()) {
                    return Optional.empty();
                }
                if (e == files[0]) {
                    contents.manifest = reader.readAll(local.get(), JarSigning.MAX_MANIFEST);
                } else if (e == files[1]) {
                    contents.signatureFile = reader.readAll(local.get(), JarSigning.MAX_MANIFEST);
                } else if (e == files[2]) {
                    contents.block = reader.readAll(local.get(), JarVerification.MAX_BLOCK);
                } else {
                    reader.digest(local.get(), sha256);
                    byte[] digest = sha256.digest();
                    if (e.isDirectory() || JarVerification.isSignatureFile(e.name())) {
                        contents.exempt.add(e.name());
                    } else {
                        contents.digests.put(e.name(), digest);
                    }
                    continue;
                }
                contents.exempt.add(e.name());
            }
        }
        return Optional.of(contents);
    }

    /**
     * Whether the .SF's main section signs the whole manifest with SHA-256 and names no other
     * manifest digest (with a whole-manifest match the JDK takes every .SF section as signed).
     */
    private static boolean signsManifest(Attributes main, byte[] manifest) {
        for (Object key : main.keySet()) {
            String name = key.toString().toUpperCase(Locale.ROOT);
            if (name.endsWith("-DIGEST-MANIFEST") && !name.equals("SHA-256-DIGEST-MANIFEST")) {
                return false;
            }
        }
        String value = main.getValue("SHA-256-Digest-Manifest");
        return value != null
                && MessageDigest.isEqual(Base64.getDecoder().decode(value), JarSignatureBlock.sha256(manifest));
    }

    /** Whether the section's only digest is a SHA-256-Digest equal to {@code digest}. */
    private static boolean matches(Attributes section, byte[] digest) {
        int digests = 0;
        for (Object key : section.keySet()) {
            if (key.toString().toUpperCase(Locale.ROOT).endsWith("-DIGEST")) {
                digests++;
            }
        }
        String value = section.getValue(JarManifest.DIGEST);
        return digests == 1
                && value != null
                && MessageDigest.isEqual(Base64.getDecoder().decode(value), digest);
    }

    private static Manifest manifest(byte[] bytes) throws FormatException {
        try {
            return new Manifest(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new FormatException("the JAR manifest is malformed", e);
        }
    }
}
