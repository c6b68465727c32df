package dev.signet.core.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the JCA provider for every signature, key and digest operation Signet performs.
 *
 * <p>The system property {@code signet.crypto.provider} selects {@code accp}, {@code bc}, {@code jdk}
 * or {@code auto} (the default, same as {@code accp}). With ACCP selected, each algorithm is probed:
 * ACCP serves it if it loaded, is healthy and implements it; otherwise BouncyCastle does. Digests
 * never use BouncyCastle (3-8x slower): ACCP when selected and available, else the JDK. {@code jdk}
 * (what {@code signet verify} runs with) uses the JDK's providers, BouncyCastle only for what they
 * lack, and never loads ACCP's native library: a one-shot verification is faster without that load.
 *
 * <p>ACCP and BouncyCastle are loaded on first use, not when this class is initialised.
 *
 * <p>Providers are passed explicitly to {@code getInstance}; nothing is installed JVM-wide, so TLS
 * and other JDK users keep their defaults. Thread-safe; choices are made once per algorithm.
 */
public final class CryptoProviders {
    /** The system property that selects the provider. */
    public static final String PROPERTY = "signet.crypto.provider";

    private static final Mode MODE = Mode.parse(System.getProperty(PROPERTY, "auto"));
    private static final Map<String, Provider> CHOSEN = new ConcurrentHashMap<>();
    private static final AtomicBoolean DESCRIBED = new AtomicBoolean();

    private CryptoProviders() {}

    /** Which provider family was asked for. */
    public enum Mode {
        ACCP,
        BC,
        JDK,
        AUTO;

