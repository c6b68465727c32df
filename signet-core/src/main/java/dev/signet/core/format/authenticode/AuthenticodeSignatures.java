package dev.signet.core.format.authenticode;

import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Whether a file already carries an Authenticode signature: a PE whose certificate table (data
 * directory 4, the security directory) is non-empty and lies inside the file, an MSI package with
 * a {@code \u0005DigitalSignature} stream, or a PowerShell script with a {@code # SIG # Begin
 * signature block}. Reads only the PE headers, the MSI directory, or a script of at most {@link
 * AuthenticodeFiles#MAX_SCRIPT_SIZE} bytes; never throws (an unreadable or malformed file is not
 * signed).
 */
final class AuthenticodeSignatures {
    static final String SCRIPT_MARKER = "# SIG # Begin signature block";
    private static final int MAX_PE_HEADER_OFFSET = 64 * 1024;
    private static final int SECURITY_DIRECTORY = 4;

    private AuthenticodeSignatures() {}

    static boolean present(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return false;
        }
        try {
            return AuthenticodeFiles.read("unreadable", () -> {
                byte[] head;
                try (InputStream in = Files.newInputStream(file)) {
                    head = in.readNBytes(4096);
                }
                AuthenticodeFiles.Kind kind = AuthenticodeFiles.kindOf(head).orElse(null);
                if (kind == null) {
                    return false;
                }
                return switch (kind) {
                    case PE -> peHasCertificateTable(file);
                    case MSI -> msiHasSignatureStream(file);
                    case POWERSHELL -> scriptHasSignatureBlock(file);
                };
            });
        } catch (FormatException e) {
            return false; // a file that cannot be read is not a signed one
        }
    }

    private static boolean peHasCertificateTable(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer dos = read(channel, 0, 64);
            long peOffset = Integer.toUnsignedLong(dos.getInt(0x3C));
            if (peOffset > MAX_PE_HEADER_OFFSET || peOffset + 24 + 2 > size) {
                return false;
            }
            ByteBuffer coff = read(channel, peOffset, 24 + 2);
            if (coff.getInt(0) != 0x00004550) {
                return false;
            }
            int optionalSize = Short.toUnsignedInt(coff.getShort(20));
            int magic = Short.toUnsignedInt(coff.getShort(24));
            int directories = switch (magic) {
                case 0x10B -> 96;
                case 0x20B -> 112;
                default -> -1;
            };
            if (directories < 0 || optionalSize < directories + (SECURITY_DIRECTORY + 1) * 8) {
                return false;
            }
            long optional = peOffset + 24;
            if (optional + optionalSize > size) {
                return false;
            }
            ByteBuffer header = read(channel, optional, optionalSize);
            long count = Integer.toUnsignedLong(header.getInt(directories - 4));
            if (count <= SECURITY_DIRECTORY) {
                return false;
            }
            long tableOffset = Integer.toUnsignedLong(header.getInt(directories + SECURITY_DIRECTORY * 8));
            long tableSize = Integer.toUnsignedLong(header.getInt(directories + SECURITY_DIRECTORY * 8 + 4));
            return tableSize > 0 && tableOffset > 0 && tableOffset + tableSize <= size;
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64 && buffer.hasRemaining(); i++) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("truncated");
            }
        }
        if (buffer.hasRemaining()) {
            throw new IOException("truncated");
        }
        return buffer;
    }

    private static boolean msiHasSignatureStream(Path file) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            return fs.getRoot().hasEntry("\u0005DigitalSignature");
        }
    }

    private static boolean scriptHasSignatureBlock(Path file) throws IOException {
        if (Files.size(file) > AuthenticodeFiles.MAX_SCRIPT_SIZE) {
            return false;
        }
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(SCRIPT_MARKER);
    }
}
