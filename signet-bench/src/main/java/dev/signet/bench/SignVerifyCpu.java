package dev.signet.bench;

import dev.signet.core.crypto.CryptoProviders;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * CPU time of one raw ECDSA P-256 ({@code SHA256withECDSA}) sign and of one verify of such a
 * signature, over a 32-byte message, on the provider {@link CryptoProviders} chooses, on one thread:
 * the least any self-checked P-256 signature costs (a sign and the check of its value). Runs {@code
 * N} of each {@code ROUNDS} times after a warm-up and prints the medians: {@code
 * sign_us<TAB>S<TAB>verify_us<TAB>V<TAB>provider<TAB>P}. {@code SignVerifyCpu [N ROUNDS]}.
 */
public final class SignVerifyCpu {
    private static final String ALGORITHM = "SHA256withECDSA";

    private SignVerifyCpu() {}

    public static void main(String[] args) throws GeneralSecurityException {
        int n = args.length == 2 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length == 2 ? Integer.parseInt(args[1]) : 5;
        if (n < 1 || n > 1_000_000 || rounds < 1 || rounds > 100) {
            throw new IllegalArgumentException("usage: SignVerifyCpu [N 1..1000000 ROUNDS 1..100]");
        }
        KeyPairGenerator kpg = CryptoProviders.keyPairGenerator("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = kpg.generateKeyPair();
        Signature signer = CryptoProviders.signature(ALGORITHM);
        signer.initSign(pair.getPrivate());
        Signature verifier = CryptoProviders.signature(ALGORITHM);
        byte[] message = new byte[32];
        signer.update(message);
        byte[] signature = signer.sign();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] sign = new double[rounds];
        double[] verify = new double[rounds];
        for (int r = -1; r < rounds; r++) { // round -1 warms up
            long start = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                signer.update(message);
                signer.sign();
            }
            long mid = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                verifier.initVerify(pair.getPublic());
                verifier.update(message);
                if (!verifier.verify(signature)) {
                    throw new IllegalStateException("a signature did not verify");
                }
            }
            if (r >= 0) {
                sign[r] = (mid - start) / 1e3 / n;
                verify[r] = (mx.getCurrentThreadCpuTime() - mid) / 1e3 / n;
            }
        }
        Arrays.sort(sign);
        Arrays.sort(verify);
        System.out.printf(
                "sign_us\t%.1f\tverify_us\t%.1f\tprovider\t%s%n",
                sign[rounds / 2], verify[rounds / 2], signer.getProvider().getName());
    }
}
