package dev.signet.server.service.ca;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The deployment's certificate authority as {@code signet ca status} shows it.
 *
 * @param at when it was read (service clock)
 * @param authority the root, the issuing CA and the time-stamping certificate
 * @param expiringProfiles the caller's Active profiles whose current certificate expires within
 *     {@link CaStatusService#PROFILE_WINDOW}, soonest first
 * @param advice what to do next, one sentence each; empty when nothing needs doing
 */
public record CaStatus(
        Instant at,
        List<CertificateExpiry> authority,
        List<ProfileCertificateExpiry> expiringProfiles,
        List<String> advice) {
    public CaStatus {
        Objects.requireNonNull(at, "at");
        authority = List.copyOf(authority);
        expiringProfiles = List.copyOf(expiringProfiles);
        advice = List.copyOf(advice);
    }
}
