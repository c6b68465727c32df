package dev.signet.bench;

import dev.signet.core.crypto.KeyAlgorithm;
import java.security.GeneralSecurityException;

/**
 * CPU time of one raw ECDSA P-256 ({@code SHA256withECDSA}) sign and of one verify of such a
 * signature, over a 32-byte message, on the provider Signet's CryptoProviders chooses, on one thread
 * ({@link RawCpu}): the least any self-checked P-256 signature costs (a sign and the check of its
 * value). Prints the medians: {@code sign_us<TAB>S<TAB>verify_us<TAB>V<TAB>provider<TAB>P}. {@code
 * SignVerifyCpu [N ROUNDS]}.
 */
public final class SignVerifyCpu {
    private SignVerifyCpu() {}

    public static void main(String[] args) throws GeneralSecurityException {
        int n = args.length == 2 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length == 2 ? Integer.parseInt(args[1]) : 5;
        if (n < 1 || n > 1_000_000 || rounds < 1 || rounds > 100) {
            throw new IllegalArgumentException("usage: SignVerifyCpu [N 1..1000000 ROUNDS 1..100]");
        }
        RawCpu.Result r = RawCpu.measure(KeyAlgorithm.ECDSA_P256, n, rounds);
        System.out.printf(
                "sign_us\t%.1f\tverify_us\t%.1f\tprovider\t%s%n", r.signMicros(), r.verifyMicros(), r.provider());
    }
}
