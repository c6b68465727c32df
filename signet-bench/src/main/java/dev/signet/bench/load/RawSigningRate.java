package dev.signet.bench.load;

import dev.signet.core.crypto.CryptoProviders;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signet's own raw in-process signing rate: ECDSA P-256 ({@code SHA256withECDSA}) over a 32-byte
 * message on the provider {@link CryptoProviders} chooses (the one the server signs with in this
 * JVM), on {@code threads} threads for a bounded time after a short warm-up.
 */
final class RawSigningRate {
    static final String ALGORITHM = "SHA256withECDSA";

    private RawSigningRate() {}

    record Result(String provider, int threads, long signatures, long elapsedNanos, long cpuNanos) {
        double opsPerSecond() {
            return elapsedNanos == 0 ? 0 : signatures * 1e9 / elapsedNanos;
        }

        /** CPU per signature in microseconds, summed over the signing threads (-1 if not measurable). */
        double cpuMicrosPerSign() {
            return cpuNanos < 0 || signatures == 0 ? -1 : cpuNanos / 1e3 / signatures;
        }
    }

    static Result measure(int threads, long warmupNanos, long measureNanos) throws InterruptedException {
        KeyPair pair;
        try {
            KeyPairGenerator kpg = CryptoProviders.keyPairGenerator("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
            pair = kpg.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
        AtomicLong cpu = new AtomicLong();
        run(pair, threads, warmupNanos, cpu);
        cpu.set(0);
        long start = System.nanoTime();
        long n = run(pair, threads, measureNanos, cpu);
        return new Result(
                CryptoProviders.signatureProvider(ALGORITHM).getName(),
                threads,
                n,
                System.nanoTime() - start,
                cpu.get());
    }

    private static long run(KeyPair pair, int threads, long nanos, AtomicLong cpuNanos) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        if (!cpu) {
            cpuNanos.set(Long.MIN_VALUE / 2); // stays negative: not measurable
        }
        AtomicLong count = new AtomicLong();
        long deadline = System.nanoTime() + nanos;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(
                    () -> {
                        try {
                            Signature s = CryptoProviders.signature(ALGORITHM);
                            s.initSign(pair.getPrivate());
                            byte[] message = new byte[32];
                            long n = 0;
                            long cpuStart = cpu ? mx.getCurrentThreadCpuTime() : 0;
                            while (System.nanoTime() < deadline) {
                                message[(int) (n & 31)]++;
                                s.update(message);
                                s.sign();
                                n++;
                            }
                            count.addAndGet(n);
                            if (cpu) {
                                cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpuStart);
                            }
                        } catch (GeneralSecurityException e) {
                            throw new IllegalStateException("raw signing failed", e);
                        }
                    },
                    "raw-sign-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join(nanos / 1_000_000 + 60_000);
        }
        return count.get();
    }
}
