package dev.signet.core.crypto;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Optional;

/** Key types a {@link KeyBackend} can generate or import. */
public enum KeyAlgorithm {
    ECDSA_P256("ECDSA"),
    ECDSA_P384("ECDSA"),
    RSA_3072("RSA"),
    /** RSA-2048: for imported customer keys (IoT platforms); Signet generates RSA-3072. */
    RSA_2048("RSA"),
    ED25519("Ed25519");

    private final String family;

    KeyAlgorithm(String family) {
        this.family = family;
    }

    /** The AWS Signer encryption algorithm name ({@code ECDSA} or {@code RSA}); Ed25519 has none in AWS. */
    public String family() {
        return family;
    }

    /**
     * The algorithm of {@code key} when it is one Signet signs with (RSA of 2048 or 3072 bits, an EC
     * key on P-256 or P-384, compared by its parameters); empty for any other key, Ed25519 included.
     */
    public static Optional<KeyAlgorithm> of(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            if (Curves.same(ec.getParams(), Curves.P256)) {
                return Optional.of(ECDSA_P256);
            }
            return Curves.same(ec.getParams(), Curves.P384) ? Optional.of(ECDSA_P384) : Optional.empty();
        }
        if (key instanceof RSAPublicKey rsa) {
            return switch (rsa.getModulus().bitLength()) {
                case 2048 -> Optional.of(RSA_2048);
                case 3072 -> Optional.of(RSA_3072);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /** The curves' parameters, looked up once. */
    private static final class Curves {
        static final ECParameterSpec P256 = curve("secp256r1");
        static final ECParameterSpec P384 = curve("secp384r1");

        static boolean same(ECParameterSpec a, ECParameterSpec b) {
            return a != null
                    && a.getCurve().equals(b.getCurve())
                    && a.getGenerator().equals(b.getGenerator())
                    && a.getOrder().equals(b.getOrder())
                    && a.getCofactor() == b.getCofactor();
        }

        private static ECParameterSpec curve(String name) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(name));
                return parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no " + name, e);
            }
        }
    }
}
