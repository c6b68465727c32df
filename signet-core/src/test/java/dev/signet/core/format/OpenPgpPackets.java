package dev.signet.core.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;

/** Rewrites an armored v4 OpenPGP signature's unhashed subpacket area, which its key does not sign. */
final class OpenPgpPackets {
    private OpenPgpPackets() {}

    /** {@code armored} with its unhashed subpacket area replaced by {@code subpackets}, re-armored. */
    static byte[] withUnhashed(byte[] armored, byte[] subpackets) throws IOException {
        byte[] p;
        try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored))) {
            p = in.readAllBytes();
        }
        int at;
        int length;
        if ((p[0] & 0x40) != 0) {
            int first = p[1] & 0xff;
            if (first < 192) {
                length = first;
                at = 2;
            } else if (first < 224) {
                length = ((first - 192) << 8) + (p[2] & 0xff) + 192;
                at = 3;
            } else {
                length = ((p[2] & 0xff) << 24) | ((p[3] & 0xff) << 16) | ((p[4] & 0xff) << 8) | (p[5] & 0xff);
                at = 6;
            }
        } else {
            int octets = 1 << (p[0] & 0x03);
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (p[1 + i] & 0xff);
            }
            at = 1 + octets;
        }
        byte[] b = Arrays.copyOfRange(p, at, at + length);
        int unhashedAt = 6 + (((b[4] & 0xff) << 8) | (b[5] & 0xff));
        int leftAt = unhashedAt + 2 + (((b[unhashedAt] & 0xff) << 8) | (b[unhashedAt + 1] & 0xff));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(b, 0, unhashedAt);
        body.write(subpackets.length >> 8);
        body.write(subpackets.length);
        body.writeBytes(subpackets);
        body.write(b, leftAt, b.length - leftAt);
        byte[] newBody = body.toByteArray();

        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x89); // old format, tag 2, two-octet length
        packet.write(newBody.length >> 8);
        packet.write(newBody.length);
        packet.writeBytes(newBody);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = new ArmoredOutputStream(out)) {
            armor.write(packet.toByteArray());
        }
        return out.toByteArray();
    }
}
