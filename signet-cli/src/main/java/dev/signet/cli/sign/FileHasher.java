package dev.signet.cli.sign;

import dev.signet.cli.CliException;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Hashes a file client-side with signet-core's streaming digests (flat memory, any size). Shows a
 * progress bar on stderr for files larger than {@link #PROGRESS_THRESHOLD} when asked to. Files of at
 * most {@link #SMALL_FILE} bytes are read whole and hashed in one call (a streamed digest allocates a
 * 1 MiB buffer per call, which dominates the cost of hashing a batch of small files).
 */
public final class FileHasher {
    /** Files above 64 MiB get a progress bar (when stderr is a terminal). */
    public static final long PROGRESS_THRESHOLD = 64L << 20;

    /** Files up to 64 KiB are read into memory whole. */
    static final int SMALL_FILE = 64 << 10;

    private FileHasher() {}

    public static byte[] digest(HashAlgorithm algorithm, Path file, boolean progress, PrintStream err) {
        return digest(algorithm, file, progress ? PROGRESS_THRESHOLD : Long.MAX_VALUE, err);
    }

    /** As above, with a progress bar for files larger than {@code progressThreshold} bytes. */
    static byte[] digest(HashAlgorithm algorithm, Path file, long progressThreshold, PrintStream err) {
        try {
            long size = Files.size(file);
            if (size <= SMALL_FILE && size <= progressThreshold) {
                byte[] content = readSmall(file);
                if (content != null) {
                    return Digests.digest(algorithm, content);
                }
            }
            if (size <= progressThreshold) {
                return Digests.digest(algorithm, file);
            }
            ProgressBarBuilder bar = new ProgressBarBuilder()
                    .setTaskName("hashing")
                    .setInitialMax(size)
                    .setUnit("MiB", 1L << 20)
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .continuousUpdate();
            try (InputStream in = ProgressBar.wrap(Files.newInputStream(file), bar)) {
                return Digests.digest(algorithm, in);
            }
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The whole file, or null when it has grown past {@link #SMALL_FILE} since it was measured. */
    private static byte[] readSmall(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(SMALL_FILE + 1);
            return content.length > SMALL_FILE ? null : content;
        }
    }
}
