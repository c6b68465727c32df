package dev.signet.bench.run;

import dev.signet.bench.BenchFailure;
import dev.signet.bench.Commands;
import dev.signet.bench.TempDirs;
import dev.signet.bench.jmh.DigestBenchmark;
import dev.signet.bench.peer.PeerInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The rows that need a running {@code signet server}: many small files in one {@code signet sign}
 * call vs a loop of {@code openssl cms}, the offline {@code signet verify} as users run it, and peak
 * RSS for a large artifact through the CLI and through StartSigningJob.
 */
final class ServerPart {
    private ServerPart() {}

    static void batch(BenchRun run, SignetServerProcess server) throws IOException {
        int count = run.sizes.batchFiles();
        run.log("batch: " + count + " files");
        // Each run signs a fresh directory of inputs and nothing is deleted until the end. This VM's ext4
        // passes over recently freed inodes when it allocates a new one (recently_deleted() in
        // find_inode_bit, seen with perf record), so creating 1,000 signatures soon after deleting 1,000
        // cost 0.3-0.5 ms of kernel CPU per file instead of ~0.04 ms; deleting between runs would
        // charge that to signet alone (openssl's -out rewrites the inode of its previous run's file).
        Path warmFiles = run.work.resolve("files-warm");
        PeerInputs.files(warmFiles, count);
        Path key = run.work.resolve("ec.key");
        Path cert = run.work.resolve("ec.pem");
        PeerPart.selfSigned(run, key, cert, "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
        // The server has just started, and a server that has been running is JIT-compiled (C2 settles
        // here after some 40,000 SignPayload requests): bring it to that steady state with a SignPayload
        // load, then one untimed call over other files; the timed calls then measure the CLI call
        // users make against a running server.
        run.commands.ok(
                BenchRun.STEP,
                run.bench(
                        "dev.signet.bench.load.LoadDriver",
                        "--endpoint",
                        server.endpoint(),
                        "--credentials",
                        server.data().resolve("credentials"),
                        "--connections",
                        "8",
                        "--requests",
                        "1000000",
                        "--seconds",
                        run.sizes.serverWarmSeconds(),
                        "--warmup-requests",
                        "0",
                        "--raw-seconds",
                        "1",
                        "--openssl-seconds",
                        "1",
                        "--out",
                        run.work.resolve("server-warm.json")));
        run.commands.ok(BenchRun.STEP, sign(run, server, warmFiles));
        for (int r = 1; r <= run.options.runs(); r++) {
            Path files = run.work.resolve("files-" + r);
            PeerInputs.files(files, count);
            run.record(
                    "batch.signet.wall",
                    run.commands.ok(BenchRun.STEP, sign(run, server, files)).seconds());
            long signed = list(files).stream()
                    .filter(f -> f.toString().endsWith(".txt.p7s"))
                    .count();
            if (signed != count) {
                throw new BenchFailure("signet sign wrote " + signed + " signatures for " + count + " files");
            }
            run.record(
                    "batch.peer.wall",
                    run.commands
                            .ok(
                                    BenchRun.STEP,
                                    List.of(
                                            "bash",
                                            "-c",
                                            "for f in \"$1\"/*.txt; do openssl cms -sign -binary -md sha256 -in \"$f\" -signer \"$2\""
                                                    + " -inkey \"$3\" -outform DER -out \"$f.peer.p7s\" || exit 1; done",
                                            "_",
                                            files.toString(),
                                            cert.toString(),
                                            key.toString()))
                            .seconds());
        }
        // signet verify of a small artifact, offline, end to end, as users run it (bin/signet: a fresh
        // JVM each time; its first run, untimed here, may prepare what later runs reuse)
        Path root = run.work.resolve("root.pem");
        run.commands.ok(BenchRun.STEP, run.signet("ca", "export", "--data", server.data(), "--out", root));
        Path file = run.work.resolve("files-1/f00000.txt");
        List<String> verify = List.of(
                run.binSignet(), "verify", file.toString(), "--signature", file + ".p7s", "--trust", root.toString());
        run.commands.ok(BenchRun.STEP, verify);
        for (int r = 0; r < run.options.runs(); r++) {
            run.record("verify.cli.wall", run.commands.ok(BenchRun.STEP, verify).seconds());
        }
        try (Stream<Path> dirs = Files.list(run.work)) {
            dirs.filter(d -> d.getFileName().toString().startsWith("files-")).forEach(TempDirs::delete);
        }
    }

    /** {@code bin/signet sign --data D -p bench DIR/*.txt}, the files in name order as a shell lists them. */
    private static List<String> sign(BenchRun run, SignetServerProcess server, Path dir) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(run.binSignet(), "sign", "--data", server.data().toString(), "-p", "bench"));
        list(dir).stream()
                .filter(f -> f.getFileName().toString().endsWith(".txt"))
                .forEach(f -> command.add(f.toString()));
        return command;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /**
     * Peak RSS of {@code signet sign} (the client) on a large file, then of a fresh server (so its
     * high-water mark is this job's; {@code first} is stopped) through upload and StartSigningJob.
     */
    static void rss(BenchRun run, SignetServerProcess first) throws IOException, InterruptedException {
        run.log("rss: " + run.sizes.rssBytes() / Sizes.MIB + " MiB through the CLI and through StartSigningJob");
        Path huge = run.work.resolve("huge.bin");
        DigestBenchmark.writeDeterministic(huge, run.sizes.rssBytes());
        Commands.Result cli = run.commands.ok(
                BenchRun.STEP,
                with(List.of("/usr/bin/time", "-v"), run.signet("sign", "--data", first.data(), "-p", "bench", huge)));
        run.record("rss.cli.kb", BenchRun.number("rss.cli.kb", timeField(cli.err(), "Maximum resident set size")));
        // a fresh server, so its high-water mark is this job's
        first.close();
        SignetServerProcess server = run.startServer(run.work.resolve("srv2"));
        run.record("rss.server.idle.kb", server.peakRssKb());
        S3SigningJob jobs = S3SigningJob.on(run, server, "bench");
        long start = System.nanoTime();
        // one PUT, streamed by the AWS CLI
        jobs.sign(huge, "bench", Optional.empty());
        run.record("rss.job.seconds", (System.nanoTime() - start) / 1e9);
        run.record("rss.server.kb", server.peakRssKb());
        PeerPart.delete(huge);
    }

    /** The value of {@code name} in {@code /usr/bin/time -v}'s report. */
    static String timeField(String report, String name) {
        return report.lines()
                .map(String::strip)
                .filter(l -> l.startsWith(name))
                .map(l -> l.substring(l.lastIndexOf(':') + 1))
                .findFirst()
                .orElseThrow(() -> new BenchFailure("no '" + name + "' in /usr/bin/time's report:\n" + report));
    }

    static List<String> with(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
