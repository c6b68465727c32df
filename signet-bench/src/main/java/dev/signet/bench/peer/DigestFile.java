package dev.signet.bench.peer;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Digests a file with Signet's streaming {@link Digests} (the CLI's hashing path) and prints
 * {@code digest_seconds<TAB>S<TAB>HEX<TAB>PROVIDER} per run, timing the file's digest alone (the
 * provider is loaded first). {@code DigestFile SHA384 FILE [RUNS]}.
 */
public final class DigestFile {
    private DigestFile() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: DigestFile SHA256|SHA384 FILE [RUNS]");
            System.exit(2);
        }
        HashAlgorithm hash = HashAlgorithm.valueOf(args[0]);
        Path file = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        if (runs < 1 || runs > 100) {
            throw new IllegalArgumentException("runs must be 1..100");
        }
        Digests.digest(hash, new byte[0]); // provider loading and self-tests happen here, not in the timing
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            byte[] digest = Digests.digest(hash, file);
            long took = System.nanoTime() - start;
            System.out.printf(
                    "digest_seconds\t%.6f\t%s\t%s%n",
                    took / 1e9,
                    HexFormat.of().formatHex(digest),
                    CryptoProviders.digestProvider(hash).getName());
        }
    }
}
