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
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Signs a plain jar in one read of its contents: every entry is inflated once to hash it, the
 * manifest, signature file and block are built from those digests, the block's signature value is
 * checked against the leaf certificate over the signature file, and only then is the output
 * written, entries copied with their compressed data as-is. Handles the jars {@link ZipDirectory}
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

    /** What pass one found: the entries to copy (in output order), their raw CRC-32s, the manifest. */
    private record Scan(List<ZipEntryReader.Local> copies, Map<String, Long> rawCrcs, Signed signed) {}

    private record Signed(byte[] manifest, byte[] signatureFile, CmsSignatureBuilder.Signed block) {}

    static Optional<SignatureEvidence> sign(SignRequest request, Path input, OutputStream out)
            throws FormatException, IOException {
        FileChannel opened;
        try {
            opened = FileChannel.open(input, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new FormatException("cannot read the JAR: " + e.getClass().getSimpleName() + " " + oneLine(e), e);
        }
        try (FileChannel channel = opened) {
            Optional<ZipDirectory> directory = ZipDirectory.read(channel);
            if (directory.isEmpty() || !jdkAgrees(input, directory.get())) {
                return Optional.empty();
            }
            try (ZipEntryReader reader = new ZipEntryReader(channel, directory.get())) {
                Optional<Scan> scan = scan(request, directory.get(), reader);
                if (scan.isEmpty()) {
                    return Optional.empty();
                }
                SignatureEvidence evidence = selfCheck(request, scan.get().signed());
                write(request, reader, scan.get(), out);
                return Optional.of(evidence);
            }
        }
    }

    private static Optional<Scan> scan(SignRequest request, ZipDirectory directory, ZipEntryReader reader)
            throws IOException, FormatException {
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
        }
        JarManifest.Signed files = JarManifest.build(manifest, digests, sha256);
        CmsSignatureBuilder.Signed block = JarSignatureBlock.build(
                request.key(), files.signatureFile(), request.metadata().signingTime(), request.timestamper());
        size += ZipWriter.footprint(MANIFEST.length(), 0, 0, files.manifest().length + 1024L)
                + ZipWriter.footprint(SIGNATURE_FILE.length(), 0, 0, files.signatureFile().length + 1024L)
                + ZipWriter.footprint(BLOCK.length() + 1, 0, 0, block.der().length + 1024L)
                + ZipDirectory.END_SIZE;
        if (size > 0xFFFFFFFFL || directory.entries().size() + 3 > ZipDirectory.MAX_ENTRIES) {
            return Optional.empty(); // needs zip64
        }
        metaInf.addAll(rest);
        return Optional.of(new Scan(metaInf, rawCrcs, new Signed(files.manifest(), files.signatureFile(), block)));
    }

    /**
     * The evidence {@link JarVerification#verify} gives for the output. The block's builder checked
     * its signature value over the exact signed attributes, whose messageDigest is this signature
     * file's digest, and the time-stamp token; the chain is ordered as verification reads it back
     * from the block: the leaf, then the others in the block's (DER SET) order.
     */
    private static SignatureEvidence selfCheck(SignRequest request, Signed signed) throws FormatException {
        SignatureEvidence built = signed.block().evidence();
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

    private static void write(SignRequest request, ZipEntryReader reader, Scan scan, OutputStream out)
            throws IOException, FormatException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 13);
        try (ZipWriter zip = new ZipWriter(buffered)) {
            var time = request.metadata().signingTime();
            zip.addText(MANIFEST, scan.signed().manifest(), time);
            zip.addText(SIGNATURE_FILE, scan.signed().signatureFile(), time);
            // the block compressed, as jarsigner writes it: it holds the certificates, whose bytes
            // the signature does not cover, and a damaged block then fails to inflate
            zip.add(
                    JarSignatureBlock.entryName(request.key().handle().algorithm()),
                    scan.signed().block().der(),
                    time);
            for (ZipEntryReader.Local local : scan.copies()) {
                zip.copy(reader, local, scan.rawCrcs().get(local.entry().name()));
            }
            zip.finish();
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
