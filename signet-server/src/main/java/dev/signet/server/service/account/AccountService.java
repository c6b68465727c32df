package dev.signet.server.service.account;

import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.access.AccessDeniedException;
import dev.signet.server.service.principals.AccessKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The deployment's accounts: creating one (its id, its administrator and the administrator's access
 * key, in one transaction) and listing them. Both belong to the deployment's bootstrap account: the
 * routes name {@link #registryArn()}, a resource of that account, so the authorizer lets its
 * administrator and its identities with an explicit Allow through and refuses every other account
 * (no resource-based policy can be attached to it); this class refuses callers of other accounts
 * again, so a mistake in a route's resource cannot open it (fail closed).
 */
public final class AccountService {
    /** The name of the bootstrap account when an existing deployment's registry is first filled. */
    public static final String BOOTSTRAP_NAME = "bootstrap";

    private static final int ATTEMPTS = 16;

    private final AccountRepository accounts;
    private final AccessKeys accessKeys;
    private final String partition;
    private final String bootstrapAccount;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AccountService(
            AccountRepository accounts, AccessKeys accessKeys, String partition, String bootstrapAccount, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.accessKeys = Objects.requireNonNull(accessKeys, "accessKeys");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.bootstrapAccount = Objects.requireNonNull(bootstrapAccount, "bootstrapAccount");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!Account.isAccountId(bootstrapAccount)) {
            throw new IllegalArgumentException("the bootstrap account id is 12 digits");
        }
    }

    /** {@code arn:PARTITION:signet::BOOTSTRAP:accounts}: the resource CreateAccount and ListAccounts act on. */
    public String registryArn() {
        return "arn:" + partition + ":signet::" + bootstrapAccount + ":accounts";
    }

    /** The account the deployment was configured with, whose administrator may create accounts. */
    public String bootstrapAccount() {
        return bootstrapAccount;
    }

    /** Adds the bootstrap account to the registry when it is not there (a new deployment's first start). */
    public void registerBootstrap() {
        accounts.registerIfAbsent(new Account(
                bootstrapAccount,
                BOOTSTRAP_NAME,
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                Account.Status.ACTIVE));
    }

    /**
     * Creates an account with a new random 12-digit id, its administrator and one access key.
     *
     * @param name 1-50 printable ASCII characters; absent: the account id
     * @throws AccessDeniedException when the caller is not of the bootstrap account
     * @throws ServiceException ValidationException for a bad name
     */
    public CreatedAccount create(Caller caller, Optional<String> name) {
        requireBootstrapAccount(caller, "signet:CreateAccount");
        name.ifPresent(n -> {
            if (!Account.isName(n)) {
                throw ServiceException.validation(
                        "name must be 1 to 50 printable ASCII characters, got '" + Validation.printable(n) + "'");
            }
        });
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String id = newAccountId();
            if (id.equals(bootstrapAccount) || accounts.find(id).isPresent()) {
                continue;
            }
            Account account = new Account(
                    id, name.orElse(id), clock.instant().truncatedTo(ChronoUnit.MILLIS), Account.Status.ACTIVE);
            AccessKeys.NewAdministrator admin = accessKeys.newAdministrator(id);
            if (accounts.create(account, admin.principal(), admin.storedKey())) {
                accessKeys.issued(admin.issued().accessKeyId());
                return new CreatedAccount(account, admin.principal().arn(), admin.issued());
            }
        }
        throw ServiceException.internal("could not find an unused account id");
    }

    /**
     * Every account of the deployment, oldest first.
     *
     * @throws AccessDeniedException when the caller is not of the bootstrap account
     */
    public List<Account> list(Caller caller) {
        requireBootstrapAccount(caller, "signet:ListAccounts");
        return accounts.list();
    }

    private void requireBootstrapAccount(Caller caller, String action) {
        if (!caller.accountId().equals(bootstrapAccount)) {
            throw new AccessDeniedException("User: " + caller.principalArn() + " is not authorized to perform: "
                    + action + " on resource: " + registryArn() + " because no resource-based policy allows the "
                    + action + " action");
        }
    }

    private String newAccountId() {
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append((char) ('0' + random.nextInt(10)));
        }
        return id.toString();
    }
}
