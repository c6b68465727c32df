package dev.signet.core.format.jar;

import dev.signet.core.crypto.Der;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.cms.CmsSignatureBuilder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Signs a plain jar in one read of its contents: every entry is inflated once to hash it, the
 * manifest, signature file and block are built from those digests, the block's signature value is
 * checked against the leaf certificate over the signature file, and only then is the output
 * written, entries copied with their compressed data as-is. The two passes ({@link #plan}, {@link
 * #write}) are also those of {@link JarClientSigning}, which signs a jar where it lies with a block
 * the server made, so both give the same jar. Handles the jars {@link ZipDirectory}
 * reads (and the JDK's zip reader sees alike); returns empty for the others, having written
 * nothing. Refuses a jar that already carries signature files.
 */
final class JarSigning {
    static final String BLOCK = "META-INF/" + JarFormat.SIGNER_NAME + ".EC";
    static final String RSA_BLOCK = "META-INF/" + JarFormat.SIGNER_NAME + ".RSA";
    static final String SIGNATURE_FILE = "META-INF/" + JarFormat.SIGNER_NAME + ".SF";
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    static final int MAX_MANIFEST = 16 << 20;

    private JarSigning() {}

    /**
     * Pass one over a plain jar: the entries to copy (in output order) with the CRC-32 of their raw
     * bytes, the new manifest and signature file, what the output takes without its block, where
     * the input's central directory was (to notice a jar changed before pass two), and the input's
     * zip comment, which the signed jar keeps.
     */
    record Plan(
            List<ZipEntryReader.Local> copies,
            Map<String, Long> rawCrcs,
            byte[] manifest,
            byte[] signatureFile,
            long sizeWithoutBlock,
            long fileSize,
            long centralOffset,
            byte[] comment) {

        Plan {
            comment = comment.clone();
        }

        @Override
        public byte[] comment() {
            return comment.clone();
        }

        /** Whether the signed jar, with a block of {@code blockLength} bytes, needs no zip64. */
        boolean fits(int blockLength) {
            long size = sizeWithoutBlock
                    + ZipWriter.footprint(BLOCK.length() + 1, 0, 0, blockLength + 1024L)
                    + ZipDirectory.END_SIZE
                    + comment.length;
            return size <= 0xFFFFFFFFL && copies.size() + 3 <= ZipDirectory.MAX_ENTRIES;
        }
    }

    /** A jar opened for reading: its central directory read strictly, a reader over its entries. */
    record OpenJar(FileChannel channel, ZipDirectory directory, ZipEntryReader reader) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                reader.close();
            } finally {
                channel.close();
            }
        }
    }

    /**
     * Opens {@code input} when {@link ZipDirectory} reads it and the JDK's zip reader sees the same
     * entries; empty for any other jar (zip64, data before the first entry...), which only the
     * JarSigner path signs.
     */
    static Optional<OpenJar> open(Path input) throws FormatException, IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(input, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new FormatException("cannot read the JAR: " + e.getClass().getSimpleName() + " " + oneLine(e), e);
        }
        try {
            ByteBuffer whole = ZipDirectory.readWhole(channel);
            Optional<ZipDirectory> directory = ZipDirectory.read(channel, whole);
            if (directory.isEmpty() || !jdkAgrees(input, directory.get())) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(
                    new OpenJar(channel, directory.get(), new ZipEntryReader(channel, directory.get(), whole)));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static Optional<SignatureEvidence> sign(SignRequest request, Path input, OutputStream out)
            throws FormatException, IOException {
        Optional<OpenJar> opened = open(input);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (OpenJar jar = opened.get()) {
            Optional<Plan> plan = plan(jar, n -> {});
            if (plan.isEmpty()) {
                return Optional.empty();
            }
            CmsSignatureBuilder.Signed block = JarSignatureBlock.build(
                    request.key(),
                    plan.get().signatureFile(),
                    request.metadata().signingTime(),
                    request.timestamper());
            if (!plan.get().fits(block.der().length)) {
                return Optional.empty(); // needs zip64
            }
            SignatureEvidence evidence = selfCheck(request, block);
            write(
                    jar.reader(),
                    plan.get(),
                    JarSignatureBlock.entryName(request.key().handle().algorithm()),
                    block.der(),
                    request.metadata().signingTime(),
                    out);
            return Optional.of(evidence);
        }
    }

    /**
     * Pass one: inflates and hashes every entry once, refusing a jar that is already signed, and
     * builds the manifest and signature file. Empty when an entry's local header disagrees with
     * the central directory (the JarSigner path signs such jars).
     *
     * @param progress told of each entry's compressed bytes once it is hashed
     */
    static Optional<Plan> plan(OpenJar jar, LongConsumer progress) throws IOException, FormatException {
        ZipDirectory directory = jar.directory();
        ZipEntryReader reader = jar.reader();
        MessageDigest sha256 = Digests.newDigest(HashAlgorithm.SHA256);
        Map<String, byte[]> digests = new LinkedHashMap<>();
        Map<String, Long> rawCrcs = new HashMap<>();
        List<ZipEntryReader.Local> metaInf = new ArrayList<>();
        List<ZipEntryReader.Local> rest = new ArrayList<>();
        Optional<byte[]> manifest = Optional.empty();
        long size = 0;
        long inflated = 0;
        for (ZipDirectory.Entry entry : directory.entries()) {
            inflated += entry.size();
            if (inflated > JarVerification.MAX_INFLATED) {
                throw new FormatException("the JAR inflates to more than " + JarVerification.MAX_INFLATED + " bytes");
            }
            Optional<ZipEntryReader.Local> local = reader.local(entry);
            if (local.isEmpty()) {
                return Optional.empty();
            }
            String upper = entry.name().toUpperCase(Locale.ROOT);
            if (upper.equals(MANIFEST)) {
                if (manifest.isPresent()) {
                    throw new FormatException("the JAR has more than one manifest");
                }
                manifest = Optional.of(reader.readAll(local.get(), MAX_MANIFEST));
                progress.accept(entry.compressedSize());
                continue;
            }
            if (signingRelated(upper)) {
                throw new FormatException("the JAR is already signed (" + entry.name() + ")");
            }
            rawCrcs.put(entry.name(), reader.digest(local.get(), sha256));
            byte[] digest = sha256.digest();
            if (!entry.isDirectory()) {
                digests.put(entry.name(), digest);
            }
            (entry.name().startsWith("META-INF/") ? metaInf : rest).add(local.get());
            size += ZipWriter.footprint(
                    entry.rawName().length,
                    local.get().extra().length,
                    entry.extra().length + entry.comment().length,
                    entry.compressedSize());
            progress.accept(entry.compressedSize());
        }
        JarManifest.Signed files = JarManifest.build(manifest, digests, sha256);
        size += ZipWriter.footprint(MANIFEST.length(), 0, 0, files.manifest().length + 1024L)
                + ZipWriter.footprint(SIGNATURE_FILE.length(), 0, 0, files.signatureFile().length + 1024L);
        metaInf.addAll(rest);
        return Optional.of(new Plan(
                metaInf,
                rawCrcs,
                files.manifest(),
                files.signatureFile(),
                size,
                jar.channel().size(),
                directory.centralOffset(),
                directory.comment()));
    }

    /**
     * The evidence {@link JarVerification#verify} gives for the output. The block's builder checked
     * its signature value over the exact signed attributes, whose messageDigest is this signature
     * file's digest, and the time-stamp token; the chain is ordered as verification reads it back
     * from the block: the leaf, then the others in the block's (DER SET) order.
     */
    static SignatureEvidence selfCheck(SignRequest request, CmsSignatureBuilder.Signed block) throws FormatException {
        SignatureEvidence built = block.evidence();
        if (!built.intact()) {
            throw new FormatException("the signed JAR failed its own verification: " + built.integrityDetail());
        }
        if (request.timestamper().isPresent() && built.timestamp().isEmpty()) {
            throw new FormatException("the signed JAR lost its time-stamp token");
        }
        return new SignatureEvidence(
                JarFormat.ID,
                true,
                "",
                carriedOrder(request.key().chain()),
                built.signingTime(),
                built.timestamp(),
                built.signatureValue(),
                built.expiresAt());
    }

    /** The leaf, then the other certificates in DER SET OF order (as a block carries them). */
    static List<X509Certificate> carriedOrder(List<X509Certificate> chain) throws FormatException {
        X509Certificate leaf = chain.get(0);
        List<byte[]> encoded = new ArrayList<>(chain.size());
        try {
            for (X509Certificate c : chain) {
                encoded.add(c.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new FormatException("cannot encode the signer's certificate chain: " + e.getMessage(), e);
        }
        byte[] leafEncoded = encoded.get(0);
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            if (!Arrays.equals(encoded.get(i), leafEncoded)) {
                others.add(i);
            }
        }
        others.sort((a, b) -> Der.compareForSet(encoded.get(a), encoded.get(b)));
        List<X509Certificate> ordered = new ArrayList<>(chain.size());
        ordered.add(leaf);
        others.forEach(i -> ordered.add(chain.get(i)));
        return ordered;
    }

    /**
     * Pass two: writes the signed jar (manifest, signature file, {@code block} as {@code blockName},
     * then the planned entries copied raw, each checked against the CRC-32 pass one saw), the new
     * entries stamped with {@code time}.
     *
     * @throws FormatException when an entry's bytes are no longer those pass one read
     */
    static void write(ZipEntryReader reader, Plan plan, String blockName, byte[] block, Instant time, OutputStream out)
            throws IOException, FormatException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 13);
        try (ZipWriter zip = new ZipWriter(buffered)) {
            zip.add(MANIFEST, plan.manifest(), time);
            zip.add(SIGNATURE_FILE, plan.signatureFile(), time);
            // the block holds certificates the signature does not cover: a damaged one is refused
            // on the entry's CRC-32 by every verifier (JarVerification checks it on the JDK path)
            zip.add(blockName, block, time);
            for (ZipEntryReader.Local local : plan.copies()) {
                zip.copy(reader, local, plan.rawCrcs().get(local.entry().name()));
            }
            zip.finish(plan.comment());
        }
        buffered.flush();
    }

    /**
     * Whether the JDK's zip reader (what jarsigner and JarFile use) sees the same entries, in the
     * same order, with the same sizes, CRC-32s and methods.
     */
    static boolean jdkAgrees(Path input, ZipDirectory directory) {
        try (ZipFile zip = new ZipFile(input.toFile())) {
            Enumeration<? extends ZipEntry> jdk = zip.entries();
            for (ZipDirectory.Entry ours : directory.entries()) {
                if (!jdk.hasMoreElements()) {
                    return false;
                }
                ZipEntry theirs = jdk.nextElement();
                if (!theirs.getName().equals(ours.name())
                        || theirs.getCrc() != ours.crc()
                        || theirs.getSize() != ours.size()
                        || theirs.getCompressedSize() != ours.compressedSize()
                        || theirs.getMethod() != ours.method()) {
                    return false;
                }
            }
            return !jdk.hasMoreElements();
        } catch (IOException | IllegalArgumentException e) {
            return false; // IllegalArgumentException: an entry name the JDK cannot decode
        }
    }

    /** Signature files and blocks under META-INF (not the manifest), upper-cased name. */
    static boolean signingRelated(String upperName) {
        if (!upperName.startsWith("META-INF/") || upperName.indexOf('/', 9) >= 0) {
            return false;
        }
        return upperName.endsWith(".SF")
                || upperName.endsWith(".RSA")
                || upperName.endsWith(".EC")
                || upperName.endsWith(".DSA")
                || upperName.startsWith("META-INF/SIG-");
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("[\\r\\n]+", " ");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
