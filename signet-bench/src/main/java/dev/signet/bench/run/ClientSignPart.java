package dev.signet.bench.run;

import dev.signet.bench.BenchFailure;
import dev.signet.bench.Commands;
import dev.signet.bench.jmh.DigestBenchmark;
import dev.signet.bench.peer.AuthenticodeDigest;
import dev.signet.bench.peer.PeerInputs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Issue 17's benchmark: a large Lambda zip and a large PE signed where they lie ({@code signet sign},
 * the real CLI jar started with the JVM flags bin/signet gives it, against a {@code signet server}
 * process): the CLI's wall time against the local hash alone in the same run ({@code sha384sum} of
 * the zip; for the PE the Authenticode digest alone, twice: {@code osslsigncode extract-data}, which
 * hashes the PE as Authenticode does and writes the few-hundred-byte SpcIndirectDataContent, and
 * Signet's own client code for it in a fresh JVM started the same way, {@code AuthenticodeDigest}),
 * the CLI's peak RSS ({@code /usr/bin/time -v}, the kernel's high-water mark), and the
 * StartSigningJob path for the same file (AWS CLI: upload, job, download of the signed output).
 */
final class ClientSignPart {
    static final String ZIP_PROFILE = "lambda";
    static final String PE_PROFILE = "pe";

    /**
     * The inputs: issue 17's sizes in full mode, small ones that only show the instruments work in
     * quick mode. StartSigningJob refuses a Lambda source over the platform's {@code maxSizeInMB} (250,
     * AWS's value), so the zip's job comparison signs a zip of {@code jobZipBytes} both ways.
     */
    record ClientSignSizes(long zipBytes, long jobZipBytes, long peBytes) {
        static ClientSignSizes of(boolean full) {
            return full
                    ? new ClientSignSizes(1024 * Sizes.MIB, 240 * Sizes.MIB, 200 * Sizes.MIB)
                    : new ClientSignSizes(8 * Sizes.MIB, 4 * Sizes.MIB, 4 * Sizes.MIB);
        }

        String describe() {
            return "client-side signing: a " + zipBytes / Sizes.MIB + " MiB Lambda zip (" + jobZipBytes / Sizes.MIB
                    + " MiB for the StartSigningJob comparison), a " + peBytes / Sizes.MIB + " MiB PE";
        }
    }

    private ClientSignPart() {}

    static void clientsign(BenchRun run) throws IOException, InterruptedException {
        ClientSignSizes sizes = ClientSignSizes.of(run.options.full());
        run.log("clientsign: " + sizes.describe());
        Path dir = Files.createDirectories(run.work.resolve("clientsign"));
        Path zip = dir.resolve("function.zip");
        Path pe = dir.resolve("app.exe");
        Path jobZip = dir.resolve("small-function.zip");
        lambdaZip(zip, sizes.zipBytes());
        lambdaZip(jobZip, sizes.jobZipBytes());
        PeerInputs.pe(pe, sizes.peBytes());
        SignetServerProcess server = run.startServer(run.work.resolve("srv-clientsign"));
        run.commands.ok(
                BenchRun.STEP,
                run.signet(
                        "profile",
                        "put",
                        ZIP_PROFILE,
                        "--platform",
                        "AWSLambda-SHA384-ECDSA",
                        "--data",
                        server.data()));
        run.commands.ok(
                BenchRun.STEP,
                run.signet(
                        "profile",
                        "put",
                        PE_PROFILE,
                        "--platform",
                        "Signet-Authenticode-SHA256-RSA",
                        "--data",
                        server.data()));
        S3SigningJob jobs = S3SigningJob.on(run, server, "clientsign");
        Path der = dir.resolve("indirect.der");
        measure(
                run,
                server,
                jobs,
                "zip",
                zip,
                ZIP_PROFILE,
                List.of("sha384sum", zip.toString()),
                Optional.empty(),
                Optional.of(jobZip));
        measure(
                run,
                server,
                jobs,
                "pe",
                pe,
                PE_PROFILE,
                // osslsigncode refuses to overwrite its output
                List.of(
                        "bash",
                        "-c",
                        "rm -f \"$2\" && exec osslsigncode extract-data -h sha256 -in \"$1\" -out \"$2\"",
                        "_",
                        pe.toString(),
                        der.toString()),
                Optional.of(run.benchAsLaunched("sign", AuthenticodeDigest.class.getName(), pe)),
                Optional.empty());
        server.close();
        PeerPart.delete(zip, jobZip, pe, der);
    }

