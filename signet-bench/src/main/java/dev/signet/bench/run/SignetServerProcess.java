package dev.signet.bench.run;

import dev.signet.bench.BenchFailure;
import dev.signet.bench.Commands;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code signet server} on a free loopback port with its data in a directory of the run, and a
 * signing profile {@code bench} (Signet-CMS-SHA256-ECDSA). Stopped with SIGTERM, killed if it has
 * not exited a minute later.
 */
final class SignetServerProcess implements AutoCloseable {
    private final Process process;
    private final Path data;
    private final URI endpoint;

    private SignetServerProcess(Process process, Path data, URI endpoint) {
        this.process = process;
        this.data = data;
        this.endpoint = endpoint;
    }

    static SignetServerProcess start(BenchRun run, Path data) {
        return start(run, data, List.of());
    }

    /** As {@link #start(BenchRun, Path)}, with more {@code signet server} flags (the database, the object store). */
    static SignetServerProcess start(BenchRun run, Path data, List<String> flags) {
        Path log = data.resolveSibling(data.getFileName() + ".log");
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new BenchFailure("cannot create " + data + ": " + e.getMessage(), e);
        }
        List<String> command = run.signetServer("--port", "0", "--data", data);
        command.addAll(flags);
        Process process = run.commands.background(log, command);
        Path endpointFile = data.resolve("endpoint");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (!hasContent(endpointFile)) {
                if (!process.isAlive()) {
                    throw new BenchFailure("the signet server exited (" + process.exitValue() + "):\n" + read(log));
                }
                if (System.nanoTime() > deadline) {
                    Commands.kill(process);
                    throw new BenchFailure("the signet server did not start in 60 s:\n" + read(log));
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Commands.kill(process);
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while the signet server started", e);
        }
        SignetServerProcess server = new SignetServerProcess(
                process, data, URI.create(read(endpointFile).strip()));
        run.commands.ok(
                BenchRun.STEP,
                run.signet("profile", "put", "bench", "--platform", "Signet-CMS-SHA256-ECDSA", "--data", data));
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    Path data() {
        return data;
    }

    /** The server's CPU seconds so far (user and system). */
    double cpuSeconds() {
        return ProcessCpu.seconds(process.pid(), false);
    }

    /** The server's peak resident set so far (VmHWM), in KiB. */
    long peakRssKb() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        for (String line : read(status).split("\n")) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new BenchFailure("no VmHWM in " + status);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                Commands.kill(process);
            }
        } catch (InterruptedException e) {
            Commands.kill(process);
            Thread.currentThread().interrupt();
        }
    }

    private static boolean hasContent(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }
}
