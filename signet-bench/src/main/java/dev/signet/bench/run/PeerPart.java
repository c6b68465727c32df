package dev.signet.bench.run;

import dev.signet.bench.BenchFailure;
import dev.signet.bench.Commands;
import dev.signet.bench.jmh.DigestBenchmark;
import dev.signet.bench.peer.PeerInputs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peer comparisons on identical inputs generated here: JAR vs jarsigner, Authenticode vs
 * osslsigncode, OpenPGP vs gpg, SHA-384 vs {@code openssl dgst}. Signet's side is a fresh JVM per
 * run ({@code FormatSign} / {@code DigestFile}): its wall time is the whole process, its sign time
 * the format's call alone; the peer's is its process wall time. Every run writes a new output file
 * on both sides.
 */
final class PeerPart {
    private static final long MIB = Sizes.MIB;

    private PeerPart() {}

    static void jar(BenchRun run) throws IOException {
        Sizes s = run.sizes;
        run.log("jar: " + s.jarEntries() + " entries, " + s.jarBytes() / MIB + " MiB");
        Path in = run.work.resolve("in.jar");
        Path warm = run.work.resolve("warm.jar");
        PeerInputs.jar(in, s.jarEntries(), s.jarBytes());
        PeerInputs.jar(warm, 100, MIB);
        Path keystore = run.work.resolve("ks.p12");
        run.commands.ok(
                BenchRun.STEP,
                List.of(
                        "keytool",
                        "-genkeypair",
                        "-keystore",
                        keystore.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "benchpass",
                        "-alias",
                        "bench",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=bench",
                        "-validity",
                        "30"));
        Path signet = run.work.resolve("signet.jar");
        Path peer = run.work.resolve("peer.jar");
        for (int r = 0; r < run.options.runs(); r++) {
            delete(signet, peer);
            signetSign(run, "jar", "JAR", in, signet, warm);
            run.record(
                    "jar.peer.wall",
                    run.commands
                            .ok(
                                    BenchRun.STEP,
                                    List.of(
                                            "jarsigner",
                                            "-keystore",
                                            keystore.toString(),
                                            "-storepass",
                                            "benchpass",
                                            "-sigalg",
                                            "SHA256withECDSA",
                                            "-digestalg",
                                            "SHA-256",
                                            "-signedjar",
                                            peer.toString(),
                                            in.toString(),
                                            "bench"))
                            .seconds());
        }
        delete(in, warm, signet, peer);
    }

    static void authenticode(BenchRun run) throws IOException {
        run.log("authenticode: " + run.sizes.peBytes() / MIB + " MiB PE");
        Path in = run.work.resolve("in.exe");
        Path warm = run.work.resolve("warm.exe");
        PeerInputs.pe(in, run.sizes.peBytes());
        PeerInputs.pe(warm, MIB);
        Path key = run.work.resolve("rsa.key");
        Path cert = run.work.resolve("rsa.pem");
        selfSigned(run, key, cert, "rsa:3072");
        Path signet = run.work.resolve("signet.exe");
        Path peer = run.work.resolve("peer.exe");
        for (int r = 0; r < run.options.runs(); r++) {
            // both tools write a new output file: truncating the last run's 50 MiB inside the timed call
            // costs ~70-90 ms on this ext4 (mounted with discard), which the peer, after a delete, never pays
            delete(signet);
            signetSign(run, "authenticode", "AUTHENTICODE", in, signet, warm);
            delete(peer);
            run.record(
                    "authenticode.peer.wall",
                    run.commands
                            .ok(
                                    BenchRun.STEP,
                                    List.of(
                                            "osslsigncode",
                                            "sign",
                                            "-certs",
                                            cert.toString(),
                                            "-key",
                                            key.toString(),
                                            "-h",
                                            "sha256",
                                            "-in",
                                            in.toString(),
                                            "-out",
                                            peer.toString()))
                            .seconds());
        }
        delete(in, warm, signet, peer);
    }

