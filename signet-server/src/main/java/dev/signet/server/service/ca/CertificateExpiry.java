package dev.signet.server.service.ca;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When one certificate stops being valid.
 *
 * @param role what the certificate is: {@code root}, {@code issuing}, {@code timestamping}, or
 *     {@code profile} for a profile version's signing certificate
 * @param subject the certificate's subject (RFC 2253)
 * @param sha256 the certificate's SHA-256 fingerprint, lower-case hex
 */
public record CertificateExpiry(String role, String subject, Instant notBefore, Instant notAfter, String sha256) {
    public CertificateExpiry {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Whole days from {@code now} until it expires; negative once it has. */
    public long daysLeft(Instant now) {
        return Math.floorDiv(
                Duration.between(now, notAfter).toSeconds(), Duration.ofDays(1).toSeconds());
    }

    /** Whether it expires within {@code window} of {@code now} (or has expired). */
    public boolean expiresWithin(Duration window, Instant now) {
        return !notAfter.isAfter(now.plus(window));
    }
}
