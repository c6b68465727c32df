package dev.signet.server.service.principals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Principals and their access keys: the storage the principals service needs, implemented in
 * {@code store/}. Failures to store are unchecked exceptions of the implementation.
 */
public interface PrincipalRepository {

    /**
     * Stores a principal and its first access key in one transaction.
     *
     * fails (unchecked) if the principal name or key id is taken
     */
    void create(Principal principal, StoredAccessKey firstKey);

    /** Fails (unchecked) if the principal does not exist or the key id is taken. */
    void addAccessKey(StoredAccessKey key);

    Optional<Principal> findPrincipal(String principalId);

    Optional<Principal> findPrincipalByName(String name);

    Optional<StoredAccessKey> findAccessKey(String accessKeyId);

    /** The access keys of {@code principalId}, oldest first. */
    List<StoredAccessKey> accessKeysOf(String principalId);

    long countPrincipals();

    /**
     * Adds {@code key} unless its principal already has {@code max} keys, deciding under a lock of
     * the principal's row so that concurrent requests cannot both pass the count.
     *
     * @return false (and nothing stored) when the principal is at the limit
     */
    boolean addAccessKeyWithin(StoredAccessKey key, int max);

    /** Sets a key's status; false when {@code principalId} has no key {@code accessKeyId}. */
    boolean setStatus(String principalId, String accessKeyId, StoredAccessKey.Status status);

    /** Deletes a key; false when {@code principalId} has no key {@code accessKeyId}. */
    boolean deleteAccessKey(String principalId, String accessKeyId);

    /** Records that a key signed a request for {@code service} in {@code region} at {@code at}. */
    void recordUse(String accessKeyId, Instant at, String service, String region);

    /** The last recorded use of a key; empty when it was never used (or does not exist). */
    Optional<AccessKeyUse> lastUse(String accessKeyId);
}
