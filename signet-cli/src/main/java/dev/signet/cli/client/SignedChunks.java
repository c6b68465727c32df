package dev.signet.cli.client;

import dev.signet.cli.http.HttpRequest;
import dev.signet.core.sigv4.SigV4;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;

/**
 * A request body sent {@code aws-chunked} with a signature per chunk ({@link SigV4#STREAMING_PAYLOAD}):
 * {@code HEX(SIZE);chunk-signature=SIG CRLF DATA CRLF} for every {@link #CHUNK} bytes of the decoded
 * body (the last chunk shorter), then a zero-size chunk and an empty line, each signature chained to
 * the one before, the first to the request's own. The decoded body is read once, as it is sent,
 * through one chunk-sized buffer: memory stays flat whatever its size. The chunk size is the AWS SDK
 * signer's, so the encoding is byte for byte what the SDK sends (tested). Sent once: not repeatable.
 */
final class SignedChunks implements HttpRequest.Body {
    /** Bytes of decoded body per chunk. */
    static final int CHUNK = 128 * 1024;

    private static final int SIGNATURE_EXTENSION = ";chunk-signature=".length() + 64;

    private final InputStreamSource decoded;
    private final long decodedLength;
    private final Function<String, String> signatures;

    /** Opens the decoded body (read once). */
    @FunctionalInterface
    interface InputStreamSource {
        InputStream open() throws IOException;
    }

    /**
     * @param signatures the next chunk's signature, given the hex SHA-256 of its data ({@link
     *     SigV4Signer.ChunkSignatures#next})
     */
    SignedChunks(InputStreamSource decoded, long decodedLength, Function<String, String> signatures) {
        if (decodedLength < 0) {
            throw new IllegalArgumentException("a length is expected");
        }
        this.decoded = Objects.requireNonNull(decoded, "decoded");
        this.decodedLength = decodedLength;
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    /** The encoded length of a decoded body of {@code decodedLength} bytes. */
    static long encodedLength(long decodedLength) {
        long full = decodedLength / CHUNK;
        long rest = decodedLength % CHUNK;
        long length = full * chunkLength(CHUNK) + chunkLength(0);
        return rest == 0 ? length : length + chunkLength(rest);
    }

    private static long chunkLength(long size) {
        return Long.toHexString(size).length() + SIGNATURE_EXTENSION + 2 + size + 2;
    }

    @Override
    public long length() {
        return encodedLength(decodedLength);
    }

    @Override
    public boolean repeatable() {
        return false;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        MessageDigest sha256 = SigV4.sha256();
        byte[] buffer = new byte[CHUNK];
        long left = decodedLength;
        try (InputStream in = decoded.open()) {
            while (left > 0) {
                int size = (int) Math.min(CHUNK, left);
                if (in.readNBytes(buffer, 0, size) != size) {
                    throw new IOException("the body ended " + left + " bytes short of its declared length");
                }
                chunk(out, sha256, buffer, size);
                left -= size;
            }
            if (in.read() >= 0) {
                throw new IOException("the body is longer than its declared length");
            }
        }
        chunk(out, sha256, buffer, 0);
    }

    private void chunk(OutputStream out, MessageDigest sha256, byte[] data, int size) throws IOException {
        sha256.update(data, 0, size);
        String signature = signatures.apply(HexFormat.of().formatHex(sha256.digest()));
        out.write((Integer.toHexString(size) + ";chunk-signature=" + signature + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(data, 0, size);
        out.write('\r');
        out.write('\n');
    }
}
