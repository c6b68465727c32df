package dev.signet.server.service.principals;

import dev.signet.server.service.Caller;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An identity that can hold access keys.
 *
 * @param name an IAM-style user name: 1-64 of {@code [A-Za-z0-9+=,.@_-]}; an IAM user's principal is
 *     named by its user id (the user's name is unique per account only, {@code service.iam})
 * @param kind the account's administrator, or an IAM user
 */
public record Principal(
        String principalId, String name, String arn, String accountId, Instant createdAt, Caller.Kind kind) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+=,.@_\\-]{1,64}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public Principal {
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(kind, "kind");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("principal name must be 1-64 of [A-Za-z0-9+=,.@_-]");
        }
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account id must be 12 digits");
        }
    }
}
