package dev.signet.cli.sign;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The progress of hashing one file as a client-side format reads it: a progress bar on {@code err}
 * (the same bar {@link FileHasher} shows) for a file larger than the threshold, nothing otherwise.
 * Told of the bytes read; closed when the file is hashed.
 */
final class HashProgress implements LongConsumer, AutoCloseable {
    private final ProgressBar bar;

    private HashProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code file} when {@code shown} and the file is larger than {@code threshold} bytes. */
    static HashProgress open(Path file, boolean shown, long threshold, PrintStream err) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = 0; // the format reports the unreadable file itself
        }
        if (!shown || size <= threshold) {
            return new HashProgress(null);
        }
        return new HashProgress(new ProgressBarBuilder()
                .setTaskName("hashing")
                .setInitialMax(size)
                .setUnit("MiB", 1L << 20)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .continuousUpdate()
                .build());
    }

    @Override
    public void accept(long bytes) {
        if (bar != null) {
            bar.stepBy(bytes);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
