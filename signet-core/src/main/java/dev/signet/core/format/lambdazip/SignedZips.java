package dev.signet.core.format.lambdazip;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Writes a signed zip from the original and a signature block: the one writer of the layout in
 * {@code docs/formats.md}, used by StartSigningJob ({@link LambdaZipFormat}) and by the client that
 * signs a zip where it lies ({@link LambdaZipClientSigning}), so both give the same bytes for the
 * same block.
 */
final class SignedZips {
    private SignedZips() {}

    /** How many bytes the signature adds to the zip: its two headers and the block. */
    static long added(byte[] block) {
        return SignatureEntry.localLength() + (long) block.length + SignatureEntry.centralLength();
    }

    /**
     * The signed zip: the original entries, the signature entry, the original central directory with
     * the signature's header, a new end record. Every byte of the original is hashed as it is copied
     * and must give {@code signedDigest}, the SHA-384 the block signs.
     *
     * @throws FormatException when the zip is no longer what was signed, or would need zip64
     */
    /**
     * Turns {@code copy}, a file holding exactly the original zip of {@code layout} (read back from
     * it), into the signed zip that {@link #write} writes: the signature entry goes where the central
     * directory was, the central directory (at most {@link ZipLayout#MAX_CENTRAL_DIRECTORY} bytes,
     * read back from the copy) with the signature's header and a new end record after it.
     *
     * @throws FormatException when the copy is not the zip of {@code layout}, or would need zip64
     */
    static void complete(FileChannel copy, ZipLayout layout, byte[] block) throws IOException, FormatException {
        if (layout.size() + added(block) > 0xFFFFFFFFL) {
            throw new FormatException("the signed zip would need zip64, which is not supported");
        }
        if (copy.size() != layout.size()) {
            throw new FormatException("the copy of the zip is " + copy.size() + " bytes, not " + layout.size());
        }
        long localOffset = layout.centralOffset();
        ByteBuffer central = ZipLayout.readAt(copy, layout.centralOffset(), (int) layout.centralSize());
        byte[] end = SignatureEntry.endRecord(
                layout.entries().size() + 1,
                layout.centralSize() + SignatureEntry.centralLength(),
                localOffset + SignatureEntry.localLength() + block.length,
                layout.comment());
        long position = localOffset;
        for (ByteBuffer part : new ByteBuffer[] {
            ByteBuffer.wrap(SignatureEntry.localHeader(block)),
            ByteBuffer.wrap(block),
            central,
            ByteBuffer.wrap(SignatureEntry.centralHeader(block, localOffset)),
            ByteBuffer.wrap(end)
        }) {
            while (part.hasRemaining()) {
                position += copy.write(part, position);
            }
        }
    }

    static void write(Path source, ZipLayout layout, byte[] block, OutputStream out, byte[] signedDigest)
            throws IOException, FormatException {
        if (layout.size() + added(block) > 0xFFFFFFFFL) {
            throw new FormatException("the signed zip would need zip64, which is not supported");
        }
        MessageDigest original = Digests.newDigest(HashAlgorithm.SHA384);
        long localOffset = layout.centralOffset();
        long centralEnd = layout.centralOffset() + layout.centralSize();
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            if (in.size() != layout.size()) {
                throw new FormatException("the zip changed while it was signed");
            }
            LambdaZipFormat.copy(in, 0, layout.centralOffset(), out, original);
            out.write(SignatureEntry.localHeader(block));
            out.write(block);
            LambdaZipFormat.copy(in, layout.centralOffset(), layout.centralSize(), out, original);
            out.write(SignatureEntry.centralHeader(block, localOffset));
            out.write(SignatureEntry.endRecord(
                    layout.entries().size() + 1,
                    layout.centralSize() + SignatureEntry.centralLength(),
                    localOffset + SignatureEntry.localLength() + block.length,
                    layout.comment()));
            LambdaZipFormat.copy(in, centralEnd, layout.size() - centralEnd, null, original);
        }
        if (!MessageDigest.isEqual(original.digest(), signedDigest)) {
            throw new FormatException("the zip changed while it was signed");
        }
    }
}
