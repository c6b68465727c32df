package dev.signet.core.format.authenticode;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Signs an unsigned PE file reading it twice (hash and checksum words together, then the output)
 * and writing nothing but the output: {@link PeImage} reads it once ({@link PeScan}: a reader
 * summing the words for the checksum, a hasher taking the SHA-256 on {@code CryptoProviders}'
 * digest), {@link PeSignedData} writes the SignedData over that digest and checks its signature
 * value over the exact signed attributes (and the time-stamp token, when asked for), and the signed
 * file is streamed to the output only then. The output is byte for byte what jsign's in-place
 * signing writes. The client-side path ({@link AuthenticodeClientSigning}) uses the same two halves:
 * the server's {@link PeSignedData} over the client's digest, the client's {@link PeImage#write}.
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
            PeSignedData.Signed signed = PeSignedData.sign(request.key(), image.digest(), request.timestamper());
            if (image.signedSize(signed.der()).isEmpty()) {
                throw new FormatException("the signed file would reach 4 GiB, the limit of a PE certificate table");
            }
            AuthenticodeFormat.requireSound(request, signed.evidence());
            image.write(signed.der(), out);
            return Optional.of(signed.evidence());
        }
    }
}
