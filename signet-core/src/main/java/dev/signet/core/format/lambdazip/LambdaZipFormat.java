package dev.signet.core.format.lambdazip;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The signed AWS Lambda zip ({@code AWSLambda-SHA384-ECDSA}): the input zip, its entries byte for
 * byte, plus one stored entry {@code META-INF/signet.sig} appended after the last entry, holding an
 * ES384 JWS over the SHA-384 of every byte of the original zip and the signature's metadata; then
 * the original central directory with one header added, and a new end record. The result is still an
 * ordinary zip. Layout in {@code docs/formats.md}.
 *
 * <p>Signs only whole files with ECDSA P-384 keys; refuses zips that {@link ZipLayout} refuses,
 * zips whose entries do not hold what their headers declare ({@link ZipContents}: sizes, CRC-32,
 * a deflate bomb) and zips that already carry {@code META-INF/signet.sig}. Verification regenerates
 * every byte Signet added and rebuilds the original zip to digest it, so a change to any byte of the
 * signed zip fails; a validly signed zip whose entries lie is MALFORMED (a {@link FormatException}),
 * so a deploy gate blocks it. Stateless and thread-safe; memory stays flat whatever the zip's size.
 */
public final class LambdaZipFormat implements SignatureFormat {
    public static final String ID = "lambda-zip";
    private static final int BUFFER = 1 << 20;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> platformIds() {
        return Set.of("AWSLambda-SHA384-ECDSA");
    }

    /** A signed zip is not a detached signature: detection is by {@link #detectEmbedded}. */
    @Override
    public boolean detect(byte[] head) {
        return false;
    }

    @Override
    public boolean detectEmbedded(Path artifact) {
        return SignatureMarker.present(artifact);
    }

    @Override
    public String outputSuffix() {
        return ".zip";
    }

