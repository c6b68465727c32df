package dev.signet.core.ca;

import dev.signet.core.crypto.KeyHandle;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * One generation of the issuing CA: generation 1 is the one made at the first start, each renewal
 * adds the next. The newest issues every new certificate; older ones keep their certificates
 * verifying and sign the CRLs of what they issued.
 *
 * @param rootGeneration the generation of the root that signed this issuing CA's certificate
 * @param chain this issuing CA's certificate, then the certificates up to the first root: that root
 *     itself when {@code rootGeneration} is 1, else the cross certificates of every later root down
 *     to it, newest first, then the first root
 */
public record IssuingCa(int generation, int rootGeneration, KeyHandle key, List<X509Certificate> chain) {
    public IssuingCa {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (generation < 1 || rootGeneration < 1 || chain.size() != rootGeneration + 1) {
            throw new IllegalArgumentException("issuing generation " + generation + " under root generation "
                    + rootGeneration + " needs a chain of " + (rootGeneration + 1) + " certificates");
        }
    }

    /** The issuing CA's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Whether this issuing CA issued {@code certificate} (issuer name and signature). */
    public boolean issued(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(certificate().getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate().getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }
}
