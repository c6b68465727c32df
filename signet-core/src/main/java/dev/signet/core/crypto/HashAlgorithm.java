package dev.signet.core.crypto;

/** Hash algorithms Signet signs with. SHA-1 exists only for the legacy TI CC3220SF platform. */
public enum HashAlgorithm {
    SHA256("SHA-256", "SHA256", 32),
    SHA384("SHA-384", "SHA384", 48),
    SHA1("SHA-1", "SHA1", 20);

    private final String jcaName;
    private final String awsName;
    private final int length;

    HashAlgorithm(String jcaName, String awsName, int length) {
        this.jcaName = jcaName;
        this.awsName = awsName;
        this.length = length;
    }

    /** The JCA MessageDigest name, e.g. {@code SHA-256}. */
    public String jcaName() {
        return jcaName;
    }

    /** The AWS Signer enum value, e.g. {@code SHA256}. */
    public String awsName() {
        return awsName;
    }

    /** Digest length in bytes. */
    public int length() {
        return length;
    }
}
