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

    /**
     * The Signet extension SignPayload takes on this platform: the zip's length and SHA-384 ({@link
     * LambdaZipPayload}), answered with the signature block StartSigningJob embeds for that zip.
     */
    @Override
    public Optional<String> payloadFormat() {
        return Optional.of(LambdaZipPayload.MEDIA_TYPE);
    }

    /**
     * Signs a whole zip file into the signed zip, or a {@link #payloadFormat} payload into the
     * signature block alone (the client embeds it, {@link LambdaZipClientSigning}).
     */
    @Override
    public SignatureEvidence sign(SignRequest request, OutputStream out) throws FormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        if (request.key().handle().algorithm() != KeyAlgorithm.ECDSA_P384) {
            throw new FormatException("lambda-zip signs with ECDSA P-384 keys only");
        }
        if (request.subject() instanceof Subject.Payload payload) {
            return signStated(statedDigest(payload), request, out);
        }
        if (!(request.subject() instanceof Subject.File file)) {
            throw new FormatException(
                    "lambda-zip signs whole zip files or " + LambdaZipPayload.MEDIA_TYPE + " payloads, not digests");
        }
        ZipLayout layout = checkedLayout(file.path());
        SignatureMetadata metadata = request.metadata();
        try {
            byte[] digest = Digests.digest(HashAlgorithm.SHA384, file.path());
            LambdaZipToken.Signed token = LambdaZipToken.sign(request.key(), claims(digest, layout.size(), metadata));
            // the entries were checked above and are copied unchanged; what is copied is hashed again
            // and must be what was signed (a zip rewritten while it was signed is refused)
            SignedZips.write(file.path(), layout, token.block(), out, digest);
            return evidence(request, token);
        } catch (IOException e) {
            throw new FormatException("cannot read the zip or write the signed zip: " + e.getMessage(), e);
        }
    }

    /**
     * The zip's layout, once it is known to be a zip Signet signs: not already signed, every entry
     * holding what its headers declare.
     */
    static ZipLayout checkedLayout(Path zip) throws FormatException {
        ZipLayout layout = ZipLayout.read(zip);
        if (layout.entries().stream().anyMatch(e -> e.named(SignatureEntry.NAME))) {
            throw new FormatException("the zip is already signed: it carries META-INF/signet.sig");
        }
        try (FileChannel in = FileChannel.open(zip, StandardOpenOption.READ)) {
            ZipContents.check(in, layout);
        } catch (IOException e) {
            throw new FormatException("cannot read the zip: " + e.getMessage(), e);
        }
        return layout;
    }

    /** The block alone, for a zip of the stated length and SHA-384; the signing is the same as for a file. */
    private SignatureEvidence signStated(LambdaZipPayload stated, SignRequest request, OutputStream out)
            throws FormatException {
        LambdaZipToken.Signed token =
                LambdaZipToken.sign(request.key(), claims(stated.sha384(), stated.size(), request.metadata()));
        if (stated.size() + SignedZips.added(token.block()) > 0xFFFFFFFFL) {
            throw new FormatException("the signed zip would need zip64, which is not supported");
        }
        try {
            out.write(token.block());
        } catch (IOException e) {
            throw new FormatException("cannot write the signature block: " + e.getMessage(), e);
        }
        return evidence(request, token);
    }

    private static LambdaZipToken.Claims claims(byte[] digest, long size, SignatureMetadata metadata) {
        return new LambdaZipToken.Claims(
                digest,
                size,
                metadata.profileVersionArn(),
                metadata.jobArn(),
                metadata.signingTime(),
                metadata.expiresAt());
    }

    private static SignatureEvidence evidence(SignRequest request, LambdaZipToken.Signed token) {
        SignatureMetadata metadata = request.metadata();
        return new SignatureEvidence(ID, true, "", request.key().chain(), Optional.of(metadata.signingTime()))
                .withCanonicalSignatureValue(token.signature(), SignatureValues.EcdsaEncoding.JOSE)
                .withExpiresAt(metadata.expiresAt());
    }

    /** A payload's stated SHA-384 of the whole zip, {@code sha384:HEX}. */
    @Override
    public Optional<String> statedArtifactDigest(Subject subject) {
        try {
            return subject instanceof Subject.Payload payload
                    ? Optional.of("sha384:"
                            + java.util.HexFormat.of()
                                    .formatHex(statedDigest(payload).sha384()))
                    : Optional.empty();
        } catch (FormatException e) {
            return Optional.empty();
        }
    }

    private static LambdaZipPayload statedDigest(Subject.Payload payload) throws FormatException {
        if (!payload.mediaType().equals(LambdaZipPayload.MEDIA_TYPE)) {
            throw new FormatException(
                    ID + " signs " + LambdaZipPayload.MEDIA_TYPE + " payloads, not " + payload.mediaType());
        }
        return LambdaZipPayload.parse(payload.bytes());
    }

    /**
     * Verifies the signature embedded in a signed zip, or a signature block alone against the
     * {@link #payloadFormat} payload stating the original zip's length and SHA-384.
     *
     * @param signature must be empty for a signed zip (the signature is inside it); the block for a payload
     */
    @Override
    public SignatureEvidence verify(Subject subject, byte[] signature) throws FormatException {
        Objects.requireNonNull(subject, "subject");
        if (subject instanceof Subject.Payload payload) {
            return verifyBlock(statedDigest(payload), signature);
        }
        if (!(subject instanceof Subject.File file)) {
            throw new FormatException("lambda-zip verifies whole signed zip files, not digests");
        }
        if (signature != null && signature.length > 0) {
            throw new FormatException("lambda-zip signatures are embedded in the zip; give no detached signature");
        }
        return verify(file.path());
    }

    /** A block alone: what it states about the zip must be the payload's, and its signature valid. */
    private static SignatureEvidence verifyBlock(LambdaZipPayload stated, byte[] block) throws FormatException {
        if (block == null || block.length == 0) {
            throw new FormatException(
                    "lambda-zip needs the signature block to verify a " + LambdaZipPayload.MEDIA_TYPE + " payload");
        }
        LambdaZipToken.Parsed token = LambdaZipToken.parse(block);
        String problem = blockProblem(token, stated.sha384(), stated.size());
        return new SignatureEvidence(
                        ID,
                        problem.isEmpty(),
                        problem,
                        token.chain(),
                        Optional.of(token.claims().signingTime()))
                .withCanonicalSignatureValue(token.signature(), SignatureValues.EcdsaEncoding.JOSE)
                .withExpiresAt(token.claims().expiresAt());
    }

    /** Why a block does not sign a zip of this SHA-384 and length, or empty when it does. */
    static String blockProblem(LambdaZipToken.Parsed token, byte[] sha384, long size) {
        if (token.claims().size() != size) {
            return "the zip's original part is " + size + " bytes, the signature covers "
                    + token.claims().size();
        }
        if (!MessageDigest.isEqual(sha384, token.claims().digest())) {
            return "the zip's content does not match the signed SHA-384 digest";
        }
        if (!token.signatureValid()) {
            return "the ES384 signature does not verify with the signer certificate's key";
        }
        return "";
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
        return blockProblem(token, digest.digest(), originalSize);
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
    static long copy(FileChannel in, long offset, long length, OutputStream out, MessageDigest digest)
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
