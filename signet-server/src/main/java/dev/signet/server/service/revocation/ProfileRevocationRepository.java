package dev.signet.server.service.revocation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable profile-version revocations. A version is revoked at most once and never un-revoked; the
 * only change a revocation accepts afterwards is its effective time moving earlier.
 */
public interface ProfileRevocationRepository {

    /**
     * Records the revocation and marks the profile Revoked, in one transaction.
     *
     * @return false, changing nothing, when that version is already revoked
     */
    boolean revoke(ProfileRevocation revocation);

    /**
     * Moves the effective time of an existing revocation to {@code effectiveFrom}, keeping the rest
     * of the record, if that is strictly earlier than the stored one.
     *
     * @return false, changing nothing, when the version is not revoked or its stored effective time
     *     is already at or before {@code effectiveFrom}
     */
    boolean moveEffectiveTimeEarlier(
            String ownerAccount, String profileName, String profileVersion, Instant effectiveFrom);

    Optional<ProfileRevocation> find(String ownerAccount, String profileName, String profileVersion);

    /** Every revoked profile version, of every account, in no particular order (one query). */
    List<ProfileRevocation> all();
}
