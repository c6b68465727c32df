package dev.signet.core.revocation;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One revoked signing profile version ({@code RevokeSigningProfile}): signatures whose trusted
 * signing time is at or after {@code effectiveFrom} are revoked; earlier ones stay valid.
 *
 * @param profileVersionArn the revoked profile version
 * @param effectiveFrom signatures of this version whose trusted signing time is at or after it are revoked
 * @param revokedAt when the version was revoked
 * @param spared signatures of this version that Signet recorded as made before {@code effectiveFrom}
 *     and that carry no trusted signing time (their format records none and they have no time-stamp):
 *     their signature ids, 64 lower-case hex digits each, kept sorted and distinct. A verifier that
 *     cannot establish a signature's signing time treats it as made before {@code effectiveFrom}
 *     exactly when its id is listed here; a signature with a known signing time is judged by that time
 *     only.
 */
public record RevokedProfileVersion(
        String profileVersionArn, Instant effectiveFrom, Instant revokedAt, List<String> spared) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    public RevokedProfileVersion {
        Objects.requireNonNull(profileVersionArn, "profileVersionArn");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(spared, "spared");
        TreeSet<String> sorted = new TreeSet<>();
        for (String id : spared) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("a spared signature id is 64 lower-case hex digits");
            }
            sorted.add(id);
        }
        spared = List.copyOf(sorted);
    }

    /** A revoked version with no signatures recorded as spared. */
    public RevokedProfileVersion(String profileVersionArn, Instant effectiveFrom, Instant revokedAt) {
        this(profileVersionArn, effectiveFrom, revokedAt, List.of());
    }

    /** Whether a signature made at {@code signingTime} is revoked by this record. */
    public boolean covers(Instant signingTime) {
        return !signingTime.isBefore(effectiveFrom);
    }

    /**
     * Whether Signet recorded the signature {@code signatureId} as made before {@code effectiveFrom}
     * (for signatures with no trusted signing time only; see {@link #spared()}).
     */
    public boolean spares(String signatureId) {
        return Collections.binarySearch(spared, signatureId) >= 0;
    }
}
