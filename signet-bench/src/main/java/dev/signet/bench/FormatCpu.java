package dev.signet.bench;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.tsa.Timestamper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each format's {@code sign()} and {@code verify()} on its small input ({@link FormatCase}), in CPU
 * time on one thread, beside the CPU of the cryptography each performs, measured in the same JVM
 * with the same provider ({@link RawCpu}): a sign is the signer's sign and the self-check of its
 * value, plus the time-stamp authority's sign and check when the case is time-stamped; a verify is
 * the signer's signature check, plus the token's when time-stamped. Medians of 5 rounds after a
 * warm-up of {@code --seconds} per operation. Prints one line per case: {@code
 * CASE<TAB>sign_us<TAB>S<TAB>sign_crypto_us<TAB>C<TAB>verify_us<TAB>V<TAB>verify_crypto_us<TAB>R}.
 * {@code FormatCpu [--seconds 2] [CASE...]}.
 */
public final class FormatCpu {
    private static final int ROUNDS = 5;
    private static final double ROUND_SECONDS = 0.3;

    private FormatCpu() {}

    public static void main(String[] args) throws Exception {
        double seconds = 2;
        List<FormatCase> cases = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = Double.parseDouble(args[++i]);
                if (seconds <= 0 || seconds > 60) {
                    throw new IllegalArgumentException("--seconds must be in (0, 60]");
                }
            } else {
                cases.add(FormatCase.valueOf(args[i]));
            }
        }
        if (cases.isEmpty()) {
            cases.addAll(Arrays.asList(FormatCase.values()));
        }
        Path dir = TempDirs.create("signet-bench-format-cpu-");
        try {
            BenchPki pki = new BenchPki(dir.resolve("pki"));
            Map<KeyAlgorithm, RawCpu.Result> raw = new EnumMap<>(KeyAlgorithm.class);
            for (FormatCase c : cases) {
                raw.computeIfAbsent(c.keyAlgorithm(), FormatCpu::raw);
                if (c.timestamped()) {
                    raw.computeIfAbsent(KeyAlgorithm.ECDSA_P256, FormatCpu::raw);
                }
            }
            for (FormatCase c : cases) {
                Path in = Files.createDirectories(dir.resolve("in-" + c));
                SigningKey key = pki.signingKey(c.keyAlgorithm());
                Optional<Timestamper> timestamper =
                        c.timestamped() ? Optional.of(pki.timestampAuthority()) : Optional.empty();
                SignatureFormat format = c.format();
                Subject subject = c.writeInput(in);
                FormatCase.Verification verification =
                        c.verification(format, subject, c.sign(format, subject, key, timestamper), in);
                double sign = cpuMicros(seconds, () -> c.sign(format, subject, key, timestamper));
                double verify = cpuMicros(seconds, verification::verify);
                RawCpu.Result signer = raw.get(c.keyAlgorithm());
                double signCrypto = signer.signMicros() + signer.verifyMicros();
                double verifyCrypto = signer.verifyMicros();
                if (c.timestamped()) {
                    RawCpu.Result tsa = raw.get(KeyAlgorithm.ECDSA_P256);
                    signCrypto += tsa.signMicros() + tsa.verifyMicros();
                    verifyCrypto += tsa.verifyMicros();
                }
                System.out.printf(
                        "%s\tsign_us\t%.1f\tsign_crypto_us\t%.1f\tverify_us\t%.1f\tverify_crypto_us\t%.1f%n",
                        c, sign, signCrypto, verify, verifyCrypto);
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static RawCpu.Result raw(KeyAlgorithm key) {
        int n = switch (key) {
            case ECDSA_P256, ED25519 -> 4000;
            case ECDSA_P384 -> 1500;
            case RSA_2048 -> 400;
            case RSA_3072 -> 150;
            case RSA_4096 -> 60;
        };
        try {
            return RawCpu.measure(key, n, ROUNDS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("raw " + key + " signing failed: " + e.getMessage(), e);
        }
    }

    /** An operation a format performs. */
    interface Operation {
        void run() throws FormatException;
    }

    /**
     * The median CPU microseconds of one operation: runs it for {@code warmupSeconds} of CPU, then
     * {@value #ROUNDS} rounds sized to about {@value #ROUND_SECONDS} s each.
     */
    static double cpuMicros(double warmupSeconds, Operation operation) throws FormatException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long runs = 0;
        while (threads.getCurrentThreadCpuTime() - start < warmupSeconds * 1e9) {
            operation.run();
            runs++;
        }
        double estimate = (threads.getCurrentThreadCpuTime() - start) / (double) runs;
        int n = (int) Math.max(1, Math.min(1_000_000, ROUND_SECONDS * 1e9 / estimate));
        double[] micros = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long begin = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                operation.run();
            }
            micros[r] = (threads.getCurrentThreadCpuTime() - begin) / 1000.0 / n;
        }
        Arrays.sort(micros);
        return micros[ROUNDS / 2];
    }
}
