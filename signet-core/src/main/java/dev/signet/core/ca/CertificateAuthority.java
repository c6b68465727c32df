package dev.signet.core.ca;

import dev.signet.core.crypto.KeyBackend;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The deployment's root and issuing CA. The root signs only the issuing CA; the issuing CA signs
 * code-signing certificates (EKU codeSigning), one per signing profile version.
 */
public final class CertificateAuthority {

    /**
     * Opens the CA stored in {@code dir} (certificates as PEM, key handles of {@code keys}), or
     * creates a root and an issuing CA there on first use.
     */
    public static CertificateAuthority openOrCreate(Path dir, KeyBackend keys, String organization) {
        throw new UnsupportedOperationException("TODO core");
    }

    public X509Certificate root() {
        throw new UnsupportedOperationException("TODO core");
    }

    /** The issuing CA's certificate followed by the root's. */
    public List<X509Certificate> issuingChain() {
        throw new UnsupportedOperationException("TODO core");
    }

    /**
     * Issues a code-signing certificate for {@code subjectKey}, valid from {@code notBefore} to
     * {@code notAfter}, naming the profile version ARN as a URI subject alternative name.
     */
    public X509Certificate issueCodeSigning(
            PublicKey subjectKey, String commonName, String profileVersionArn, Instant notBefore, Instant notAfter) {
        throw new UnsupportedOperationException("TODO core");
    }
}
