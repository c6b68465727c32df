package dev.signet.core.format.freertos;

import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads the canonical JSON Signet writes for the AWS IoT formats, strictly: exact member names in
 * exact order, no whitespace, canonical numbers and base64. Anything else is a {@link
 * FormatException}. Every read is bounded by the caller's limits; the payload is decoded in chunks
 * (flat memory).
 *
 * <p>It scans its own buffer rather than reading byte by byte through a stream (which cost more than
 * the signature check itself on small documents), and decodes base64 straight from that buffer.
 */
final class IotJsonReader {
    /** Big enough for a small document in one read; a multiple of 4 (whole base64 quads). */
    private static final int BUFFER = 16 * 1024;

    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final byte[] ALPHABET_VALUE = alphabetValues();

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Stream bytes before {@code buf[0]}. */
    private long base;

    private boolean eof;

    IotJsonReader(InputStream in) {
        this(in, BUFFER);
    }

    /** Reads {@code in}, which holds about {@code size} bytes (a small document needs no larger buffer). */
    IotJsonReader(InputStream in, long size) {
        this.in = in;
        this.buf = new byte[(int) Math.max(64, Math.min(BUFFER, size + 1))];
    }

    /** Reads {@code document}, which is all there is (no copy). */
    IotJsonReader(byte[] document) {
        this.in = InputStream.nullInputStream();
        this.buf = document;
        this.limit = document.length;
        this.eof = true;
    }

    long position() {
        return base + pos;
    }

    /**
     * Keeps {@code buf[pos..limit)}, moved to the start, and reads more after it; false at the end of
     * the data.
     */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int kept = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, kept);
            base += pos;
            pos = 0;
            limit = kept;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos] & 0xff;
    }

    void expect(String literal) throws IOException, FormatException {
        for (int i = 0; i < literal.length(); i++) {
            if (read() != literal.charAt(i)) {
                throw new FormatException(
                        "not Signet's IoT JSON: expected " + literal + " at byte " + (position() - 1));
            }
        }
    }

    void expectEnd() throws IOException, FormatException {
        if (read() != -1) {
            throw new FormatException("data after the end of the JSON document");
        }
    }

    /** A non-negative decimal without leading zeros, at most {@code maxDigits} digits. */
    long number(int maxDigits) throws IOException, FormatException {
        StringBuilder digits = new StringBuilder();
        while (peek() >= '0' && peek() <= '9') {
            digits.append((char) read());
            if (digits.length() > maxDigits) {
                throw new FormatException("number too long at byte " + position());
            }
        }
        if (digits.isEmpty() || (digits.length() > 1 && digits.charAt(0) == '0')) {
            throw new FormatException("not a canonical number at byte " + position());
        }
        return Long.parseLong(digits.toString());
    }

    /** Printable ASCII without quote or backslash, up to the closing quote (consumed). */
    String text(int max) throws IOException, FormatException {
        int length = scanText(max);
        String text = new String(buf, pos, length, StandardCharsets.US_ASCII);
        pos += length + 1;
        return text;
    }

    /**
     * The length of the string at {@code pos}, whose closing quote is then in the buffer at {@code pos
     * + length}; refuses what {@link #text} refuses.
     */
    private int scanText(int max) throws IOException, FormatException {
        int i = 0;
        while (true) {
            if (pos + i == limit) {
                if (!fill()) {
                    throw new FormatException(
                            "unexpected character or end of data in a string at byte " + (position() + i + 1));
                }
                continue;
            }
            int c = buf[pos + i] & 0xff;
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                throw new FormatException(
                        "unexpected character or end of data in a string at byte " + (position() + i + 1));
            }
            if (i == max) {
                throw new FormatException("string longer than " + max + " characters at byte " + (position() + i + 1));
            }
            i++;
        }
    }

    /** Canonical standard base64 up to the closing quote. */
    byte[] base64(int maxChars) throws IOException, FormatException {
        int length = scanText(maxChars);
        byte[] decoded = decodeCanonical(buf, pos, length);
        pos += length + 1;
        return decoded;
    }

    /**
     * Decodes a base64 string up to its closing quote in chunks of whole quads, handing each decoded
     * chunk on; the string as a whole must be canonical base64.
     */
    long base64Stream(ChunkSink sink) throws IOException, FormatException {
        long total = 0;
        int scanned = 0; // bytes after pos that are neither the quote nor padding
        while (true) {
            int end = -1;
            for (int i = pos + scanned; i < limit; i++) {
                byte b = buf[i];
                if (b == '"' || b == '=') {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                // no end in sight: decode the whole quads, keep the rest for the next read
                int whole = (limit - pos) & ~3;
                if (whole > 0) {
                    byte[] decoded = decode(buf, pos, whole);
                    sink.accept(decoded);
                    total += decoded.length;
                    pos += whole;
                }
                scanned = limit - pos;
                if (!fill()) {
                    throw new FormatException("the payload string is not terminated");
                }
                continue;
            }
            int quote = end;
            if (buf[end] == '=') {
                // padding ends the string: the closing quote must follow within two bytes
                int padding = end - pos; // fill() moves the data to the start of the buffer
                while (limit - (pos + padding) < 3) {
                    if (!fill()) {
                        break;
                    }
                }
                end = pos + padding;
                quote = -1;
                for (int i = end; i < Math.min(limit, end + 3); i++) {
                    if (buf[i] == '"') {
                        quote = i;
                        break;
                    }
                }
                if (quote < 0) {
                    throw new FormatException(
                            limit - end < 3
                                    ? "the payload string is not terminated"
                                    : "base64 padding inside the payload");
                }
            }
            byte[] last = decodeCanonical(buf, pos, quote - pos);
            sink.accept(last);
            pos = quote + 1;
            return total + last.length;
        }
    }

    static byte[] decodeCanonical(String text) throws FormatException {
        byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
        return decodeCanonical(ascii, 0, ascii.length);
    }

    /**
     * Standard base64 that {@code Base64.getEncoder()} would write for its bytes: whole quads, the
     * right padding and zero bits after the last byte (the decoder alone accepts missing padding and
     * ignores those bits).
     */
    private static byte[] decodeCanonical(byte[] text, int offset, int length) throws FormatException {
        if (length % 4 != 0) {
            throw new FormatException("non-canonical base64");
        }
        byte[] decoded = decode(text, offset, length);
        if (length > 0) {
            int end = offset + length;
            if (text[end - 2] == '=') {
                if ((value(text[end - 3]) & 0x0f) != 0) {
                    throw new FormatException("non-canonical base64");
                }
            } else if (text[end - 1] == '=' && (value(text[end - 2]) & 0x03) != 0) {
                throw new FormatException("non-canonical base64");
            }
        }
        return decoded;
    }

    private static byte[] decode(byte[] text, int offset, int length) throws FormatException {
        try {
            ByteBuffer decoded = DECODER.decode(ByteBuffer.wrap(text, offset, length));
            return decoded.remaining() == decoded.capacity()
                    ? decoded.array()
                    : Arrays.copyOf(decoded.array(), decoded.remaining());
        } catch (IllegalArgumentException e) {
            throw new FormatException("malformed base64");
        }
    }

    /** The 6-bit value of a base64 character the decoder already accepted. */
    private static int value(byte c) {
        return ALPHABET_VALUE[c & 0x7f];
    }

    private static byte[] alphabetValues() {
        byte[] values = new byte[128];
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            values[alphabet.charAt(i)] = (byte) i;
        }
        return values;
    }

    /** Receives decoded payload bytes. */
    interface ChunkSink {
        void accept(byte[] bytes) throws FormatException;
    }
}
