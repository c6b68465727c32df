package dev.signet.core.format.authenticode;

import dev.signet.core.crypto.Der;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.function.LongConsumer;
import net.jsign.DigestAlgorithm;
import net.jsign.Signable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * The client half of {@link AuthenticodeClientSigning} for the files StartSigningJob signs with jsign
 * ({@link AuthenticodeSigning}): MSI packages, PowerShell scripts, and PEs outside {@link PeImage}'s
 * plain shape. The digest and the signed file are jsign's, so both paths hash the same streams (an
 * MSI's in jsign's order, with the {@code MsiDigitalSignatureEx} prehash when the package has that
 * stream; a script's UTF-16LE text without a signature block; a PE without its checksum, its
 * certificate table entry and any certificate table, zero-padded to 8 bytes) and write the same file
 * around the same SignedData (the {@code \u0005DigitalSignature} stream; the {@code # SIG # Begin
 * signature block} lines; a PE's certificate table, which jsign writes over one that ends the file,
 * else appends, and its directory entry and checksum). jsign opens an
 * MSI or PE read-write and writes in place, so each step works on a private temporary copy of the
 * artifact, deleted when the step ends; the artifact itself is only read. Before it signs, the copy
 * is hashed again and a file changed since {@link #prepare} is refused.
 */
final class JsignClientSigning {
    private JsignClientSigning() {}

    /** Hashes {@code artifact} (a file of {@code kind}, checked unsigned) and says what to send. */
    static ClientSigning.Prepared prepare(AuthenticodeFiles.Kind kind, Path artifact, LongConsumer progress)
            throws FormatException {
        byte[] digest = onCopy(artifact, copy -> {
            try (Signable signable = AuthenticodeFiles.open(copy)) {
                // StartSigningJob's check and refusal in its words (AuthenticodeSigning), for a
                // signature AuthenticodeSignatures did not see or a table jsign cannot read
                if (!AuthenticodeFiles.read("jsign could not sign the file", signable::getSignatures)
                        .isEmpty()) {
                    throw new FormatException("the file already carries an Authenticode signature");
                }
                byte[] hashed = digestOf(kind, signable);
                if (kind == AuthenticodeFiles.Kind.PE) {
                    placeSignature(signable);
                }
                return hashed;
            }
        });
        try {
            progress.accept(Files.size(artifact));
        } catch (IOException e) {
            throw new FormatException("cannot read the file: " + e.getMessage(), e);
        }
        return new PreparedFile(artifact, new AuthenticodeDigestPayload(kind, digest));
    }

    /**
     * Embeds a placeholder SignedData (no signer) into the copy of a PE, so that a PE whose certificate
     * table jsign cannot write (no directory entry for it, an entry pointing past the file) is refused
     * here, before anything is sent, in the words StartSigningJob fails with.
     */
    private static void placeSignature(Signable signable) throws FormatException {
        AuthenticodeFiles.read("jsign could not sign the file", () -> {
            try {
                signable.setSignature(new CMSSignedDataGenerator().generate(new CMSAbsentContent()));
            } catch (CMSException e) {
                throw new IllegalStateException("cannot build an empty SignedData", e);
            }
            return null;
        });
    }

    /**
     * The file's Authenticode SHA-256 digest, from jsign's SpcIndirectDataContent for it, which must be
     * exactly the one the server rebuilds for that kind and digest ({@link AuthenticodeIndirectData}).
     */
    private static byte[] digestOf(AuthenticodeFiles.Kind kind, Signable signable) throws FormatException {
        byte[] indirect = Der.of(AuthenticodeFiles.read(
                "jsign could not sign the file", () -> signable.createIndirectData(DigestAlgorithm.SHA256)));
        byte[] digest = Arrays.copyOfRange(indirect, indirect.length - 32, indirect.length);
        if (!Arrays.equals(indirect, AuthenticodeIndirectData.of(kind, digest))) {
            throw new FormatException("jsign's SpcIndirectDataContent for this " + kind + " file is not the one"
                    + " Signet signs; sign it with StartSigningJob");
        }
        return digest;
    }

    /** One step on a private copy of the artifact. */
    @FunctionalInterface
    private interface OnCopy<T> {
        T run(Path copy) throws IOException, FormatException;
    }

    private static <T> T onCopy(Path artifact, OnCopy<T> step) throws FormatException {
        Path copy = null;
        try {
            copy = Files.createTempFile("signet-authenticode-", ".tmp");
            Files.copy(artifact, copy, StandardCopyOption.REPLACE_EXISTING);
            return step.run(copy);
        } catch (IOException e) {
            throw new FormatException("cannot read the file or write the signed file: " + e.getMessage(), e);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // a temporary file the system cleans
                }
            }
        }
    }

    /** A hashed file: the payload sent, and the file to sign again on a copy. */
    private record PreparedFile(Path artifact, AuthenticodeDigestPayload stated) implements ClientSigning.Prepared {
        @Override
        public byte[] payload() {
            return stated.encode();
        }

        @Override
        public void finish(byte[] signature, OutputStream out) throws FormatException {
            if (SignedPe.verifySignedData(signature, AuthenticodeIndirectData.content(stated.kind(), stated.digest()))
                    .isEmpty()) {
                throw new FormatException("the server's SignedData does not sign this file: it is not a valid"
                        + " Authenticode signature of its digest");
            }
            CMSSignedData signedData = AuthenticodeFiles.read("the server's SignedData", () -> {
                try {
                    return new CMSSignedData(ContentInfo.getInstance(ASN1Primitive.fromByteArray(signature)));
                } catch (CMSException e) {
                    throw new IOException(e.getMessage(), e);
                }
            });
            onCopy(artifact, copy -> {
                try (Signable signable = AuthenticodeFiles.open(copy)) {
                    if (!Arrays.equals(digestOf(stated.kind(), signable), stated.digest())) {
                        throw new FormatException("the file changed while it was signed");
                    }
                    AuthenticodeFiles.read("jsign could not write the signed file", () -> {
                        signable.setSignature(signedData);
                        signable.save();
                        return null;
                    });
                }
                Files.copy(copy, out);
                return null;
            });
        }
    }
}
