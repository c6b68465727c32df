package dev.signet.core.format.authenticode;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import net.jsign.DigestAlgorithm;
import net.jsign.asn1.authenticode.AuthenticodeObjectIdentifiers;
import net.jsign.pe.PEFile;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSTypedData;

/**
 * Signs an unsigned PE file reading it twice (hash and checksum words together, then the output)
 * and writing nothing but the output: {@link PeImage} reads it once on two threads ({@link
 * PeScan}: a reader summing the words for the checksum, a hasher taking the SHA-256 on {@code
 * CryptoProviders}' digest) while jsign prepares its SignedData generator on the calling thread;
 * jsign makes the SignedData over that digest (its {@code PEFile} opened read-only, the digest
 * supplied), the self-check is {@link AuthenticodeVerification#verify(CMSSignedData, byte[])} of
 * the encoded SignedData parsed back, over the same digest (signature value against the leaf's
 * key, time-stamp token), and the signed file is streamed to the output only then. The output is
 * byte for byte what jsign's in-place signing writes.
 */
final class PeSigning {
    private PeSigning() {}

    /** The evidence, after writing the signed file to {@code out}; empty (nothing written) when {@link PeImage} declines the file. */
    static Optional<SignatureEvidence> sign(SignRequest request, Path file, OutputStream out)
            throws FormatException, IOException {
        Optional<PeImage> opened = PeImage.open(file);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (PeImage image = opened.get()) {
            CMSSignedData signed;
            try (PEFile pe = new PrehashedPeFile(file, image)) {
                signed = AuthenticodeSigning.signedData(request, pe);
            }
            byte[] der = signed.toASN1Structure().getEncoded(ASN1Encoding.DER);
            if (image.signedSize(der).isEmpty()) {
                throw new FormatException("the signed file would reach 4 GiB, the limit of a PE certificate table");
            }
            CMSSignedData carried;
            try {
                carried = new CMSSignedData(der);
            } catch (CMSException e) {
                throw new FormatException("jsign made a malformed SignedData: " + AuthenticodeFiles.oneLine(e), e);
            }
            SignatureEvidence self = AuthenticodeVerification.verify(carried, image.digest());
            AuthenticodeFormat.requireSound(request, self);
            image.write(der, out);
            return Optional.of(self);
        }
    }

    /**
     * jsign's PE view of the input, read-only, whose SHA-256 Authenticode digest comes from the
     * {@link PeImage}'s scan. The signed content jsign asks for first is handed out unresolved
     * (its type is fixed), so that jsign prepares its generator, loading its classes, while the
     * file is still being hashed; the digest is awaited only when the content is encoded.
     */
    private static final class PrehashedPeFile extends PEFile {
        private final PeImage image;

        PrehashedPeFile(Path file, PeImage image) throws IOException {
            super(FileChannel.open(file, StandardOpenOption.READ));
            this.image = image;
        }

        @Override
        public synchronized byte[] computeDigest(DigestAlgorithm algorithm) throws IOException {
            if (algorithm != DigestAlgorithm.SHA256) {
                throw new IOException("only the SHA-256 digest of this file is known, not " + algorithm);
            }
            return image.digest();
        }

        @Override
        public CMSTypedData createSignedContent(DigestAlgorithm algorithm) throws IOException {
            if (algorithm != DigestAlgorithm.SHA256) {
                throw new IOException("only the SHA-256 digest of this file is known, not " + algorithm);
            }
            return new CMSTypedData() {
                private CMSTypedData content;

                @Override
                public ASN1ObjectIdentifier getContentType() {
                    return AuthenticodeObjectIdentifiers.SPC_INDIRECT_DATA_OBJID;
                }

                @Override
                public void write(OutputStream out) throws IOException, CMSException {
                    resolved().write(out);
                }

                @Override
                public Object getContent() {
                    try {
                        return resolved().getContent();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                private synchronized CMSTypedData resolved() throws IOException {
                    if (content == null) {
                        content = PrehashedPeFile.super.createSignedContent(algorithm);
                    }
                    return content;
                }
            };
        }
    }
}
