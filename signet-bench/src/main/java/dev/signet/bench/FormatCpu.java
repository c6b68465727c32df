package dev.signet.bench;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.tsa.Timestamper;
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
 * time on one thread, against the cryptography each performs, measured in the same JVM with the
 * same provider ({@link RawCpu.Key}): a sign is the signer's sign and the self-check of its value,
 * plus the time-stamp authority's sign and check when the case is time-stamped; a verify is the
 * signer's signature check, plus the token's when time-stamped. Each operation and its cryptography
 * run in alternating blocks ({@link PairedBlocks}: {@code --pairs} pairs of about {@code
 * --block-seconds} of CPU per side, after a warm-up of {@code --seconds} for the operation), and the
 * ratio is taken per pair. Prints one line per case: {@code CASE<TAB>sign_us<TAB>S<TAB>sign_crypto_us
 * <TAB>C<TAB>verify_us<TAB>V<TAB>verify_crypto_us<TAB>R} (medians over the blocks), then {@code
 * sign_ratio}, {@code sign_ratio_min}, {@code sign_ratio_max}, {@code verify_ratio}, {@code
 * verify_ratio_min}, {@code verify_ratio_max}, each followed by its value. {@code FormatCpu
 * [--seconds 2] [--pairs 15] [--block-seconds 0.1] [CASE...]}.
 */
public final class FormatCpu {
    /** The cryptography's own warm-up: the same few primitives in every case, hot after the first. */
    private static final double BASELINE_WARMUP_SECONDS = 0.3;

    private FormatCpu() {}

    public static void main(String[] args) throws Exception {
        double seconds = 2;
        int pairs = 15;
        double blockSeconds = 0.1;
        List<FormatCase> cases = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = Double.parseDouble(args[++i]);
            } else if (args[i].equals("--pairs") && i + 1 < args.length) {
                pairs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--block-seconds") && i + 1 < args.length) {
                blockSeconds = Double.parseDouble(args[++i]);
            } else {
                cases.add(FormatCase.valueOf(args[i]));
            }
        }
        if (seconds <= 0 || seconds > 60 || pairs < 1 || pairs > 1000 || blockSeconds <= 0 || blockSeconds > 10) {
            throw new IllegalArgumentException("--seconds in (0, 60], --pairs 1..1000, --block-seconds in (0, 10]");
        }
        if (cases.isEmpty()) {
            cases.addAll(Arrays.asList(FormatCase.values()));
        }
        Path dir = TempDirs.create("signet-bench-format-cpu-");
        try {
            BenchPki pki = new BenchPki(dir.resolve("pki"));
            Map<KeyAlgorithm, RawCpu.Key> raw = new EnumMap<>(KeyAlgorithm.class);
            for (FormatCase c : cases) {
                Path in = Files.createDirectories(dir.resolve("in-" + c));
                SigningKey key = pki.signingKey(c.keyAlgorithm());
                Optional<Timestamper> timestamper =
                        c.timestamped() ? Optional.of(pki.timestampAuthority()) : Optional.empty();
                SignatureFormat format = c.format();
                Subject subject = c.writeInput(in);
                FormatCase.Verification verification =
                        c.verification(format, subject, c.sign(format, subject, key, timestamper), in);
                RawCpu.Key signer = raw(raw, c.keyAlgorithm());
                Optional<RawCpu.Key> tsa =
                        c.timestamped() ? Optional.of(raw(raw, KeyAlgorithm.ECDSA_P256)) : Optional.empty();
                PairedBlocks.Result sign = PairedBlocks.measure(
                        () -> c.sign(format, subject, key, timestamper),
                        () -> signCryptography(signer, tsa),
                        seconds,
                        BASELINE_WARMUP_SECONDS,
                        pairs,
                        blockSeconds);
                PairedBlocks.Result verify = PairedBlocks.measure(
                        verification::verify,
                        () -> verifyCryptography(signer, tsa),
                        seconds,
                        BASELINE_WARMUP_SECONDS,
                        pairs,
                        blockSeconds);
                System.out.printf(
                        "%s\tsign_us\t%.1f\tsign_crypto_us\t%.1f\tverify_us\t%.1f\tverify_crypto_us\t%.1f"
                                + "\tsign_ratio\t%.4f\tsign_ratio_min\t%.4f\tsign_ratio_max\t%.4f"
                                + "\tverify_ratio\t%.4f\tverify_ratio_min\t%.4f\tverify_ratio_max\t%.4f%n",
                        c,
                        sign.micros(),
                        sign.baselineMicros(),
                        verify.micros(),
                        verify.baselineMicros(),
                        sign.ratio(),
                        sign.ratioMin(),
                        sign.ratioMax(),
                        verify.ratio(),
                        verify.ratioMin(),
                        verify.ratioMax());
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** A sign's cryptography: the signer's sign and self-check, and the time-stamp authority's. */
    private static void signCryptography(RawCpu.Key signer, Optional<RawCpu.Key> tsa) throws GeneralSecurityException {
        signer.sign();
        signer.verify();
        if (tsa.isPresent()) {
            tsa.get().sign();
            tsa.get().verify();
        }
    }

    /** A verify's cryptography: the signature's check, and the time-stamp token's. */
    private static void verifyCryptography(RawCpu.Key signer, Optional<RawCpu.Key> tsa)
            throws GeneralSecurityException {
        signer.verify();
        if (tsa.isPresent()) {
            tsa.get().verify();
        }
    }

    private static RawCpu.Key raw(Map<KeyAlgorithm, RawCpu.Key> keys, KeyAlgorithm algorithm) {
        return keys.computeIfAbsent(algorithm, a -> {
            try {
                return RawCpu.Key.of(a);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no raw " + a + " key: " + e.getMessage(), e);
            }
        });
    }
}
