package dev.signet.server.store;

import java.util.Optional;

/** Principals and their access keys. */
public interface PrincipalRepository {

    /**
     * Stores a principal and its first access key in one transaction.
     *
     * @throws StoreException if the principal name or key id is taken
     */
    void create(Principal principal, StoredAccessKey firstKey);

    /** @throws StoreException if the principal does not exist or the key id is taken */
    void addAccessKey(StoredAccessKey key);

    Optional<Principal> findPrincipal(String principalId);

    Optional<Principal> findPrincipalByName(String name);

    Optional<StoredAccessKey> findAccessKey(String accessKeyId);

    long countPrincipals();
}
