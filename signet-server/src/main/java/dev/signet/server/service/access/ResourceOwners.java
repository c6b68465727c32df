package dev.signet.server.service.access;

import java.util.Optional;

/**
 * The account that owns a resource whose ARN names no account (S3's {@code arn:aws:s3:::BUCKET} and
 * {@code arn:aws:s3:::BUCKET/KEY}): the authorizer's question when an ARN alone cannot say whether
 * a request is cross-account.
 */
@FunctionalInterface
public interface ResourceOwners {
    /** Knows no resource: every ARN without an account is the caller's. */
    ResourceOwners NONE = (action, resource) -> Optional.empty();

    /**
     * The owner's 12-digit account ({@code ""} for a resource that belongs to no account, which no
     * caller owns); empty when the resource does not exist or is of a kind this does not know (the
     * caller's account is then assumed, and the route reports what is missing). {@code action}
     * is the request's: an action that makes the resource ({@code s3:CreateBucket}) makes it the
     * caller's, whoever owns the name now (the route then refuses a name that is taken).
     */
    Optional<String> ownerOf(String action, String resource);
}
