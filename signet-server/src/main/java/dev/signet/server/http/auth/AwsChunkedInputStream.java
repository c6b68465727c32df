package dev.signet.server.http.auth;

import dev.signet.core.sigv4.SigV4;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decodes an {@code aws-chunked} body as S3 defines it, streaming: {@code SIZE[;chunk-signature=SIG]
 * CRLF DATA CRLF} repeated, a zero-size chunk, optional trailers ({@code name:value CRLF}, with
 * {@code x-amz-trailer-signature} when signed), and a final CRLF. When signed, each chunk's
 * signature is checked against the chain seeded by the request signature; the data of a chunk is
 * released as it arrives, and a bad signature fails the read at the chunk's end, before
 * end-of-stream. The declared trailer checksum and decoded length are checked at the end.
 */
public final class AwsChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILER_BYTES = 16 * 1024;
    private static final long MAX_CHUNK = 5L * 1024 * 1024 * 1024;
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private final InputStream in;
    private final Optional<SigningContext> signing;
    private final Optional<String> trailerName;
    private final Optional<Long> decodedLength;
    private Optional<RunningChecksum> trailerChecksum;
    private String previousSignature;
    private String chunkSignature;
    private MessageDigest chunkDigest;
    private long remainingInChunk;
    private long decoded;
    private boolean done;

    /**
     * @param signing the verified request when chunks are signed; empty for
     *     {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}
     * @param trailerName the {@code x-amz-trailer} header: the one trailer the body must end with
     * @param decodedLength {@code x-amz-decoded-content-length}, checked at the end when present
     */
    public AwsChunkedInputStream(
            InputStream in,
            Optional<SigningContext> signing,
            Optional<String> trailerName,
            Optional<Long> decodedLength)
            throws PayloadRejectedException {
        this.in = Objects.requireNonNull(in);
        this.signing = signing;
        this.trailerName = trailerName.map(n -> n.strip().toLowerCase(Locale.ROOT));
        this.decodedLength = decodedLength;
        this.previousSignature = signing.map(SigningContext::seedSignature).orElse(null);
        if (this.trailerName.isPresent()) {
            this.trailerChecksum = RunningChecksum.forAmzChecksumHeader(this.trailerName.get());
            if (trailerChecksum.isEmpty()) {
                throw new PayloadRejectedException(
                        "InvalidRequest",
                        "BadRequestException",
                        400,
                        "Unsupported trailer " + this.trailerName.get() + "; use x-amz-checksum-crc32, -crc32c,"
                                + " -crc64nvme, -sha1 or -sha256.");
            }
        } else {
            this.trailerChecksum = Optional.empty();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (!done && remainingInChunk == 0) {
            nextChunk();
        }
        if (done) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remainingInChunk));
        if (n < 0) {
            throw PayloadRejectedException.malformed("The aws-chunked body ended inside a chunk.");
        }
        remainingInChunk -= n;
        decoded += n;
        if (chunkDigest != null) {
            chunkDigest.update(b, off, n);
        }
        trailerChecksum.ifPresent(c -> c.update(b, off, n));
        if (remainingInChunk == 0) {
            endChunk();
        }
        return n;
    }

    /** Reads the CRLF after a chunk's data and checks the chunk's signature. */
    private void endChunk() throws IOException {
        expectCrlf();
        verifyChunk(SigV4.hex(chunkDigest == null ? new byte[0] : chunkDigest.digest()));
    }

    private void nextChunk() throws IOException {
        String header = readLine();
        int semicolon = header.indexOf(';');
        String sizeHex = semicolon < 0 ? header : header.substring(0, semicolon);
        long size;
        try {
            if (sizeHex.isEmpty() || sizeHex.length() > 16) {
                throw new NumberFormatException();
            }
            size = Long.parseUnsignedLong(sizeHex, 16);
        } catch (NumberFormatException e) {
            throw PayloadRejectedException.malformed("An aws-chunked chunk size is not hex.");
        }
        if (size < 0 || size > MAX_CHUNK) {
            throw PayloadRejectedException.malformed("An aws-chunked chunk is too large.");
        }
        chunkSignature = null;
        if (semicolon >= 0) {
            String ext = header.substring(semicolon + 1);
            if (ext.startsWith("chunk-signature=")) {
                chunkSignature = ext.substring("chunk-signature=".length());
            }
        }
        if (signing.isPresent() && (chunkSignature == null || !SigV4.isSha256Hex(chunkSignature))) {
            throw PayloadRejectedException.signature("An aws-chunked chunk has no valid chunk-signature.");
        }
        chunkDigest = signing.isPresent() ? SigV4.sha256() : null;
        if (size > 0) {
            remainingInChunk = size;
            return;
        }
        verifyChunk(SigV4.EMPTY_SHA256);
        finish();
    }

    private void verifyChunk(String dataHash) throws PayloadRejectedException {
        if (signing.isEmpty()) {
            return;
        }
        SigningContext ctx = signing.get();
        String expected = SigV4.signature(
                ctx.signingKey(),
                SigV4.chunkStringToSign(ctx.amzDate(), ctx.parameters().scope(), previousSignature, dataHash));
        if (!SigV4.constantTimeEquals(expected, chunkSignature)) {
            throw PayloadRejectedException.signature(
                    "The request signature we calculated does not match the signature you provided.");
        }
        previousSignature = chunkSignature;
    }

    /** After the zero-size chunk: trailers, then the final empty line; then the end checks. */
    private void finish() throws IOException {
        Map<String, String> trailers = new LinkedHashMap<>();
        StringBuilder canonical = new StringBuilder();
        Optional<String> trailerSignature = Optional.empty();
        int total = 0;
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            total += line.length();
            if (total > MAX_TRAILER_BYTES) {
                throw PayloadRejectedException.malformed("The aws-chunked trailers are too long.");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw PayloadRejectedException.malformed("An aws-chunked trailer is not name:value.");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals(TRAILER_SIGNATURE)) {
                trailerSignature = Optional.of(value);
            } else {
                trailers.put(name, value);
                canonical.append(name).append(':').append(value).append('\n');
            }
        }
        if (signing.isPresent() && trailerName.isPresent()) {
            SigningContext ctx = signing.get();
            String expected = SigV4.signature(
                    ctx.signingKey(),
                    SigV4.trailerStringToSign(
                            ctx.amzDate(),
                            ctx.parameters().scope(),
                            previousSignature,
                            SigV4.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8))));
            if (trailerSignature.isEmpty() || !SigV4.constantTimeEquals(expected, trailerSignature.get())) {
                throw PayloadRejectedException.signature("The trailer signature does not match.");
            }
        }
        if (trailerName.isPresent()) {
            String declared = trailers.get(trailerName.get());
            if (declared == null) {
                throw PayloadRejectedException.malformed(
                        "The body does not end with the declared trailer " + trailerName.get() + ".");
            }
            if (!SigV4.constantTimeEquals(trailerChecksum.orElseThrow().result(), declared)) {
                throw new PayloadRejectedException(
                        "BadDigest",
                        "BadRequestException",
                        400,
                        "The " + trailerName.get() + " you specified did not match the calculated checksum.");
            }
        }
        if (decodedLength.isPresent() && decodedLength.get() != decoded) {
            throw new PayloadRejectedException(
                    "IncompleteBody",
                    "BadRequestException",
                    400,
                    "You did not provide the number of bytes specified by x-amz-decoded-content-length.");
        }
        done = true;
    }

    private void expectCrlf() throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw PayloadRejectedException.malformed("An aws-chunked chunk is not followed by CRLF.");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw PayloadRejectedException.malformed("The aws-chunked body ended early.");
            }
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw PayloadRejectedException.malformed("A bare CR in the aws-chunked framing.");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw PayloadRejectedException.malformed("An aws-chunked line is too long.");
            }
            line.write(c);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
