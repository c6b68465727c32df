package dev.signet.bench;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * CPU time of one raw sign and one raw verify of a 32-byte message with a key of one algorithm, on
 * the provider {@link CryptoProviders} chooses, on one thread: the cryptography a format cannot
 * avoid. Medians of {@code rounds} rounds after a warm-up round; JIT and GC threads are not counted.
 */
public final class RawCpu {
    /** Microseconds of CPU per operation, and the provider that signed. */
    public record Result(double signMicros, double verifyMicros, String provider) {}

    private RawCpu() {}

    /** The hash each key algorithm signs over in Signet's platforms. */
    public static SignatureAlgorithm algorithm(KeyAlgorithm key) {
        return new SignatureAlgorithm(
                key, key == KeyAlgorithm.ECDSA_P384 ? HashAlgorithm.SHA384 : HashAlgorithm.SHA256);
    }

    public static Result measure(KeyAlgorithm key, int n, int rounds) throws GeneralSecurityException {
        Key raw = Key.of(key);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] sign = new double[rounds];
        double[] verify = new double[rounds];
        for (int r = -1; r < rounds; r++) { // round -1 warms up
            long start = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                raw.sign();
            }
            long mid = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                raw.verify();
            }
            if (r >= 0) {
                sign[r] = (mid - start) / 1e3 / n;
                verify[r] = (mx.getCurrentThreadCpuTime() - mid) / 1e3 / n;
            }
        }
        Arrays.sort(sign);
        Arrays.sort(verify);
        return new Result(sign[rounds / 2], verify[rounds / 2], raw.provider());
    }

    /**
     * A fresh key pair of one algorithm with a signer and a verifier on the provider {@link
     * CryptoProviders} chooses, and a signature of a 32-byte message: one raw sign or one raw verify
     * per call, for a baseline measured beside a format's operation. Not thread-safe.
     */
    public static final class Key {
        private final KeyPair pair;
        private final Signature signer;
        private final Signature verifier;
        private final byte[] message = new byte[32];
        private final byte[] signature;

        private Key(KeyPair pair, Signature signer, Signature verifier, byte[] signature) {
            this.pair = pair;
            this.signer = signer;
            this.verifier = verifier;
            this.signature = signature;
        }

        public static Key of(KeyAlgorithm key) throws GeneralSecurityException {
            SignatureAlgorithm algorithm = algorithm(key);
            KeyPair pair = generate(key);
            Signature signer = CryptoProviders.signature(algorithm.jcaName());
            signer.initSign(pair.getPrivate());
            byte[] message = new byte[32];
            signer.update(message);
            return new Key(pair, signer, CryptoProviders.signature(algorithm.jcaName()), signer.sign());
        }

        /** One raw sign of the message. */
        public void sign() throws GeneralSecurityException {
            signer.update(message);
            signer.sign();
        }

        /** One raw verify of the signature over the message; a signature that does not verify is a bug. */
        public void verify() throws GeneralSecurityException {
            verifier.initVerify(pair.getPublic());
            verifier.update(message);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("a signature did not verify");
            }
        }

        public String provider() {
            return signer.getProvider().getName();
        }
    }

    private static KeyPair generate(KeyAlgorithm key) throws GeneralSecurityException {
        return switch (key) {
            case ECDSA_P256, ECDSA_P384 -> {
                KeyPairGenerator kpg = CryptoProviders.keyPairGenerator("EC");
                kpg.initialize(new ECGenParameterSpec(key == KeyAlgorithm.ECDSA_P256 ? "secp256r1" : "secp384r1"));
                yield kpg.generateKeyPair();
            }
            case RSA_2048, RSA_3072, RSA_4096 -> {
                KeyPairGenerator kpg = CryptoProviders.keyPairGenerator("RSA");
                kpg.initialize(key == KeyAlgorithm.RSA_2048 ? 2048 : key == KeyAlgorithm.RSA_4096 ? 4096 : 3072);
                yield kpg.generateKeyPair();
            }
            case ED25519 -> CryptoProviders.keyPairGenerator("Ed25519").generateKeyPair();
        };
    }
}
