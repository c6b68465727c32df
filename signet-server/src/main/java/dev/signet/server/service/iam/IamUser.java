package dev.signet.server.service.iam;

import java.time.Instant;
import java.util.Objects;

/**
 * An IAM user. Its name is unique in its account regardless of case; {@code userId} ({@code
 * AIDA...}) is also the id of its principal, which holds its access keys.
 */
public record IamUser(String userId, String accountId, String path, String userName, String arn, Instant createdAt) {
    public IamUser {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
