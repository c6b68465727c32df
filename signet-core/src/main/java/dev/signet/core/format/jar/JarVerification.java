package dev.signet.core.format.jar;

import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.tsa.TimestampAttributes;
import dev.signet.core.tsa.TimestampEvidence;
import dev.signet.core.tsa.TimestampException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Verifies a signed JAR: a jar {@link DirectVerification} finds intact is reported from its
 * evidence; every other jar (other layouts, and every refusal) with the JDK's own JarFile verification (every entry's digest against the
 * manifest, the manifest against the signature file, the signature file against the block), and
 * requires that every entry outside the signature files is signed, by exactly one signer; before
 * that, every entry must inflate completely to its central length and CRC-32, which JarFile does
 * not check. Reads the
 * block with BouncyCastle for the chain, signing time and time-stamp token. Bounded: at most {@link
 * #MAX_ENTRIES} entries and {@link #MAX_INFLATED} decompressed bytes.
 */
final class JarVerification {
    static final int MAX_ENTRIES = 100_000;
    static final long MAX_INFLATED = 2L << 30;
    static final int MAX_BLOCK = 1 << 20;
    private static final Pattern SIGNATURE_FILE =
            Pattern.compile("META-INF/([^/]+\\.(SF|RSA|DSA|EC)|SIG-[^/]*|MANIFEST\\.MF)", Pattern.CASE_INSENSITIVE);

    private JarVerification() {}

    static SignatureEvidence verify(Path path) throws FormatException {
        Optional<SignatureEvidence> direct = DirectVerification.verify(path);
        return direct.isPresent() ? direct.get() : verifyWithJarFile(path);
    }

    /** Whether {@code name} is the manifest, a signature file or block, or a {@code SIG-} file. */
    static boolean isSignatureFile(String name) {
        return SIGNATURE_FILE.matcher(name).matches();
    }

    /** The JDK's verification: the path of every jar {@link DirectVerification} does not find intact. */
    static SignatureEvidence verifyWithJarFile(Path path) throws FormatException {
        Optional<String> damaged = damagedEntry(path);
        if (damaged.isPresent()) {
            return new SignatureEvidence(JarFormat.ID, false, damaged.get(), List.of(), Optional.empty());
        }
        try (JarFile jar = new JarFile(path.toFile(), true)) {
            Optional<JarEntry> block = signatureBlock(jar);
            if (block.isEmpty()) {
                throw new FormatException("the JAR is not signed: it has no signature block");
            }
            byte[] blockBytes;
            try (InputStream in = jar.getInputStream(block.get())) {
                blockBytes = in.readNBytes(MAX_BLOCK);
            }
            ParsedBlock parsed = ParsedBlock.parse(blockBytes);
            String problem;
            try {
                problem = checkEntries(jar);
            } catch (SecurityException e) {
                problem = "the JAR signature does not verify: " + JarSigning.oneLine(e);
            }
            return evidence(parsed, problem);
        } catch (SecurityException e) {
            return new SignatureEvidence(
                    JarFormat.ID,
                    false,
                    "the JAR signature does not verify: " + JarSigning.oneLine(e),
                    List.of(),
                    Optional.empty());
        } catch (IOException e) {
            throw new FormatException("not a readable JAR: " + JarSigning.oneLine(e), e);
        } catch (IllegalArgumentException e) {
            // the JDK's zip reader: an entry name that is not valid in the zip's charset
            throw new FormatException(
                    "not a readable JAR: an entry name cannot be decoded (" + JarSigning.oneLine(e) + ")", e);
        }
    }

    /**
     * The evidence of the JAR's one signer, named by its signature value: intact when {@code problem}
     * is null and a time-stamp token, if any, verifies. Shared by {@link #verify} and the signer's
     * self-check, so both report the same evidence for the same jar.
     */
    static SignatureEvidence evidence(ParsedBlock parsed, String problem) {
        SignatureEvidence evidence;
        if (problem != null) {
            evidence = new SignatureEvidence(JarFormat.ID, false, problem, parsed.chain(), parsed.signingTime());
        } else {
            evidence = new SignatureEvidence(JarFormat.ID, true, "", parsed.chain(), parsed.signingTime());
            try {
                Optional<TimestampEvidence> ts = TimestampAttributes.verify(parsed.unsigned(), parsed.signature());
                evidence = ts.map(evidence::withTimestamp).orElse(evidence);
            } catch (TimestampException e) {
                evidence = new SignatureEvidence(
                        JarFormat.ID, false, e.getMessage(), parsed.chain(), parsed.signingTime());
            }
        }
        return evidence.withCanonicalSignatureValue(parsed.signature(), SignatureValues.EcdsaEncoding.DER);
    }

    private static Optional<JarEntry> signatureBlock(JarFile jar) throws FormatException {
        List<JarEntry> blocks = new ArrayList<>();
        Enumeration<JarEntry> entries = jar.entries();
        int count = 0;
        while (entries.hasMoreElements()) {
            if (++count > MAX_ENTRIES) {
                throw new FormatException("the JAR has more than " + MAX_ENTRIES + " entries");
            }
            JarEntry e = entries.nextElement();
            String name = e.getName().toUpperCase(Locale.ROOT);
            if (name.startsWith("META-INF/")
                    && name.indexOf('/', 9) < 0
                    && (name.endsWith(".EC") || name.endsWith(".RSA") || name.endsWith(".DSA"))) {
                blocks.add(e);
            }
        }
        if (blocks.size() > 1) {
            throw new FormatException("the JAR has " + blocks.size() + " signature blocks; Signet expects one signer");
        }
        return blocks.stream().findFirst();
    }

    /**
     * Why the first damaged entry is damaged, or empty when every entry's data inflates completely
     * (to the end of its DEFLATE stream) to the length and CRC-32 the central directory gives.
     * JarFile checks none of this: it reads an entry's declared length and stops, and never
     * compares a CRC-32, so a signature block or file whose damaged DEFLATE stream still inflates
     * (fixed Huffman codes: a flipped bit mostly turns one literal into another) would verify, with
     * damaged certificates the signature does not cover.
     */
    private static Optional<String> damagedEntry(Path path) throws FormatException {
        byte[] buffer = new byte[64 * 1024];
        CRC32 crc = new CRC32();
        long inflated = 0;
        int count = 0;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                if (++count > MAX_ENTRIES) {
                    throw new FormatException("the JAR has more than " + MAX_ENTRIES + " entries");
                }
                ZipEntry entry = entries.nextElement();
                crc.reset();
                long length = 0;
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        crc.update(buffer, 0, n);
                        length += n;
                        inflated += n;
                        if (inflated > MAX_INFLATED) {
                            throw new FormatException("the JAR inflates to more than " + MAX_INFLATED + " bytes");
                        }
                    }
                } catch (IOException e) {
                    return Optional.of("the JAR is damaged: the entry " + entry.getName() + " does not inflate ("
                            + JarSigning.oneLine(e) + ")");
                }
                if (length != entry.getSize() || crc.getValue() != entry.getCrc()) {
                    return Optional.of("the JAR is damaged: the entry " + entry.getName()
                            + " does not match its length or CRC-32");
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new FormatException("not a readable JAR: " + JarSigning.oneLine(e), e);
        } catch (IllegalArgumentException e) {
            throw new FormatException(
                    "not a readable JAR: an entry name cannot be decoded (" + JarSigning.oneLine(e) + ")", e);
        }
    }

    /** Reads every entry (which makes JarFile check its digest); null when all are signed. */
    private static String checkEntries(JarFile jar) throws IOException, FormatException {
        byte[] buffer = new byte[64 * 1024];
        long inflated = 0;
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            try (InputStream in = jar.getInputStream(entry)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    inflated += n;
                    if (inflated > MAX_INFLATED) {
                        throw new FormatException("the JAR inflates to more than " + MAX_INFLATED + " bytes");
                    }
                }
            }
            if (entry.isDirectory() || SIGNATURE_FILE.matcher(entry.getName()).matches()) {
                continue;
            }
            CodeSigner[] signers = entry.getCodeSigners();
            if (signers == null || signers.length == 0) {
                return "the entry " + entry.getName() + " is not covered by the signature";
            }
            if (signers.length > 1) {
                return "the entry " + entry.getName() + " has more than one signer";
            }
        }
        return null;
    }
}
