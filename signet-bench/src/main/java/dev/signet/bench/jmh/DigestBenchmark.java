package dev.signet.bench.jmh;

import dev.signet.bench.TempDirs;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streaming digests of a temp file (deterministic content, in the page cache after the first
 * pass): Signet's {@link Digests} (the CLI's hashing path) against a plain 1 MiB-buffer loop over
 * {@link MessageDigest} on each provider. Time per file; MB/s = sizeMiB / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class DigestBenchmark {
    @Param({"SHA256", "SHA384"})
    public HashAlgorithm hash;

    @Param({"64"})
    public int sizeMiB;

    private Path dir;
    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = TempDirs.create("signet-bench-digest-");
        file = dir.resolve("data.bin");
        writeDeterministic(file, (long) sizeMiB << 20);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        TempDirs.delete(dir);
    }

    /** Writes {@code size} bytes of a fixed pseudo-random sequence (xorshift, seed 1). */
    public static void writeDeterministic(Path file, long size) throws IOException {
        byte[] block = new byte[1 << 20];
        long x = 0x9E3779B97F4A7C15L;
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                for (int i = 0; i < block.length; i += 8) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    for (int j = 0; j < 8; j++) {
                        block[i + j] = (byte) (x >>> (8 * j));
                    }
                }
                int n = (int) Math.min(left, block.length);
                out.write(block, 0, n);
                left -= n;
            }
        }
    }

    @Benchmark
    public byte[] signetDigests() throws IOException {
        return Digests.digest(hash, file);
    }

    @Benchmark
    public byte[] accp() throws IOException, GeneralSecurityException {
        return loop(Providers.ACCP);
    }

    @Benchmark
    public byte[] jdk() throws IOException, GeneralSecurityException {
        return loop(Providers.JDK);
    }

    @Benchmark
    public byte[] bouncyCastle() throws IOException, GeneralSecurityException {
        return loop(Providers.BC);
    }

    private byte[] loop(Providers provider) throws IOException, GeneralSecurityException {
        MessageDigest md =
                MessageDigest.getInstance(hash.jcaName(), provider.forAlgorithm("MessageDigest", hash.jcaName()));
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }
}
