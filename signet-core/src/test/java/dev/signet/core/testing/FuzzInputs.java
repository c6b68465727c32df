package dev.signet.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shapes a fuzz input for parsers that want a file or several fields. */
public final class FuzzInputs {
    private FuzzInputs() {}

    /** Writes the input to {@code file}, replacing the previous input, and returns the file. */
    public static Path file(Path file, byte[] input) {
        try {
            return Files.write(file, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The input cut at its first {@code count - 1} NUL bytes into exactly {@code count} fields
     * (missing ones empty), so a seed with several fields is written as text joined by NULs.
     */
    public static List<byte[]> fields(byte[] input, int count) {
        List<byte[]> out = new ArrayList<>(count);
        int from = 0;
        for (int i = 0; i < input.length && out.size() < count - 1; i++) {
            if (input[i] == 0) {
                out.add(Arrays.copyOfRange(input, from, i));
                from = i + 1;
            }
        }
        out.add(Arrays.copyOfRange(input, from, input.length));
        while (out.size() < count) {
            out.add(new byte[0]);
        }
        return out;
    }
}
