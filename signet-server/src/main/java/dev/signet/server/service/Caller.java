package dev.signet.server.service;

import java.util.Objects;

/**
 * The authenticated principal behind a request.
 *
 * @param accessKeyId the access key the request was signed with
 * @param principalArn the principal's ARN, e.g. {@code arn:aws:iam::000000000000:user/admin};
 *     what {@code requestedBy} and {@code jobInvoker} report
 * @param accountId the 12-digit account the principal belongs to
 * @param userId the principal's unique id as STS reports it ({@code aws:userid}): an IAM user's
 *     {@code AIDA...} id, the account id for the account's administrator
 * @param kind whether the principal is the account's administrator or an IAM user; only the
 *     administrator is allowed anything before policies are evaluated ({@code service.access})
 */
public record Caller(String accessKeyId, String principalArn, String accountId, String userId, Kind kind) {

    /** What kind of principal signed the request. */
    public enum Kind {
        /** The account's bootstrap administrator: may do everything in its account. */
        ADMINISTRATOR,
        /** An IAM user created with CreateUser: may do what its policies allow. */
        USER
    }

    public Caller {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
    }

    /** The account's administrator signing with {@code accessKeyId}. */
    public static Caller administrator(String accessKeyId, String principalArn, String accountId) {
        return new Caller(accessKeyId, principalArn, accountId, accountId, Kind.ADMINISTRATOR);
    }

    public boolean isAdministrator() {
        return kind == Kind.ADMINISTRATOR;
    }
}
