package dev.signet.server.service.account;

import dev.signet.server.service.principals.Principal;
import dev.signet.server.service.principals.StoredAccessKey;
import java.util.List;
import java.util.Optional;

/**
 * The account registry, implemented in {@code store/}. Failures to store are unchecked exceptions
 * of the implementation.
 */
public interface AccountRepository {

    /**
     * Stores a new account with its administrator and the administrator's first access key, all in
     * one transaction: either all three exist afterwards or none does.
     *
     * @return false (and nothing stored) when the account id is taken
     */
    boolean create(Account account, Principal administrator, StoredAccessKey firstKey);

    /** Registers {@code account} unless an account with its id exists; true when it was added. */
    boolean registerIfAbsent(Account account);

    Optional<Account> find(String accountId);

    /** Every account, oldest first (ties by id). */
    List<Account> list();
}
