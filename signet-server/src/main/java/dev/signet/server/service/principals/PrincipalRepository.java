package dev.signet.server.service.principals;

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
}
