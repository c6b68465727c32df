package dev.signet.core.crypto;

import java.util.Objects;

/**
 * A key algorithm paired with the hash it signs over. {@code hash} is ignored for Ed25519, which
 * hashes internally (PureEdDSA).
 */
public record SignatureAlgorithm(KeyAlgorithm key, HashAlgorithm hash) {
    public SignatureAlgorithm {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hash, "hash");
    }

    /** The JCA Signature name, e.g. {@code SHA384withECDSA}, {@code SHA256withRSA}, {@code Ed25519}. */
    public String jcaName() {
        return switch (key) {
            case ECDSA_P256, ECDSA_P384 -> hash.awsName() + "withECDSA";
            case RSA_3072, RSA_2048, RSA_4096 -> hash.awsName() + "withRSA";
            case ED25519 -> "Ed25519";
        };
    }
}
