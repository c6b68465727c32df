package dev.signet.server.service.account;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One account of the deployment's registry.
 *
 * @param accountId 12 digits, unique in the deployment and never reused
 * @param name 1-50 printable ASCII characters (AWS Organizations' AccountName); not unique
 * @param status {@link Status#ACTIVE} for every account Signet creates today
 */
public record Account(String accountId, String name, Instant createdAt, Status status) {
    private static final Pattern ID = Pattern.compile("[0-9]{12}");
    private static final Pattern NAME = Pattern.compile("[\\u0020-\\u007E]{1,50}");

    /** Whether an account may be used. A closed account keeps its row so its id is never reused. */
    public enum Status {
        ACTIVE,
        CLOSED
    }

    public Account {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        if (!isAccountId(accountId)) {
            throw new IllegalArgumentException("an account id is 12 digits");
        }
        if (!isName(name)) {
            throw new IllegalArgumentException("an account name is 1-50 printable ASCII characters");
        }
    }

    public static boolean isAccountId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    public static boolean isName(String value) {
        return value != null && NAME.matcher(value).matches();
    }
}
