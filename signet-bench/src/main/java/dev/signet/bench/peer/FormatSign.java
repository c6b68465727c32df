package dev.signet.bench.peer;

import dev.signet.bench.BenchPki;
import dev.signet.bench.FormatCase;
import dev.signet.bench.TempDirs;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Signs one artifact in-process with a Signet format, as the server's job runner does (streamed from
 * disk to disk, the format's self-verification included), with a fresh CA and key in a temp dir.
 * Prints one line per run: {@code sign_seconds<TAB>S}, timing only the {@code sign} call (key and CA
 * set-up excluded). {@code FormatSign FORMAT_CASE INPUT OUTPUT [RUNS [WARM_UP_INPUT]]}, e.g. {@code
 * JAR in.jar out.jar 1 small.jar}: a warm-up input, a small artifact of the same kind, is signed
 * once, untimed, before the runs, so that the timed calls see the format's classes loaded and its
 * one-time set-up done, as in the server, whose job runner signs many artifacts in one JVM.
 */
public final class FormatSign {
    private FormatSign() {}

    public static void main(String[] args) throws IOException, FormatException {
        if (args.length < 3) {
            System.err.println("usage: FormatSign " + Arrays.toString(FormatCase.values())
                    + " INPUT OUTPUT [RUNS [WARM_UP_INPUT]]");
            System.exit(2);
        }
        FormatCase c = FormatCase.valueOf(args[0]);
        Path input = Path.of(args[1]);
        Path output = Path.of(args[2]);
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        if (runs < 1 || runs > 100) {
            throw new IllegalArgumentException("runs must be 1..100");
        }
        Path dir = TempDirs.create("signet-bench-pki-");
        try {
            SigningKey key = new BenchPki(dir).signingKey(c.keyAlgorithm());
            SignatureFormat format = c.format();
            if (args.length > 4) {
                try (OutputStream out = OutputStream.nullOutputStream()) {
                    c.sign(format, new Subject.File(Path.of(args[4])), key, out);
                }
            }
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                SignatureEvidence evidence;
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
                    evidence = c.sign(format, new Subject.File(input), key, out);
                }
                long took = System.nanoTime() - start;
                if (!evidence.intact()) {
                    throw new IllegalStateException("the signature does not verify: " + evidence.integrityDetail());
                }
                System.out.printf("sign_seconds\t%.6f%n", took / 1e9);
            }
        } finally {
            TempDirs.delete(dir);
        }
    }
}
