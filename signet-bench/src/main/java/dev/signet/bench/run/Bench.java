package dev.signet.bench.run;

import dev.signet.bench.BenchFailure;
import dev.signet.bench.report.BenchReport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code bin/bench} runs: JMH (raw signing per provider, formats, digests), the SignPayload load
 * driver, SignPayload during a flood of unknown access key ids ({@code KeyFlood}), the peer comparisons (jarsigner, osslsigncode, gpg, openssl dgst, a loop of openssl cms) on
 * identical inputs generated here, the offline verify and peak RSS for a large artifact, issue 18's
 * cluster comparisons ({@link ClusterPart}: SignPayload on PostgreSQL vs SQLite, StartSigningJob with
 * S3 vs filesystem content), issue 17's client-side signing of a large Lambda zip and PE ({@link
 * ClientSignPart}); then the report ({@link BenchReport}).
 *
 * <p>Every external tool is required: a missing one fails the run before anything is measured, never
 * a skipped row. A measurement that fails stops the run with its tool's output and no report is
 * written. Inputs live in a temporary directory removed at the end; servers started here are stopped
 * at the end; traffic goes to 127.0.0.1 only.
 */
public final class Bench {
    /** What the runs call besides this JVM's java (which also provides keytool and jarsigner on PATH). */
    static final List<String> TOOLS = List.of(
            "openssl",
            "keytool",
            "jarsigner",
            "osslsigncode",
            "gpg",
            "gpgconf",
            "aws",
            "bash",
            "/usr/bin/time",
            "sha384sum",
            "softhsm2-util");

    private Bench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bin/bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options);
        } catch (BenchFailure e) {
            System.err.println("bin/bench: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(BenchOptions options) throws IOException, InterruptedException {
        requireTools();
        if ((options.wants("batch") || options.wants("rss") || options.wants("clientsign") || options.wantsCluster())
                && !Files.isRegularFile(options.signetJar())) {
            throw new BenchFailure(options.signetJar() + " is missing; run bin/bench without --no-build");
        }
        if (options.wantsCluster() && !Files.isRegularFile(ClusterServices.s3proxyJar(options))) {
            throw new BenchFailure(
                    ClusterServices.s3proxyJar(options) + " is missing; run bin/bench without --no-build");
        }
        try (BenchRun run = new BenchRun(options)) {
            String machine = Machine.describe(run);
            if (options.wants("jmh")) {
                LoadPart.jmh(run);
            }
            if (options.wants("load")) {
                LoadPart.load(run);
            }
            if (options.wants("formats")) {
                LoadPart.formats(run);
            }
            if (options.wants("flood")) {
                LoadPart.flood(run);
            }
            if (options.wants("jar")) {
                PeerPart.jar(run);
            }
            if (options.wants("authenticode")) {
                PeerPart.authenticode(run);
            }
            if (options.wants("openpgp") || options.wants("digest")) {
                Path big = PeerPart.bigFile(run);
                if (options.wants("openpgp")) {
                    PeerPart.openpgp(run, big);
                }
                if (options.wants("digest")) {
                    PeerPart.digest(run, big);
                }
                PeerPart.delete(big, run.work.resolve("warm.bin"));
            }
            if (options.wants("batch") || options.wants("rss")) {
                SignetServerProcess server = run.startServer(run.work.resolve("srv"));
                if (options.wants("batch")) {
                    ServerPart.batch(run, server);
                }
                if (options.wants("rss")) {
                    ServerPart.rss(run, server);
                }
            }
            if (options.wants("clientsign")) {
                ClientSignPart.clientsign(run);
            }
            if (options.wantsCluster()) {
                ClusterPart.cluster(run, options.wants("cluster"));
            }
            if (options.wants("pkcs11")) {
                LoadPart.pkcs11(run);
            }
            if (options.wants("policy")) {
                LoadPart.policy(run);
            }
            Files.createDirectories(options.out().getParent());
            BenchReport.write(
                    options.out(),
                    options.mode(),
                    options.runs(),
                    run.sizes.describe()
                            + (options.wants("clientsign")
                                    ? "; "
                                            + ClientSignPart.ClientSignSizes.of(options.full())
                                                    .describe()
                                    : "")
                            + (options.wantsCluster()
                                    ? "; cluster: "
                                            + ClusterSizes.of(options.full()).describe()
                                    : ""),
                    machine,
                    run.results,
                    run.loadFiles,
                    run.jmhFile);
            run.log("wrote " + options.out());
        }
    }

    /** Fails the run, before anything is measured, when a tool is missing. */
    static void requireTools() {
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                throw new BenchFailure("required tool '" + tool + "' is missing (bin/test installs it)");
            }
        }
    }

    private static boolean onPath(String tool) {
        if (tool.startsWith("/")) {
            return Files.isExecutable(Path.of(tool));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
