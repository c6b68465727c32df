package dev.signet.core.format.lambdazip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finds whether a file looks like a Signet-signed zip, leniently: a local or central directory
 * header naming {@code META-INF/signet.sig} anywhere in the part of the file where Signet puts
 * them. The signature entry's name is written twice (local and central header), so changing any one
 * byte of a signed zip never hides it: a tampered signed zip is still judged as a signed zip and
 * fails as one, instead of passing as "unsigned". Reads in 1 MiB chunks; never throws.
 */
final class SignatureMarker {
    private static final int CHUNK = 1 << 20;
    private static final int OVERLAP = ZipLayout.CENTRAL_LENGTH + 32;
    private static final long SPAN =
            ZipLayout.MAX_CENTRAL_DIRECTORY + LambdaZipToken.MAX_LENGTH + ZipLayout.END_LENGTH + 0xFFFF + 1024;

    private SignatureMarker() {}

    static boolean present(Path file) {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long start = Math.max(0, size - SPAN);
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK + OVERLAP).order(ByteOrder.LITTLE_ENDIAN);
            for (long at = start; at < size; at += CHUNK) {
                buffer.clear();
                long from = Math.max(start, at - OVERLAP);
                buffer.limit((int) Math.min(buffer.capacity(), size - from));
                while (buffer.hasRemaining() && in.read(buffer, from + buffer.position()) >= 0) {
                    // fill the chunk
                }
                buffer.flip();
                if (contains(buffer)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // an unreadable file carries no signature this format can use
        }
    }

    private static boolean contains(ByteBuffer b) {
        byte[] name = SignatureEntry.NAME;
        for (int p = ZipLayout.LOCAL_LENGTH; p + name.length <= b.limit(); p++) {
            if (b.get(p) != name[0] || !matches(b, p, name)) {
                continue;
            }
            if (b.getInt(p - ZipLayout.LOCAL_LENGTH) == ZipLayout.LOCAL_SIG
                    || (p >= ZipLayout.CENTRAL_LENGTH
                            && b.getInt(p - ZipLayout.CENTRAL_LENGTH) == ZipLayout.CENTRAL_SIG)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(ByteBuffer b, int p, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (b.get(p + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