    /**
     * One file: an untimed pass of each command first (the page cache then holds the file for all of
     * them), then per run the local hash, Signet's own hash ({@code ownHash}, if given), {@code signet
     * sign} and the StartSigningJob path, in turn; with {@code jobFile}, the StartSigningJob path and a
     * second {@code signet sign} for its ratio take that file instead.
     */
    private static void measure(
            BenchRun run,
            SignetServerProcess server,
            S3SigningJob jobs,
            String kind,
            Path file,
            String profile,
            List<String> hash,
            Optional<List<String>> ownHash,
            Optional<Path> jobFile)
            throws InterruptedException {
        Path out = file.resolveSibling("signed-" + file.getFileName());
        Path downloaded = file.resolveSibling("job-" + file.getFileName());
        List<String> sign = sign(run, server, profile, file, out);
        Path compared = jobFile.orElse(file);
        run.commands.ok(BenchRun.STEP, hash);
        ownHash.ifPresent(own -> run.commands.ok(BenchRun.STEP, own));
        run.commands.ok(BenchRun.STEP, sign);
        PeerPart.delete(out);
        String key = "clientsign." + kind + ".";
        for (int r = 1; r <= run.options.runs(); r++) {
            double hashed = run.commands.ok(BenchRun.STEP, hash).seconds();
            Optional<Double> ownHashed =
                    ownHash.map(own -> run.commands.ok(BenchRun.STEP, own).seconds());
            Commands.Result client = run.commands.ok(BenchRun.STEP, sign);
            if (!Files.isRegularFile(out)) {
                throw new BenchFailure("signet sign wrote no " + out);
            }
            PeerPart.delete(out);
            double clientCompared = client.seconds();
            if (jobFile.isPresent()) {
                clientCompared = run.commands
                        .ok(BenchRun.STEP, sign(run, server, profile, compared, out))
                        .seconds();
                PeerPart.delete(out);
            }
            long start = System.nanoTime();
            jobs.sign(compared, profile, Optional.of(downloaded));
            double job = (System.nanoTime() - start) / 1e9;
            PeerPart.delete(downloaded);
            run.record(key + "hash.seconds", hashed);
            run.record(key + "client.seconds", client.seconds());
            run.record(key + "client_vs_hash", client.seconds() / hashed);
            if (ownHashed.isPresent()) {
                run.record(key + "own_hash.seconds", ownHashed.get());
                run.record(key + "client_vs_own_hash", client.seconds() / ownHashed.get());
            }
            run.record(key + "job.seconds", job);
            run.record(key + "job_vs_client", job / clientCompared);
            run.record(
                    key + "client.rss_kb",
                    BenchRun.number(
                            key + "client.rss_kb", ServerPart.timeField(client.err(), "Maximum resident set size")));
        }
    }

    /** {@code signet sign} of one file into {@code out} as bin/signet starts it, under {@code /usr/bin/time -v}. */
    private static List<String> sign(BenchRun run, SignetServerProcess server, String profile, Path file, Path out) {
        return ServerPart.with(
                List.of("/usr/bin/time", "-v"),
                run.signetAsLaunched("sign", "--data", server.data(), "-p", profile, file, "--out", out));
    }

    /**
     * A Lambda-shaped zip of about {@code bytes}: a small handler, then 8 MiB entries of
     * pseudo-random bytes deflated at the fastest level (so the zip is about as large as its content).
     */
    static void lambdaZip(Path zip, long bytes) throws IOException {
        Path chunk = zip.resolveSibling("chunk.bin");
        long entry = Math.min(bytes, 8 * Sizes.MIB);
        DigestBenchmark.writeDeterministic(chunk, entry);
        byte[] data = Files.readAllBytes(chunk);
        Files.delete(chunk);
        try (OutputStream file = Files.newOutputStream(zip);
                ZipOutputStream out = new ZipOutputStream(file)) {
            out.setLevel(Deflater.BEST_SPEED);
            out.putNextEntry(new ZipEntry("index.py"));
            out.write("def handler(event, context):\n    return {'statusCode': 200}\n".getBytes());
            out.closeEntry();
            for (long i = 0, written = 0; written < bytes; i++, written += entry) {
                out.putNextEntry(new ZipEntry(String.format("lib/blob-%05d.bin", i)));
                data[0] = (byte) i; // no two entries alike
                data[1] = (byte) (i >> 8);
                out.write(data);
                out.closeEntry();
            }
        }
    }
}
