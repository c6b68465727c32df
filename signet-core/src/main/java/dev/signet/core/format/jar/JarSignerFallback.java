package dev.signet.core.format.jar;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.jca.KeyBackendPrivateKey;
import dev.signet.core.crypto.jca.KeyBackendProvider;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.tsa.TimestampAttributes;
import dev.signet.core.tsa.TimestampException;
import dev.signet.core.tsa.Timestamper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import jdk.security.jarsigner.JarSigner;
import jdk.security.jarsigner.JarSignerException;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;

/**
 * The path for jars {@link JarSigning} does not lay out itself (zip64, a zip comment, data before
 * the first entry, non-UTF-8 names): runs the JDK's JarSigner with a {@link KeyBackendPrivateKey} and the {@link KeyBackendProvider},
 * then, when the request has a timestamper, rewrites the signature block with an RFC 3161 token
 * over its signature value (JarSigner itself can only reach a TSA over HTTP).
 */
final class JarSignerFallback {
    static final String BLOCK = JarSigning.BLOCK;
    static final String RSA_BLOCK = JarSigning.RSA_BLOCK;

    private JarSignerFallback() {}

    static void sign(SignRequest request, Path input, Path output) throws FormatException, IOException {
        String algorithm = new SignatureAlgorithm(request.key().handle().algorithm(), HashAlgorithm.SHA256).jcaName();
        JarSigner signer;
        try {
            CertPath path = CertificateFactory.getInstance("X.509")
                    .generateCertPath(request.key().chain());
            signer = new JarSigner.Builder(KeyBackendPrivateKey.of(request.key()), path)
                    .signatureAlgorithm(algorithm, KeyBackendProvider.instance())
                    .digestAlgorithm("SHA-256")
                    .signerName(JarFormat.SIGNER_NAME)
                    .build();
        } catch (CertificateException | java.security.NoSuchAlgorithmException | IllegalArgumentException e) {
            throw new FormatException("cannot prepare the JAR signer: " + e.getMessage(), e);
        }
        Path unstamped =
                request.timestamper().isPresent() ? output.resolveSibling(output.getFileName() + ".u") : output;
        try {
            try (ZipFile zip = open(input);
                    OutputStream out = Files.newOutputStream(unstamped)) {
                refuseSigned(zip);
                signer.sign(zip, out);
            } catch (JarSignerException e) {
                throw new FormatException("the JAR could not be signed: " + JarSigning.oneLine(e), e);
            } catch (ZipException | SecurityException e) {
                throw new FormatException("the JAR is malformed: " + JarSigning.oneLine(e), e);
            }
            if (request.timestamper().isPresent()) {
                stamp(unstamped, output, request.timestamper().get());
            }
        } finally {
            if (unstamped != output) {
                Files.deleteIfExists(unstamped);
            }
        }
    }

    private static ZipFile open(Path input) throws FormatException {
        try {
            return new ZipFile(input.toFile());
        } catch (IOException e) {
            throw new FormatException("not a JAR (zip) file: " + JarSigning.oneLine(e), e);
        }
    }

    private static void refuseSigned(ZipFile zip) throws FormatException {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        try {
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName().toUpperCase(Locale.ROOT);
                if (name.startsWith("META-INF/") && name.indexOf('/', 9) < 0 && name.endsWith(".SF")) {
                    throw new FormatException("the JAR is already signed (" + name + ")");
                }
            }
        } catch (IllegalArgumentException e) {
            // the JDK's zip reader: an entry name that is not valid in the zip's charset
            throw new FormatException(
                    "not a JAR (zip) file: an entry name cannot be decoded (" + JarSigning.oneLine(e) + ")", e);
        }
    }

    /** Copies {@code signed} entry by entry, replacing the signature block with a time-stamped one. */
    private static void stamp(Path signed, Path output, Timestamper timestamper) throws FormatException, IOException {
        try (ZipFile zip = new ZipFile(signed.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(output))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            boolean stamped = false;
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                if (entry.getExtra() != null) {
                    copy.setExtra(entry.getExtra());
                }
                byte[] replacement = null;
                if (entry.getName().equals(BLOCK) || entry.getName().equals(RSA_BLOCK)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        replacement = withTimestamp(in.readAllBytes(), timestamper);
                    }
                    stamped = true;
                } else if (entry.getMethod() == ZipEntry.STORED) {
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(entry.getSize());
                    copy.setCompressedSize(entry.getSize());
                    copy.setCrc(entry.getCrc());
                }
                out.putNextEntry(copy);
                if (replacement != null) {
                    out.write(replacement);
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
            if (!stamped) {
                throw new FormatException("JarSigner wrote no " + BLOCK + " signature block");
            }
        }
    }

    static byte[] withTimestamp(byte[] block, Timestamper timestamper) throws FormatException {
        try {
            CMSSignedData signedData = new CMSSignedData(block);
            if (signedData.getSignerInfos().size() != 1) {
                throw new FormatException("the JAR signature block has more than one signer");
            }
            SignerInformation signer = signedData.getSignerInfos().iterator().next();
            AttributeTable unsigned =
                    new AttributeTable(TimestampAttributes.create(timestamper, signer.getSignature()));
            SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(signer, unsigned);
            return CMSSignedData.replaceSigners(signedData, new SignerInformationStore(stamped))
                    .getEncoded();
        } catch (CMSException | IOException e) {
            throw new FormatException("cannot read the JAR signature block: " + JarSigning.oneLine(e), e);
        } catch (TimestampException e) {
            throw new FormatException("cannot time-stamp the JAR signature: " + e.getMessage(), e);
        }
    }
}