    @Override
    public SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        if (!(request.subject() instanceof Subject.File file)) {
            throw new FormatException("lambda-zip signs whole zip files (StartSigningJob), not digests");
        }
        if (request.key().handle().algorithm() != KeyAlgorithm.ECDSA_P384) {
            throw new FormatException("lambda-zip signs with ECDSA P-384 keys only");
        }
        ZipLayout layout = ZipLayout.read(file.path());
        if (layout.entries().stream().anyMatch(e -> e.named(SignatureEntry.NAME))) {
            throw new FormatException("the zip is already signed: it carries META-INF/signet.sig");
        }
        try (FileChannel in = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            ZipContents.check(in, layout);
        } catch (IOException e) {
            throw new FormatException("cannot read the zip: " + e.getMessage(), e);
        }
        SignatureMetadata metadata = request.metadata();
        try {
            byte[] digest = Digests.digest(HashAlgorithm.SHA384, file.path());
            LambdaZipToken.Signed token = LambdaZipToken.sign(
                    request.key(),
                    new LambdaZipToken.Claims(
                            digest,
                            layout.size(),
                            metadata.profileVersionArn(),
                            metadata.jobArn(),
                            metadata.signingTime(),
                            metadata.expiresAt()));
            long added = SignatureEntry.localLength() + token.block().length + SignatureEntry.centralLength();
            if (layout.size() + added > 0xFFFFFFFFL) {
                throw new FormatException("the signed zip would need zip64, which is not supported");
            }
            // the entries were checked above and are copied unchanged; what is copied is hashed again
            // and must be what was signed (a zip rewritten while it was signed is refused)
            MessageDigest copied = Digests.newDigest(HashAlgorithm.SHA384);
            write(file.path(), layout, token.block(), out, copied);
            if (!MessageDigest.isEqual(copied.digest(), digest)) {
                throw new FormatException("the zip changed while it was signed");
            }
            return new SignatureEvidence(ID, true, "", request.key().chain(), Optional.of(metadata.signingTime()))
                    .withCanonicalSignatureValue(token.signature(), SignatureValues.EcdsaEncoding.JOSE)
                    .withExpiresAt(metadata.expiresAt());
        } catch (IOException e) {
            throw new FormatException("cannot read the zip or write the signed zip: " + e.getMessage(), e);
        }
    }

    /**
     * The signed zip: the original entries, the signature entry, the original central directory with
     * the signature's, a new end record. The original zip's bytes (all but the signature's) also go
     * to {@code original}.
     */
    private static void write(Path source, ZipLayout layout, byte[] block, OutputStream out, MessageDigest original)
            throws IOException {
        long localOffset = layout.centralOffset();
        long centralEnd = layout.centralOffset() + layout.centralSize();
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            copy(in, 0, layout.centralOffset(), out, original);
            out.write(SignatureEntry.localHeader(block));
            out.write(block);
            copy(in, layout.centralOffset(), layout.centralSize(), out, original);
            out.write(SignatureEntry.centralHeader(block, localOffset));
            out.write(SignatureEntry.endRecord(
                    layout.entries().size() + 1,
                    layout.centralSize() + SignatureEntry.centralLength(),
                    localOffset + SignatureEntry.localLength() + block.length,
                    layout.comment()));
            copy(in, centralEnd, layout.size() - centralEnd, null, original);
        }
    }

    /**
     * Verifies the signature embedded in a signed zip.
     *
     * @param signature must be empty: the signature is inside the zip
     */
    @Override
    public SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException {
        Objects.requireNonNull(subject, "subject");
        if (!(subject instanceof Subject.File file)) {
            throw new FormatException("lambda-zip verifies whole signed zip files, not digests");
        }
        if (signature != null && signature.length > 0) {
            throw new FormatException("lambda-zip signatures are embedded in the zip; give no detached signature");
        }
        return verify(file.path());
    }

    /** Verifies a signed zip, and that every entry holds what its headers declare. */
    private SignatureEvidence verify(Path file) throws FormatException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ZipLayout layout = ZipLayout.read(in);
            ZipEntryInfo entry = signatureEntry(layout)
                    .orElseThrow(() -> new FormatException(
                            "the zip carries no Signet signature entry (META-INF/signet.sig, last)"));
            long blockLength = entry.end() - entry.localOffset() - SignatureEntry.localLength();
            if (blockLength <= 0 || blockLength > LambdaZipToken.MAX_LENGTH) {
                throw new FormatException("the signature entry has an impossible size " + blockLength);
            }
            byte[] block = bytes(in, entry.localOffset() + SignatureEntry.localLength(), (int) blockLength);
            LambdaZipToken.Parsed token = LambdaZipToken.parse(block);
            String problem = problem(in, layout, entry, block, token);
            if (problem.isEmpty()) {
                // signed as it is, yet its entries may lie about what they unpack to
                ZipContents.check(in, layout);
            }
            return new SignatureEvidence(
                            ID,
                            problem.isEmpty(),
                            problem,
                            token.chain(),
                            Optional.of(token.claims().signingTime()))
                    .withCanonicalSignatureValue(token.signature(), SignatureValues.EcdsaEncoding.JOSE)
                    .withExpiresAt(token.claims().expiresAt());
        } catch (IOException e) {
            throw new FormatException("cannot read the signed zip: " + e.getMessage(), e);
        }
    }

    /** Why the signed zip is not intact, or empty when it is. */
    private static String problem(
            FileChannel in, ZipLayout layout, ZipEntryInfo entry, byte[] block, LambdaZipToken.Parsed token)
            throws IOException, FormatException {
        int count = layout.entries().size();
        byte[] originalEnd = SignatureEntry.endRecord(
                count - 1,
                layout.centralSize() - SignatureEntry.centralLength(),
                entry.localOffset(),
                layout.comment());
        boolean headersExact = Arrays.equals(
                        bytes(in, entry.localOffset(), SignatureEntry.localLength()), SignatureEntry.localHeader(block))
                && Arrays.equals(
                        bytes(in, entry.centralOffset(), entry.centralLength()),
                        SignatureEntry.centralHeader(block, entry.localOffset()))
                && Arrays.equals(
                        bytes(in, layout.endOffset(), (int) (layout.size() - layout.endOffset())),
                        SignatureEntry.endRecord(
                                count, layout.centralSize(), layout.centralOffset(), layout.comment()));
        if (!headersExact) {
            return "the headers around the signature entry are not the ones Signet writes";
        }
        MessageDigest digest = Digests.newDigest(HashAlgorithm.SHA384);
        long originalSize = copy(in, 0, entry.localOffset(), null, digest)
                + copy(in, layout.centralOffset(), entry.centralOffset() - layout.centralOffset(), null, digest)
                + originalEnd.length;
        digest.update(originalEnd);
        if (originalSize != token.claims().size()) {
            return "the zip's original part is " + originalSize + " bytes, the signature covers "
                    + token.claims().size();
        }
        if (!MessageDigest.isEqual(digest.digest(), token.claims().digest())) {
            return "the zip's content does not match the signed SHA-384 digest";
        }
        if (!token.signatureValid()) {
            return "the ES384 signature does not verify with the signer certificate's key";
        }
        return "";
    }

    /** The signature entry when it is the last entry both in the file and in the central directory. */
    private static Optional<ZipEntryInfo> signatureEntry(ZipLayout layout) {
        ZipEntryInfo last = layout.entries().stream()
                .max(java.util.Comparator.comparingLong(ZipEntryInfo::localOffset))
                .orElseThrow();
        ZipEntryInfo lastCentral = layout.entries().get(layout.entries().size() - 1);
        boolean signedLast = last == lastCentral && last.named(SignatureEntry.NAME);
        return signedLast && layout.entries().size() > 1 ? Optional.of(last) : Optional.empty();
    }

    private static byte[] bytes(FileChannel in, long offset, int length) throws IOException, FormatException {
        return ZipLayout.readAt(in, offset, length).array();
    }

    /** Copies {@code length} bytes at {@code offset} to {@code out} and/or {@code digest}. */
    private static long copy(FileChannel in, long offset, long length, OutputStream out, MessageDigest digest)
            throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(1, length)));
        long done = 0;
        while (done < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
            int n = in.read(buffer, offset + done);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + (offset + done));
            }
            if (out != null) {
                out.write(buffer.array(), 0, n);
            }
            if (digest != null) {
                digest.update(buffer.array(), 0, n);
            }
            done += n;
        }
        return done;
    }
}
