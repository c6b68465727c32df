package dev.signet.server.http.verify;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@link MultipartReader}: the {@code multipart/form-data} body of {@code POST /v1/verify}. The
 * input's first line is the Content-Type header, the rest the body, read part by part with a 4 KiB
 * limit per part (so limits are hit, too). Declares {@link MultipartException}.
 */
class MultipartReaderFuzz {
    private static final long PART_LIMIT = 4096;

    @BoundedFuzzTest
    void body(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        String contentType = new String(input, 0, newline < 0 ? input.length : newline, StandardCharsets.ISO_8859_1);
        int from = newline < 0 ? input.length : newline + 1;
        FuzzBounds.parse(() -> {
            try {
                MultipartReader reader = new MultipartReader(
                        new ByteArrayInputStream(input, from, input.length - from),
                        MultipartReader.boundary(contentType));
                for (Optional<MultipartReader.Part> part = reader.next(); part.isPresent(); part = reader.next()) {
                    if (!part.get().name().startsWith("skip")) {
                        reader.copyContent(OutputStream.nullOutputStream(), PART_LIMIT);
                    }
                }
            } catch (MultipartException declared) {
                // refused, as documented (PartTooLargeException is one)
            } catch (IOException e) {
                throw new UncheckedIOException("an undeclared I/O failure over an in-memory body", e);
            }
        });
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
