package dev.signet.cli.sign;

import dev.signet.cli.CliException;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.EnumMap;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Hashes a file client-side with signet-core's streaming digests (flat memory, any size). Shows a
 * progress bar on stderr for files larger than {@link #PROGRESS_THRESHOLD} when asked to. Files of at
 * most {@link #SMALL_FILE} bytes are read whole through the channel that measured them and hashed in
 * one call with a digest kept per thread (a streamed digest allocates a 1 MiB buffer per call, which
 * dominates the cost of hashing a batch of small files).
 */
public final class FileHasher {
    /** Files above 64 MiB get a progress bar (when stderr is a terminal). */
    public static final long PROGRESS_THRESHOLD = 64L << 20;

    /** Files up to 64 KiB are read into memory whole. */
    static final int SMALL_FILE = 64 << 10;

    private static final ThreadLocal<EnumMap<HashAlgorithm, MessageDigest>> DIGESTS =
            ThreadLocal.withInitial(() -> new EnumMap<>(HashAlgorithm.class));

    private FileHasher() {}

    public static byte[] digest(HashAlgorithm algorithm, Path file, boolean progress, PrintStream err) {
        return digest(algorithm, file, progress ? PROGRESS_THRESHOLD : Long.MAX_VALUE, err);
    }

    /** As above, with a progress bar for files larger than {@code progressThreshold} bytes. */
    static byte[] digest(HashAlgorithm algorithm, Path file, long progressThreshold, PrintStream err) {
        try {
            long size;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                size = channel.size();
                if (size <= SMALL_FILE && size <= progressThreshold) {
                    ByteBuffer content = readSmall(channel, (int) size);
                    if (content != null) {
                        return digestSmall(algorithm, content.array(), content.position());
                    }
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

    /** With this thread's digest of that algorithm (a provider look-up per small file costs more than its hash). */
    private static byte[] digestSmall(HashAlgorithm algorithm, byte[] content, int length) {
        MessageDigest md = DIGESTS.get().computeIfAbsent(algorithm, Digests::newDigest);
        md.reset();
        md.update(content, 0, length);
        return md.digest();
    }

    /** The whole file (up to the buffer's position), or null when it is not {@code size} bytes long any more. */
    private static ByteBuffer readSmall(FileChannel channel, int size) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(size + 1);
        while (content.hasRemaining() && channel.read(content) >= 0) {
            // until full or at the end
        }
        return content.position() == size ? content : null;
    }
}
