package dev.signet.core.format.freertos;

import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads the canonical JSON Signet writes for the AWS IoT formats, byte by byte and strictly: exact
 * member names in exact order, no whitespace, canonical numbers and base64. Anything else is a
 * {@link FormatException}. Every read is bounded by the caller's limits; the payload is decoded in
 * chunks (flat memory).
 */
final class IotJsonReader {
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private long position;
    private int pushedBack = -2;

    IotJsonReader(InputStream in) {
        this.in = in;
    }

    long position() {
        return position;
    }

    int read() throws IOException {
        int c;
        if (pushedBack != -2) {
            c = pushedBack;
            pushedBack = -2;
        } else {
            c = in.read();
        }
        if (c >= 0) {
            position++;
        }
        return c;
    }

    int peek() throws IOException {
        if (pushedBack == -2) {
            pushedBack = in.read();
        }
        return pushedBack;
    }

    void expect(String literal) throws IOException, FormatException {
        for (int i = 0; i < literal.length(); i++) {
            if (read() != literal.charAt(i)) {
                throw new FormatException("not Signet's IoT JSON: expected " + literal + " at byte " + (position - 1));
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
                throw new FormatException("number too long at byte " + position);
            }
        }
        if (digits.isEmpty() || (digits.length() > 1 && digits.charAt(0) == '0')) {
            throw new FormatException("not a canonical number at byte " + position);
        }
        return Long.parseLong(digits.toString());
    }

    /** Printable ASCII without quote or backslash, up to the closing quote (consumed). */
    String text(int max) throws IOException, FormatException {
        StringBuilder sb = new StringBuilder();
        for (int c = read(); c != '"'; c = read()) {
            if (c < 0x20 || c > 0x7e || c == '\\') {
                throw new FormatException("unexpected character or end of data in a string at byte " + position);
            }
            if (sb.length() == max) {
                throw new FormatException("string longer than " + max + " characters at byte " + position);
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** Canonical standard base64 up to the closing quote. */
    byte[] base64(int maxChars) throws IOException, FormatException {
        return decodeCanonical(text(maxChars));
    }

    /** Decodes a base64 string up to its closing quote in chunks, handing each decoded chunk on. */
    long base64Stream(ChunkSink sink) throws IOException, FormatException {
        char[] chunk = new char[CHUNK];
        int length = 0;
        long total = 0;
        for (int c = read(); c != '"'; c = read()) {
            if (c < 0) {
                throw new FormatException("the payload string is not terminated");
            }
            chunk[length++] = (char) c;
            if (length == CHUNK) {
                String part = new String(chunk);
                if (part.indexOf('=') >= 0) {
                    throw new FormatException("base64 padding inside the payload");
                }
                byte[] decoded = decode(part);
                sink.accept(decoded);
                total += decoded.length;
                length = 0;
            }
        }
        byte[] last = decodeCanonical(new String(chunk, 0, length));
        sink.accept(last);
        return total + last.length;
    }

    static byte[] decodeCanonical(String text) throws FormatException {
        byte[] decoded = decode(text);
        if (!Arrays.equals(Base64.getEncoder().encode(decoded), text.getBytes(StandardCharsets.US_ASCII))) {
            throw new FormatException("non-canonical base64");
        }
        return decoded;
    }

    private static byte[] decode(String text) throws FormatException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new FormatException("malformed base64");
        }
    }

    /** Receives decoded payload bytes. */
    interface ChunkSink {
        void accept(byte[] bytes) throws FormatException;
    }
}
