package dev.signet.server.service.revocation;

import java.util.Optional;

/** Durable profile-version revocations; a version is revoked at most once and never un-revoked. */
public interface ProfileRevocationRepository {

    /**
     * Records the revocation and marks the profile Revoked, in one transaction.
     *
     * @return false, changing nothing, when that version is already revoked
     */
    boolean revoke(ProfileRevocation revocation);

    Optional<ProfileRevocation> find(String ownerAccount, String profileName, String profileVersion);
}
