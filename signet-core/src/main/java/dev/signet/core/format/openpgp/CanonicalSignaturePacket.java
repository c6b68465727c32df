package dev.signet.core.format.openpgp;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * The canonical form of an encoded v4 OpenPGP signature packet, which names the signature: the
 * unhashed subpacket area emptied (anyone can change it without the key), every signature MPI
 * re-encoded minimally (bit count of the value, no leading zero octets), and a new-format packet
 * header with the shortest length encoding (RFC 4880 4.2.2). Version, type, algorithms, the hashed
 * subpackets and the left 16 bits of the hash are kept as carried.
 */
final class CanonicalSignaturePacket {
    private static final int SIGNATURE_TAG = 2;

    private CanonicalSignaturePacket() {}

    /** The canonical packet, or empty when {@code packet} is not one v4 signature packet. */
    static Optional<byte[]> of(byte[] packet) {
        Optional<byte[]> body = body(packet);
        if (body.isEmpty() || body.get().length < 8 || body.get()[0] != 4) {
            return Optional.empty();
        }
        byte[] b = body.get();
        int hashedLength = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        int unhashedAt = 6 + hashedLength;
        if (unhashedAt + 2 > b.length) {
            return Optional.empty();
        }
        int unhashedLength = ((b[unhashedAt] & 0xff) << 8) | (b[unhashedAt + 1] & 0xff);
        int leftAt = unhashedAt + 2 + unhashedLength;
        if (leftAt + 2 > b.length) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, unhashedAt);
        out.write(0);
        out.write(0);
        out.write(b, leftAt, 2);
        int pos = leftAt + 2;
        while (pos < b.length) {
            if (pos + 2 > b.length) {
                return Optional.empty();
            }
            int bits = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
            int length = (bits + 7) / 8;
            if (pos + 2 + length > b.length) {
                return Optional.empty();
            }
            BigInteger value = new BigInteger(1, Arrays.copyOfRange(b, pos + 2, pos + 2 + length));
            writeMpi(out, value);
            pos += 2 + length;
        }
        return Optional.of(packet(out.toByteArray()));
    }

    private static void writeMpi(ByteArrayOutputStream out, BigInteger value) {
        int bits = value.bitLength();
        out.write(bits >> 8);
        out.write(bits);
        byte[] magnitude = value.toByteArray();
        int skip = magnitude[0] == 0 ? 1 : 0;
        out.write(magnitude, skip, magnitude.length - skip);
    }

    private static byte[] packet(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xc0 | SIGNATURE_TAG);
        int n = body.length;
        if (n < 192) {
            out.write(n);
        } else if (n < 8384) {
            out.write(((n - 192) >> 8) + 192);
            out.write((n - 192) & 0xff);
        } else {
            out.write(0xff);
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
        out.write(body, 0, n);
        return out.toByteArray();
    }

    /** The body of the single signature packet in {@code packet}, old or new format. */
    private static Optional<byte[]> body(byte[] p) {
        if (p.length < 2 || (p[0] & 0x80) == 0) {
            return Optional.empty();
        }
        int tag;
        int at;
        long length;
        if ((p[0] & 0x40) != 0) {
            tag = p[0] & 0x3f;
            int first = p[1] & 0xff;
            if (first < 192) {
                length = first;
                at = 2;
            } else if (first < 224 && p.length >= 3) {
                length = ((first - 192) << 8) + (p[2] & 0xff) + 192;
                at = 3;
            } else if (first == 255 && p.length >= 6) {
                length = ((long) (p[2] & 0xff) << 24) | ((p[3] & 0xff) << 16) | ((p[4] & 0xff) << 8) | (p[5] & 0xff);
                at = 6;
            } else {
                return Optional.empty(); // partial body lengths are not allowed for signatures
            }
        } else {
            tag = (p[0] >> 2) & 0x0f;
            int type = p[0] & 0x03;
            int octets = type == 0 ? 1 : type == 1 ? 2 : type == 2 ? 4 : 0;
            if (p.length < 1 + octets) {
                return Optional.empty();
            }
            length = octets == 0 ? p.length - 1 : 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (p[1 + i] & 0xff);
            }
            at = 1 + octets;
        }
        if (tag != SIGNATURE_TAG || at + length != p.length) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(p, at, p.length));
    }
}
