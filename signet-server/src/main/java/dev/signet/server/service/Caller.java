package dev.signet.server.service;

import java.util.Objects;

/**
 * The authenticated principal behind a request.
 *
 * @param accessKeyId the access key the request was signed with
 * @param principalArn the principal's ARN, e.g. {@code arn:aws:iam::000000000000:user/admin};
 *     what {@code requestedBy} and {@code jobInvoker} report
 * @param accountId the 12-digit account the principal belongs to
 */
public record Caller(String accessKeyId, String principalArn, String accountId) {
    public Caller {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(accountId, "accountId");
    }
}
