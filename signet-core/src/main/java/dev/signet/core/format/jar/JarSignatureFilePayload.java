package dev.signet.core.format.jar;

import dev.signet.core.format.FormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The SignPayload payload of the JAR platform (a Signet extension, for signing a jar where it lies):
 * the jar's signature file ({@code META-INF/SIGNET.SF}, the bytes the signature block signs),
 * compressed with raw DEFLATE (RFC 1951), so that the server can rebuild, check and sign exactly
 * those bytes and answer with the block StartSigningJob writes for that jar. A jar's other bytes
 * are not in it: the signature file holds only entry names and SHA-256 digests.
 *
 * <p>The stream may be followed by the jar's SHA-256 as the client states it, exactly the 71 ASCII
 * bytes {@code sha256:} and 64 lower-case hex digits ({@link #TRAILER}), which the job records as the
 * artifact's digest; payloads without it (older clients) are signed alike and record none.
 *
 * <p>Refused: more than {@link #MAX_BYTES} bytes, anything that is not one complete DEFLATE stream
 * followed by nothing or by that trailer, a stream inflating to more than {@link #MAX_INFLATED}
 * bytes (read no further), and a signature file {@link SignatureFile#parse} refuses.
 */
final class JarSignatureFilePayload {
    /** The SignPayload {@code payloadFormat} that announces this payload. */
    static final String MEDIA_TYPE = "application/vnd.signet.jar-signature-file.v1+deflate";

    /**
     * The largest payload SignPayload takes on the JAR platform. A signature file deflates to about
     * 34 bytes per entry plus its compressed name: a jar of 10,000 entries with class names of 60 to
     * 100 characters takes 400 to 600 KiB.
     */
    static final int MAX_BYTES = 1 << 20;

    /** The largest signature file the payload may inflate to: {@link JarSigning#MAX_MANIFEST}. */
    static final int MAX_INFLATED = JarSigning.MAX_MANIFEST;

    /** The optional trailer after the stream: the jar's SHA-256, as a job records it. */
    static final Pattern TRAILER = Pattern.compile("sha256:[0-9a-f]{64}");

    private static final int TRAILER_LENGTH = 71;

    private JarSignatureFilePayload() {}

    /**
     * What a payload carries, checked.
     *
     * @param artifactDigest the jar's SHA-256 the client stated ({@code sha256:HEX}), if it did
     */
    record Parsed(SignatureFile signatureFile, Optional<String> artifactDigest) {}

    /** The payload for {@code signatureFile} of a jar whose SHA-256 is {@code jarSha256}. */
    static byte[] encode(byte[] signatureFile, byte[] jarSha256) {
        if (jarSha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 is 32 bytes");
        }
        byte[] stream = encode(signatureFile);
        byte[] trailer = ("sha256:" + HexFormat.of().formatHex(jarSha256)).getBytes(StandardCharsets.US_ASCII);
        byte[] payload = Arrays.copyOf(stream, stream.length + trailer.length);
        System.arraycopy(trailer, 0, payload, stream.length, trailer.length);
        return payload;
    }

    /** The payload for {@code signatureFile} without a trailer: its bytes deflated at the best compression. */
    static byte[] encode(byte[] signatureFile) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(signatureFile);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(signatureFile.length / 2 + 64);
            byte[] buffer = new byte[1 << 16];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * The signature file a payload carries, checked: inflated (bounded) and read by {@link
     * SignatureFile#parse}.
     *
     * @throws FormatException naming what is wrong with it
     */
    static Parsed parse(byte[] payload) throws FormatException {
        if (payload.length < 1 || payload.length > MAX_BYTES) {
            throw new FormatException("a " + MEDIA_TYPE + " payload is 1 to " + MAX_BYTES + " bytes, got "
                    + payload.length + " (sign a jar this large with StartSigningJob)");
        }
        ByteArrayOutputStream inflated = new ByteArrayOutputStream(Math.min(MAX_INFLATED, payload.length * 3));
        int after = inflate(payload, inflated);
        Optional<String> artifactDigest = Optional.empty();
        if (after > 0) {
            String trailer = new String(payload, payload.length - after, after, StandardCharsets.ISO_8859_1);
            if (after != TRAILER_LENGTH || !TRAILER.matcher(trailer).matches()) {
                throw malformed("bytes follow the end of the DEFLATE stream that are not the jar's"
                        + " sha256:<64 lower-case hex digits>");
            }
            artifactDigest = Optional.of(trailer);
        }
        return new Parsed(SignatureFile.parse(inflated.toByteArray()), artifactDigest);
    }

    /** Inflates the stream at the payload's start into {@code out}; returns how many bytes follow it. */
    private static int inflate(byte[] payload, ByteArrayOutputStream out) throws FormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(payload);
            byte[] buffer = new byte[1 << 16];
            boolean dummy = false;
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsInput() && !dummy) {
                    inflater.setInput(new byte[1]); // the dummy byte zlib may want after raw DEFLATE data
                    dummy = true;
                    continue;
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw malformed("the DEFLATE stream is truncated");
                }
                if (out.size() + n > MAX_INFLATED) {
                    throw malformed("it inflates to more than " + MAX_INFLATED + " bytes");
                }
                out.write(buffer, 0, n);
            }
            // the dummy byte is given only once the payload is consumed: nothing of it follows the stream
            return dummy ? 0 : inflater.getRemaining();
        } catch (DataFormatException e) {
            throw malformed("it is not a DEFLATE stream (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private static FormatException malformed(String why) {
        return new FormatException(
                "a " + MEDIA_TYPE + " payload is a signature file compressed with raw DEFLATE: " + why);
    }
}
