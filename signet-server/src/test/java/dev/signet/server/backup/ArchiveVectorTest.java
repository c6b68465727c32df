package dev.signet.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The test vector of docs/formats.md, "Backup archive": the committed archive opens under its
 * passphrase (scrypt run for real) to the listed entries, and sealing the listed content with the
 * vector's salt gives the same bytes.
 */
class ArchiveVectorTest {
    static final String VECTOR = "vector-1.hex";

    /** The vector's content: its manifest, a master key of 32 bytes 0x42, a credentials file. */
    static byte[] content() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveWriter writer = new ArchiveWriter(out);
        writer.file(ArchivePaths.MANIFEST, Archives.MANIFEST.encode());
        byte[] masterKey = new byte[32];
        Arrays.fill(masterKey, (byte) 0x42);
        writer.file("master.key", masterKey);
        writer.file("credentials", "[signet]\n".getBytes(StandardCharsets.UTF_8));
        writer.finish();
        return out.toByteArray();
    }

    static byte[] vector() throws IOException {
        try (InputStream in = ArchiveVectorTest.class.getResourceAsStream(VECTOR)) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    @Test
    void theVectorOpensUnderItsPassphraseToTheListedEntries() throws IOException {
        List<String> listing = new ArrayList<>();
        try (UnsealingInputStream in =
                UnsealingInputStream.open(new ByteArrayInputStream(vector()), Archives.PASSPHRASE.toCharArray())) {
            ArchiveReader reader = new ArchiveReader(in);
            for (Optional<ArchiveReader.Entry> e = reader.next(); e.isPresent(); e = reader.next()) {
                byte[] bytes = e.get().content().readAllBytes();
                listing.add(e.get().path() + " " + bytes.length + " "
                        + HexFormat.of().formatHex(bytes));
            }
        }
        assertThat(listing)
                .containsExactly(
                        "SIGNET-BACKUP 69 "
                                + HexFormat.of()
                                        .formatHex(
                                                "format=1\ncreated=2026-12-07T00:00:00Z\ndatabase=postgresql\nobjects=s3\n"
                                                        .getBytes(StandardCharsets.UTF_8)),
                        "master.key 32 " + "42".repeat(32),
                        "credentials 9 " + HexFormat.of().formatHex("[signet]\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sealingTheListedContentWithTheVectorsSaltGivesTheVector() throws IOException {
        assertThat(HexFormat.of().formatHex(Archives.seal(content())))
                .isEqualTo(HexFormat.of().formatHex(vector()));
    }
}
