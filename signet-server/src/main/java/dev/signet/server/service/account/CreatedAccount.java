package dev.signet.server.service.account;

import dev.signet.server.service.principals.IssuedAccessKey;
import java.util.Objects;

/**
 * A new account, its administrator's ARN and the administrator's access key with its secret (shown
 * once, here).
 */
public record CreatedAccount(Account account, String administratorArn, IssuedAccessKey accessKey) {
    public CreatedAccount {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(administratorArn, "administratorArn");
        Objects.requireNonNull(accessKey, "accessKey");
    }
}
