package dev.signet.core.format.authenticode;

import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import net.jsign.pe.PEFile;

/**
 * Signs a PE image where it lies: checks the file as StartSigningJob does (not already signed, a PE
 * jsign can read), takes its Authenticode SHA-256 digest in one streamed read ({@link PeImage},
 * memory flat whatever the size), sends that digest alone ({@link AuthenticodeDigestPayload}), and
 * embeds the SignedData the server returns after checking that it signs exactly the
 * SpcIndirectDataContent Signet builds for that digest, with a signature (and time-stamp token, if
 * any) that verifies with the certificate it carries ({@link SignedPe#verifySignedData}). The signed
 * file is written by the same code as StartSigningJob's ({@link PeImage#write}), so the two give the
 * same bytes for the same SignedData; the file is hashed again as it is copied, and a change since
 * it was hashed is refused. Default output: {@code NAME.signed.exe} next to {@code NAME.exe}.
 *
 * <p>Only PE images of the shape {@link PeImage} handles are signed from here (a PE32 or PE32+ header
 * 8-aligned below 64 KiB, more than four data directories, an empty certificate table entry): other
 * PEs are refused before anything is sent, naming StartSigningJob. MSI packages and PowerShell
 * scripts are hashed and written by jsign, as StartSigningJob does ({@link MsiScriptSigning}); only
 * their Authenticode digest is sent.
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
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(progress, "progress");
        AuthenticodeFiles.Kind kind = checkSignable(artifact);
        if (kind != AuthenticodeFiles.Kind.PE) {
            return MsiScriptSigning.prepare(kind, artifact, progress);
        }
        Optional<PeImage> opened;
        try {
            opened = PeImage.open(artifact, progress);
        } catch (IOException e) {
            throw new FormatException("cannot read the file: " + e.getMessage(), e);
        }
        if (opened.isEmpty()) {
            throw declined(artifact);
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

    /**
     * Why a PE that {@link PeImage} declines is not signed here: jsign's refusal, the one StartSigningJob
     * gives, when jsign cannot read it either (read-only: the artifact is never opened for writing);
     * else that its layout is signed with StartSigningJob only.
     */
    private static FormatException declined(Path file) {
        try {
            AuthenticodeFiles.read("malformed PE file", () -> {
                try (PEFile pe = new PEFile(Files.newByteChannel(file, StandardOpenOption.READ))) {
                    return pe.getSignatures().size();
                }
            });
        } catch (FormatException e) {
            return e;
        }
        return new FormatException("this PE's layout is signed with StartSigningJob only (signet sign takes a PE32"
                + " or PE32+ header 8-aligned below 64 KiB, more than four data directories and an empty"
                + " certificate table entry)");
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
                if (SignedPe.verifySignedData(signature, PeSignedData.indirectContent(stated.digest()))
                        .isEmpty()) {
                    throw new FormatException("the server's SignedData does not sign this file: it is not a valid"
                            + " Authenticode signature of its digest");
                }
                if (image.signedSize(signature).isEmpty()) {
                    throw new FormatException("the signed file would reach 4 GiB, the limit of a PE certificate table");
                }
                image.write(signature, out, Optional.of(stated.digest()));
            } catch (IOException e) {
                throw new FormatException("cannot read the file or write the signed file: " + e.getMessage(), e);
            }
        }
    }
}
