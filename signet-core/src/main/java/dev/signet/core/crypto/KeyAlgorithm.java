package dev.signet.core.crypto;

/** Key types a {@link KeyBackend} can generate or import. */
public enum KeyAlgorithm {
    ECDSA_P256("ECDSA"),
    ECDSA_P384("ECDSA"),
    RSA_3072("RSA"),
    /** RSA-2048: for imported customer keys (IoT platforms); Signet generates RSA-3072. */
    RSA_2048("RSA"),
    /** RSA-4096: a backend generates it on request; no platform signs with it yet. */
    RSA_4096("RSA"),
    ED25519("Ed25519");

    private final String family;

    KeyAlgorithm(String family) {
        this.family = family;
    }

    /** The AWS Signer encryption algorithm name ({@code ECDSA} or {@code RSA}); Ed25519 has none in AWS. */
    public String family() {
        return family;
    }
}
