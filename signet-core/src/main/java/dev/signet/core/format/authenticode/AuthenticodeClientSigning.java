package dev.signet.core.format.authenticode;

import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Signs a PE image where it lies: checks the file as StartSigningJob does (not already signed), takes its Authenticode SHA-256 digest in one streamed read ({@link PeImage},
 * memory flat whatever the size), sends that digest alone ({@link AuthenticodeDigestPayload}), and
 * embeds the SignedData the server returns after checking that it signs exactly the
 * SpcIndirectDataContent Signet builds for that digest, with a signature (and time-stamp token, if
 * any) that verifies with the certificate it carries ({@link SignedPe#verifySignedData}). The signed
 * file is written by the same code as StartSigningJob's ({@link PeImage#write}), so the two give the
 * same bytes for the same SignedData. Given the output ({@code prepare} with a channel, as {@code
 * signet sign} does), the one read that hashes the file also copies it there, and finishing patches
 * the checksum and the certificate table entry in that copy and appends the table: the file is read
 * once, and the output holds by construction the bytes that were hashed. Without it, the file is
 * hashed again as it is copied, and a change since it was hashed is refused. Default output: {@code NAME.signed.exe} next to {@code NAME.exe}.
 *
 * <p>PEs outside the plain shape {@link PeImage} reads (a header not 8-aligned or past 64 KiB, four
 * data directories or fewer, a certificate table entry that is set but holds no signature in the
 * file), MSI packages and PowerShell scripts are hashed and written by jsign, as StartSigningJob
 * does ({@link JsignClientSigning}), so the client signs every file StartSigningJob signs, into the
 * same structure, and refuses the others (a PE jsign cannot read) with jsign's words; only the
 * Authenticode digest is sent.
 */
public final class AuthenticodeClientSigning implements ClientSigning {
    private static final String PLATFORM = "Signet-Authenticode-SHA256-RSA";

    @Override
    public Set<String> platformIds() {
        return Set.of(PLATFORM);
    }

    @Override
    public String payloadFormat(String platformId) {
        return AuthenticodeDigestPayload.MEDIA_TYPE;
    }

    @Override
    public Path defaultOutput(Path artifact) {
        String name = artifact.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0
                ? artifact.resolveSibling(name.substring(0, dot) + ".signed" + name.substring(dot))
                : artifact.resolveSibling(name + ".signed");
    }

    @Override
    public boolean embedsInArtifact() {
        return true;
    }

    @Override
    public Prepared prepare(String platformId, Path artifact, LongConsumer progress) throws FormatException {
        return prepare(artifact, progress, Optional.empty());
    }

    /** Copies the PE into {@code output} in the read that hashes it; {@code finish(signature, output)} patches it. */
    @Override
    public Prepared prepare(String platformId, Path artifact, LongConsumer progress, FileChannel output)
            throws FormatException {
        return prepare(artifact, progress, Optional.of(output));
    }

    private Prepared prepare(Path artifact, LongConsumer progress, Optional<FileChannel> output)
            throws FormatException {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(progress, "progress");
        AuthenticodeFiles.Kind kind = checkSignable(artifact);
        if (kind != AuthenticodeFiles.Kind.PE) {
            return JsignClientSigning.prepare(kind, artifact, progress);
        }
        Optional<PeImage> opened;
        try {
            opened = output.isPresent()
                    ? PeImage.openCopying(artifact, progress, output.get())
                    : PeImage.open(artifact, progress);
        } catch (IOException e) {
            throw new FormatException("cannot read the file: " + e.getMessage(), e);
        }
        if (opened.isEmpty()) {
            return JsignClientSigning.prepare(kind, artifact, progress);
        }
        PeImage image = opened.get();
        try {
            return new PreparedPe(image, new AuthenticodeDigestPayload(image.digest()));
        } catch (IOException e) {
            image.close();
            throw new FormatException("cannot read the file: " + e.getMessage(), e);
        }
    }

    /**
     * What StartSigningJob refuses before signing, in its words: an empty file, a signed one, one that
     * is no PE, MSI or script. Returns the kind of file.
     */
    private static AuthenticodeFiles.Kind checkSignable(Path file) throws FormatException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        } catch (IOException e) {
            throw new FormatException("cannot read the file: " + e.getMessage(), e);
        }
        if (head.length == 0) {
            throw new FormatException("the file is empty; there is nothing to sign");
        }
        if (AuthenticodeSignatures.present(file)) {
            throw new FormatException(
                    "the file is already signed (it carries an authenticode signature); sign the original artifact"
                            + " instead");
        }
        return AuthenticodeFiles.kindOf(head)
                .orElseThrow(() -> new FormatException("not a PE file, MSI package or PowerShell script"));
    }

    /** A hashed PE: the digest sent, and the image to copy with the answer embedded. */
    private record PreparedPe(PeImage image, AuthenticodeDigestPayload stated) implements Prepared {
        @Override
        public byte[] payload() {
            return stated.encode();
        }

        @Override
        public void finish(byte[] signature, OutputStream out) throws FormatException {
            try (image) {
                check(signature);
                image.write(signature, out, Optional.of(stated.digest()));
            } catch (IOException e) {
                throw new FormatException("cannot read the file or write the signed file: " + e.getMessage(), e);
            }
        }

        /** Completes the copy made while hashing: the file is not read again (nor needs a recheck). */
        @Override
        public void finish(byte[] signature, FileChannel output) throws FormatException {
            try (image) {
                check(signature);
                image.complete(signature, output);
            } catch (IOException e) {
                throw new FormatException("cannot write the signed file: " + e.getMessage(), e);
            }
        }

        private void check(byte[] signature) throws FormatException {
            if (SignedPe.verifySignedData(signature, PeSignedData.indirectContent(stated.digest()))
                    .isEmpty()) {
                throw new FormatException("the server's SignedData does not sign this file: it is not a valid"
                        + " Authenticode signature of its digest");
            }
            if (image.signedSize(signature).isEmpty()) {
                throw new FormatException("the signed file would reach 4 GiB, the limit of a PE certificate table");
            }
        }
    }
}