    /** The file OpenPGP and the digest rows read, read once so every side finds it in the page cache. */
    static Path bigFile(BenchRun run) throws IOException {
        Path big = run.work.resolve("big.bin");
        run.log("generating " + run.sizes.bigFileBytes() / MIB + " MiB file");
        DigestBenchmark.writeDeterministic(big, run.sizes.bigFileBytes());
        try (InputStream in = Files.newInputStream(big)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        DigestBenchmark.writeDeterministic(run.work.resolve("warm.bin"), MIB);
        return big;
    }

    static void openpgp(BenchRun run, Path big) throws IOException {
        run.log("openpgp: " + run.sizes.bigFileBytes() / MIB + " MiB");
        Path home = Files.createDirectory(
                run.work.resolve("gnupg"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Map<String, String> gnupg = Map.of("GNUPGHOME", home.toString());
        run.commands.ok(
                BenchRun.STEP,
                gnupg,
                List.of(
                        "gpg",
                        "--batch",
                        "--pinentry-mode",
                        "loopback",
                        "--passphrase",
                        "",
                        "--quick-gen-key",
                        "Bench <bench@example.invalid>",
                        "rsa3072",
                        "sign",
                        "never"));
        Path signet = run.work.resolve("signet.sig");
        Path peer = run.work.resolve("peer.sig");
        try {
            for (int r = 0; r < run.options.runs(); r++) {
                delete(signet, peer);
                signetSign(run, "openpgp", "OPENPGP", big, signet, run.work.resolve("warm.bin"));
                run.record(
                        "openpgp.peer.wall",
                        run.commands
                                .ok(
                                        BenchRun.STEP,
                                        gnupg,
                                        List.of(
                                                "gpg",
                                                "--batch",
                                                "--yes",
                                                "--digest-algo",
                                                "SHA256",
                                                "--detach-sign",
                                                "-u",
                                                "bench@example.invalid",
                                                "-o",
                                                peer.toString(),
                                                big.toString()))
                                .seconds());
            }
        } finally {
            // gpg started an agent for this home; it would outlive the run
            run.commands.run(BenchRun.STEP, gnupg, List.of("gpgconf", "--kill", "all"));
        }
        delete(signet, peer);
    }

    static void digest(BenchRun run, Path big) {
        run.log("digest: " + run.sizes.bigFileBytes() / MIB + " MiB SHA-384");
        for (int r = 0; r < run.options.runs(); r++) {
            Commands.Result signet =
                    run.commands.ok(BenchRun.STEP, run.bench("dev.signet.bench.peer.DigestFile", "SHA384", big, "1"));
            run.record("digest.signet.wall", signet.seconds());
            run.record("digest.signet.sign", BenchRun.number("digest.signet.sign", signet.field(1)));
            Commands.Result peer =
                    run.commands.ok(BenchRun.STEP, List.of("openssl", "dgst", "-sha384", "-r", big.toString()));
            run.record("digest.peer.wall", peer.seconds());
            String peerHex = peer.out().strip().split(" ")[0];
            if (!signet.field(2).equals(peerHex)) {
                throw new BenchFailure("the digests differ: Signet " + signet.field(2) + ", openssl " + peerHex);
            }
        }
    }

    /** One timed {@code FormatSign} run: records NAME.signet.wall (the process) and NAME.signet.sign (the call). */
    private static void signetSign(BenchRun run, String name, String formatCase, Path in, Path out, Path warm) {
        Commands.Result r = run.commands.ok(
                BenchRun.STEP, run.bench("dev.signet.bench.peer.FormatSign", formatCase, in, out, "1", warm));
        run.record(name + ".signet.wall", r.seconds());
        run.record(name + ".signet.sign", BenchRun.number(name + ".signet.sign", r.field(1)));
    }

    static void delete(Path... files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A self-signed code-signing certificate and its unencrypted key from {@code openssl req}, the
     * key made by {@code -newkey} with {@code keyOptions} (e.g. {@code rsa:3072}).
     */
    static void selfSigned(BenchRun run, Path key, Path cert, String... keyOptions) {
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey"));
        command.addAll(List.of(keyOptions));
        command.addAll(List.of(
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "30",
                "-subj",
                "/CN=bench",
                "-addext",
                "extendedKeyUsage=codeSigning"));
        run.commands.ok(BenchRun.STEP, command);
    }
}