        static Mode parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "accp" -> ACCP;
                case "bc", "bouncycastle" -> BC;
                case "jdk" -> JDK;
                case "auto", "" -> AUTO;
                default ->
                    throw new IllegalStateException(PROPERTY + " must be accp, bc, jdk or auto, not '" + value + "'");
            };
        }
    }

    public static Mode mode() {
        return MODE;
    }

    /** Whether ACCP loaded and passed its self-test (independent of the mode). */
    public static boolean accpAvailable() {
        return Accp.INSTANCE.isPresent();
    }

    /** The BouncyCastle provider instance Signet uses (not registered with {@link Security}). */
    public static Provider bouncyCastle() {
        return Bc.INSTANCE;
    }

    /** A {@link Signature} for a JCA name such as {@code SHA256withECDSA}, on the chosen provider. */
    public static Signature signature(String jcaName) throws NoSuchAlgorithmException {
        return Signature.getInstance(jcaName, signatureProvider(jcaName));
    }

    /**
     * {@code verifier.initVerify(key)} for a key that may come from untrusted input (a carried
     * certificate). BouncyCastle validates an RSA key there and refuses a hostile one (a modulus with
     * a small prime factor) with an {@link IllegalArgumentException}, where other providers declare
     * {@link InvalidKeyException}: both are an {@code InvalidKeyException} here.
     */
    public static void initVerify(Signature verifier, PublicKey key) throws InvalidKeyException {
        try {
            verifier.initVerify(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("unusable " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** The provider that serves {@link #signature} for this algorithm. */
    public static Provider signatureProvider(String jcaName) {
        return choose("Signature", jcaName, false);
    }

    /**
     * The provider for verifying with a signature algorithm named in untrusted input (a certificate or
     * a token): the chosen provider for the common ECDSA, RSA and Ed25519 names, empty for any other
     * name (the caller then uses the JDK default). Names outside the fixed set are never remembered,
     * so hostile input cannot grow the provider table.
     */
    public static Optional<Provider> verificationProvider(String jcaName) {
        String upper = jcaName.toUpperCase(Locale.ROOT);
        return VERIFICATION_NAMES.contains(upper) ? Optional.of(signatureProvider(upper)) : Optional.empty();
    }

    private static final java.util.Set<String> VERIFICATION_NAMES = java.util.Set.of(
            "SHA256WITHECDSA",
            "SHA384WITHECDSA",
            "SHA512WITHECDSA",
            "SHA256WITHRSA",
            "SHA384WITHRSA",
            "SHA512WITHRSA",
            "ED25519");

    public static KeyPairGenerator keyPairGenerator(String jcaName) throws NoSuchAlgorithmException {
        return KeyPairGenerator.getInstance(jcaName, choose("KeyPairGenerator", jcaName, false));
    }

    /**
     * A key factory for decoding stored keys. ACCP lacks some (Ed25519); then the JDK's is used in
     * ACCP mode, because ACCP signs with JDK key objects; BouncyCastle in BC mode.
     */
    public static KeyFactory keyFactory(String jcaName) throws NoSuchAlgorithmException {
        return KeyFactory.getInstance(jcaName, choose("KeyFactory", jcaName, true));
    }

    /** A {@link MessageDigest} on ACCP or the JDK, never BouncyCastle. */
    public static MessageDigest messageDigest(HashAlgorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName(), digestProvider(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no provider for " + algorithm.jcaName(), e);
        }
    }

    /** The provider that serves {@link #messageDigest} for this algorithm. */
    public static Provider digestProvider(HashAlgorithm algorithm) {
        describeOnce();
        return CHOSEN.computeIfAbsent("MessageDigest." + algorithm.jcaName(), k -> {
            Optional<Provider> accp = accp();
            if (accp.isPresent() && probe(accp.get(), "MessageDigest", algorithm.jcaName())) {
                return accp.get();
            }
            return jdkProvider("MessageDigest", algorithm.jcaName())
                    .orElseThrow(() -> new IllegalStateException("the JDK lacks " + algorithm.jcaName()));
        });
    }

    /** One line naming the mode and the provider of each main algorithm, for logs and metrics. */
    public static String describe() {
        StringBuilder sb = new StringBuilder("crypto provider mode=")
                .append(MODE.name().toLowerCase(Locale.ROOT))
                .append(" accp=")
                .append(accp().map(p -> "loaded " + p.getVersionStr()).orElse("unavailable"));
        for (String alg : new String[] {"SHA256withECDSA", "SHA384withECDSA", "SHA256withRSA", "Ed25519"}) {
            sb.append(' ')
                    .append(alg)
                    .append('=')
                    .append(choose("Signature", alg, false).getName());
        }
        for (HashAlgorithm h : new HashAlgorithm[] {HashAlgorithm.SHA256, HashAlgorithm.SHA384}) {
            sb.append(' ')
                    .append(h.jcaName())
                    .append('=')
                    .append(digestProvider(h).getName());
        }
        return sb.toString();
    }

    private static Provider choose(String type, String alg, boolean jdkBeforeBc) {
        describeOnce();
        return CHOSEN.computeIfAbsent(type + "." + alg, k -> {
            if (MODE == Mode.BC) {
                return Bc.INSTANCE;
            }
            Optional<Provider> accp = accp();
            if (accp.isPresent() && probe(accp.get(), type, alg)) {
                return accp.get();
            }
            if (jdkBeforeBc || MODE == Mode.JDK) {
                Optional<Provider> jdk = jdkProvider(type, alg);
                if (jdk.isPresent()) {
                    return jdk.get();
                }
            }
            return Bc.INSTANCE;
        });
    }

    /** ACCP when the mode allows it and it loaded; never loads it in bc or jdk mode. */
    private static Optional<Provider> accp() {
        return MODE == Mode.BC || MODE == Mode.JDK ? Optional.empty() : Accp.INSTANCE;
    }

    /** Created on first use: in jdk mode nothing is logged, and a one-shot verify skips the logging set-up. */
    private static final class Log {
        static final Logger INSTANCE = LoggerFactory.getLogger(CryptoProviders.class);
    }

    /** Loaded on first use: constructing the provider registers some hundred classes. */
    private static final class Bc {
        static final Provider INSTANCE = new BouncyCastleProvider();
    }

    /** Loaded on first use: loading the native library costs a few hundred milliseconds. */
    private static final class Accp {
        static final Optional<Provider> INSTANCE = loadAccp();
    }

    private static boolean probe(Provider provider, String type, String alg) {
        try {
            switch (type) {
                case "Signature" -> Signature.getInstance(alg, provider);
                case "KeyPairGenerator" -> KeyPairGenerator.getInstance(alg, provider);
                case "KeyFactory" -> KeyFactory.getInstance(alg, provider);
                case "MessageDigest" -> MessageDigest.getInstance(alg, provider);
                default -> throw new IllegalArgumentException(type);
            }
            return true;
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }

    private static Optional<Provider> jdkProvider(String type, String alg) {
        for (Provider p : Security.getProviders()) {
            if (!p.getName().equals("BC")
                    && !p.getName().equals(AmazonCorrettoCryptoProvider.PROVIDER_NAME)
                    && probe(p, type, alg)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<Provider> loadAccp() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) {
                Log.INSTANCE.warn(
                        "ACCP failed to load, using BouncyCastle and the JDK: {}",
                        accp.getLoadingError().toString());
                return Optional.empty();
            }
            accp.assertHealthy();
            return Optional.of(accp);
        } catch (RuntimeException | LinkageError e) {
            Log.INSTANCE.warn("ACCP unavailable, using BouncyCastle and the JDK: {}", e.toString());
            return Optional.empty();
        }
    }

    private static void describeOnce() {
        if (MODE != Mode.JDK && DESCRIBED.compareAndSet(false, true)) {
            Log.INSTANCE.info(describe());
        }
    }
}
