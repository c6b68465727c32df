package dev.signet.bench.jmh;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.signet.core.crypto.CryptoProviders;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;

/**
 * The JCA providers the benchmarks compare, used directly (never installed JVM-wide): ACCP, the
 * BouncyCastle instance Signet uses, and the JDK's own (SunEC for EC and Ed25519, SunRsaSign for
 * RSA, SUN for digests). ACCP's availability is what signet-core's {@link CryptoProviders} found;
 * asking for ACCP when it did not load fails loudly rather than silently measuring another provider.
 */
public enum Providers {
    ACCP,
    BC,
    JDK;

    /** The provider of this family that serves {@code type.algorithm}. */
    public Provider forAlgorithm(String type, String algorithm) {
        return switch (this) {
            case ACCP -> {
                if (!CryptoProviders.accpAvailable()) {
                    throw new IllegalStateException(
                            "ACCP is not available on this machine (" + CryptoProviders.describe() + ")");
                }
                yield AmazonCorrettoCryptoProvider.INSTANCE;
            }
            case BC -> CryptoProviders.bouncyCastle();
            case JDK -> jdk(type, algorithm);
        };
    }

    private static Provider jdk(String type, String algorithm) {
        String a = algorithm.toUpperCase(Locale.ROOT);
        String name;
        if (type.equals("MessageDigest")) {
            name = "SUN";
        } else if (a.contains("RSA")) {
            name = "SunRsaSign";
        } else {
            name = "SunEC";
        }
        Provider p = Security.getProvider(name);
        if (p == null) {
            throw new IllegalStateException("the JDK has no provider " + name);
        }
        return p;
    }
}
