package dev.signet.bench.jmh;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw signing of a 32-byte message per algorithm and provider, through the JCA directly (no Signet
 * code on the path): the ceiling every Signet signing path is compared with. One {@link Signature}
 * per thread, keys generated once per trial by the measured provider (by the JDK where the provider
 * has no generator for the algorithm).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class RawSignBenchmark {

    /** Key type and the JCA signature name used with it. */
    public enum Algorithm {
        ECDSA_P256("EC", "secp256r1", "SHA256withECDSA"),
        ECDSA_P384("EC", "secp384r1", "SHA384withECDSA"),
        RSA_3072("RSA", null, "SHA256withRSA"),
        ED25519("Ed25519", null, "Ed25519");

        final String keyType;
        final String curve;
        final String jcaName;

        Algorithm(String keyType, String curve, String jcaName) {
            this.keyType = keyType;
            this.curve = curve;
            this.jcaName = jcaName;
        }
    }

    @Param({"ECDSA_P256", "ECDSA_P384", "RSA_3072", "ED25519"})
    public Algorithm algorithm;

    @Param({"ACCP", "BC", "JDK"})
    public Providers provider;

    private Signature signature;
    private final byte[] message = new byte[32];

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        Provider p = provider.forAlgorithm("Signature", algorithm.jcaName);
        KeyPair pair = generate(algorithm, p);
        signature = Signature.getInstance(algorithm.jcaName, p);
        signature.initSign(pair.getPrivate());
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
    }

    /** A key pair of {@code algorithm} from {@code provider}, or from the JDK if it has no generator. */
    public static KeyPair generate(Algorithm algorithm, Provider provider) throws GeneralSecurityException {
        KeyPairGenerator kpg;
        try {
            kpg = KeyPairGenerator.getInstance(algorithm.keyType, provider);
        } catch (NoSuchAlgorithmException e) {
            kpg = KeyPairGenerator.getInstance(
                    algorithm.keyType, Providers.JDK.forAlgorithm("KeyPairGenerator", algorithm.jcaName));
        }
        if (algorithm.curve != null) {
            kpg.initialize(new ECGenParameterSpec(algorithm.curve));
        } else if (algorithm.keyType.equals("RSA")) {
            kpg.initialize(3072);
        }
        return kpg.generateKeyPair();
    }

    @Benchmark
    public byte[] sign() throws GeneralSecurityException {
        signature.update(message);
        return signature.sign();
    }
}
