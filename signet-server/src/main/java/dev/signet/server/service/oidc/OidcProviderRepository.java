package dev.signet.server.service.oidc;

import java.util.List;
import java.util.Optional;

/**
 * The OIDC providers of each account, implemented in {@code store/}; a provider is named by its
 * account and key ({@link OidcProvider#key}). Each change is atomic in the database.
 */
public interface OidcProviderRepository {

    /** Stores a new provider with its client ids; false (nothing changed) when the key is taken. */
    boolean create(OidcProvider provider);

    Optional<OidcProvider> find(String accountId, String key);

    /** The account's providers, by key. */
    List<OidcProvider> list(String accountId);

    /** How many providers the account has. */
    int count(String accountId);

    /** Deletes the provider and its client ids; false when there was none. */
    boolean delete(String accountId, String key);

    /** The outcome of adding a client id. */
    enum AddOutcome {
        ADDED,
        ALREADY_THERE,
        LIMIT_REACHED,
        NO_PROVIDER
    }

    /** Adds a client id unless the provider already has {@code limit} of them. */
    AddOutcome addClientId(String accountId, String key, String clientId, int limit);

    /** Removes a client id (absent: nothing changes); false when the provider does not exist. */
    boolean removeClientId(String accountId, String key, String clientId);

    /** Replaces the thumbprints; false when the provider does not exist. */
    boolean replaceThumbprints(String accountId, String key, List<String> thumbprints);
}
