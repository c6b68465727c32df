package dev.signet.core.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the CA's certificate revocation list: a code-signing certificate (by serial number)
 * revoked at {@code revokedAt}, whose key is to be distrusted for signatures made from {@code
 * invalidFrom} on (the CRL entry's invalidity date: a profile version's revocation effective time).
 * Verifiers that honour the invalidity date (Notation does) keep accepting signatures whose
 * authentic signing time is before it.
 */
public record RevokedCertificate(BigInteger serialNumber, Instant revokedAt, Instant invalidFrom) {
    public RevokedCertificate {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(invalidFrom, "invalidFrom");
        if (serialNumber.signum() <= 0) {
            throw new IllegalArgumentException("a certificate serial number is positive");
        }
    }
}
