package dev.signet.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.service.Caller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** aws-chunked decoding: signed chunks, trailers, and every way the framing can be broken. */
class AwsChunkedInputStreamTest {
    static final String DATE = "20261127T000000Z";
    static final SignatureParameters PARAMS = new SignatureParameters(
            "AKIDEXAMPLE", "20261127", "us-east-1", "s3", List.of("host"), "a".repeat(64), Optional.empty());
    static final byte[] KEY =
            SigV4.signingKey("secret".getBytes(StandardCharsets.UTF_8), "20261127", "us-east-1", "s3");
    static final SigningContext SIGNING = new SigningContext(
            Caller.administrator("AKIDEXAMPLE", "arn:aws:iam::000000000000:user/t", "000000000000"),
            PARAMS,
            DATE,
            KEY,
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");

    static byte[] data(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    /** Encodes {@code data} in chunks of {@code chunk} bytes, signed as the SDK does, with a crc32 trailer. */
    static String encodeSigned(byte[] data, int chunk, boolean trailer) {
        StringBuilder out = new StringBuilder();
        String previous = PARAMS.signature();
        for (int off = 0; ; off += chunk) {
            int start = Math.min(off, data.length);
            int n = Math.min(chunk, data.length - start);
            byte[] part = java.util.Arrays.copyOfRange(data, start, start + n);
            String sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + DATE + "\n" + PARAMS.scope() + "\n" + previous + "\n"
                    + SigV4.EMPTY_SHA256 + "\n" + SigV4.sha256Hex(part);
            String sig = SigV4.signature(KEY, sts);
            out.append(Integer.toHexString(n))
                    .append(";chunk-signature=")
                    .append(sig)
                    .append("\r\n");
            out.append(new String(part, StandardCharsets.ISO_8859_1));
            previous = sig;
            if (n == 0) {
                break;
            }
            out.append("\r\n");
        }
        if (trailer) {
            String t = "x-amz-checksum-crc32:" + crc32(data);
            String sts = "AWS4-HMAC-SHA256-TRAILER\n" + DATE + "\n" + PARAMS.scope() + "\n" + previous + "\n"
                    + SigV4.sha256Hex((t + "\n").getBytes(StandardCharsets.UTF_8));
            out.append(t)
                    .append("\r\n")
                    .append("x-amz-trailer-signature:")
                    .append(SigV4.signature(KEY, sts))
                    .append("\r\n");
        }
        return out.append("\r\n").toString();
    }

    static String crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        long v = crc.getValue();
        return Base64.getEncoder()
                .encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    static byte[] decode(String encoded, Optional<SigningContext> signing, Optional<String> trailer, long length)
            throws IOException {
        InputStream in = new AwsChunkedInputStream(
                new ByteArrayInputStream(encoded.getBytes(StandardCharsets.ISO_8859_1)),
                signing,
                trailer,
                Optional.of(length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8191, 8192, 100_000})
    void decodesSignedChunksWithATrailer(int size) throws IOException {
        byte[] data = data(size);
        assertThat(decode(
                        encodeSigned(data, 8192, true),
                        Optional.of(SIGNING),
                        Optional.of("x-amz-checksum-crc32"),
                        size))
                .isEqualTo(data);
    }

    @Test
    void decodesSignedChunksWithoutTrailer() throws IOException {
        byte[] data = data(20_000);
        assertThat(decode(encodeSigned(data, 8192, false), Optional.of(SIGNING), Optional.empty(), 20_000))
                .isEqualTo(data);
    }

    @Test
    void decodesUnsignedChunksWithATrailer() throws IOException {
        byte[] data = data(10_000);
        String encoded = "2000\r\n" + new String(data, 0, 8192, StandardCharsets.ISO_8859_1) + "\r\n"
                + Integer.toHexString(10_000 - 8192) + "\r\n"
                + new String(data, 8192, 10_000 - 8192, StandardCharsets.ISO_8859_1) + "\r\n"
                + "0\r\nx-amz-checksum-crc32:" + crc32(data) + "\r\n\r\n";
        assertThat(decode(encoded, Optional.empty(), Optional.of("x-amz-checksum-crc32"), 10_000))
                .isEqualTo(data);
    }

    static List<UnaryOperator<String>> tamperings() {
        return List.of(
                s -> flipDataByte(s),
                s -> s.replaceFirst("chunk-signature=.", "chunk-signature=0"),
                s -> s.replace("x-amz-checksum-crc32:", "x-amz-checksum-crc32:A"),
                s -> s.replaceFirst("x-amz-trailer-signature:.", "x-amz-trailer-signature:0"),
                s -> s.substring(0, s.length() / 2),
                s -> s.substring(0, s.length() - 2),
                s -> "zz" + s.substring(s.indexOf(';')),
                s -> s.replaceFirst("\r\n", "\n"),
                s -> s.replace("x-amz-trailer-signature", "x-amz-other"));
    }

    /** Why each of {@link #tamperings()} is refused, in the same order. */
    static final List<String> TAMPERING_REASONS = List.of(
            "The request signature we calculated does not match the signature you provided.",
            "The request signature we calculated does not match the signature you provided.",
            "The trailer signature does not match.",
            "The trailer signature does not match.",
            "The aws-chunked body ended inside a chunk.",
            "The aws-chunked body ended early.",
            "An aws-chunked chunk size is not hex.",
            "A bare CR in the aws-chunked framing.",
            "The trailer signature does not match.");

    static String flipDataByte(String s) {
        int at = s.indexOf("\r\n") + 10;
        char c = s.charAt(at);
        return s.substring(0, at) + (char) (c ^ 1) + s.substring(at + 1);
    }

    @Test
    void everyTamperingFailsBeforeEndOfStream() {
        byte[] data = data(20_000);
        String good = encodeSigned(data, 8192, true);
        List<UnaryOperator<String>> all = tamperings();
        for (int i = 0; i < all.size(); i++) {
            String bad = all.get(i).apply(good);
            assertThat(bad).as("tampering %d changes the body", i).isNotEqualTo(good);
            assertThatThrownBy(() -> decode(bad, Optional.of(SIGNING), Optional.of("x-amz-checksum-crc32"), 20_000))
                    .as("tampering %d", i)
                    .isInstanceOf(PayloadRejectedException.class)
                    .hasMessage(TAMPERING_REASONS.get(i));
        }
    }

    @Test
    void wrongDecodedLengthIsRefused() {
        byte[] data = data(1000);
        assertThatThrownBy(() -> decode(
                        encodeSigned(data, 512, true), Optional.of(SIGNING), Optional.of("x-amz-checksum-crc32"), 999))
                .isInstanceOfSatisfying(
                        PayloadRejectedException.class,
                        e -> assertThat(e.s3Code()).isEqualTo("IncompleteBody"));
    }

    @Test
    void unsupportedTrailerIsRefused() {
        assertThatThrownBy(() -> new AwsChunkedInputStream(
                        InputStream.nullInputStream(),
                        Optional.empty(),
                        Optional.of("x-amz-checksum-md7"),
                        Optional.empty()))
                .isInstanceOf(PayloadRejectedException.class)
                .hasMessage(
                        "Unsupported trailer x-amz-checksum-md7; use x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1 or -sha256.");
    }
}
