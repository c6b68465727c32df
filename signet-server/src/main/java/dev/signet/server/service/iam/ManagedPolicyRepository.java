package dev.signet.server.service.iam;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Customer managed policies, their versions and attachments, implemented in {@code store/}. */
public interface ManagedPolicyRepository {

    /** The outcome of a change that may be refused. */
    enum Outcome {
        DONE,
        ALREADY_EXISTS,
        ATTACHED,
        TOO_MANY,
        NOT_FOUND
    }

    /** A stored version of a policy. */
    record Version(String versionId, String document, Instant createdAt) {}

    /** Stores a policy with its first version (its default): DONE or ALREADY_EXISTS. */
    Outcome create(ManagedPolicy policy, String document);

    Optional<ManagedPolicy> findByArn(String arn);

    Optional<Version> version(String policyId, String versionId);

    /** Policies of the account whose path starts with the prefix, by lower-cased name, after a position. */
    List<ManagedPolicy> list(
            String accountId, String pathPrefix, boolean onlyAttached, Optional<String> afterNameKey, int limit);

    /** DONE, or ATTACHED (nothing changed). */
    Outcome delete(String policyId);

    /** DONE (also when already attached) or TOO_MANY when the owner already has {@code max}. */
    Outcome attach(String policyId, String ownerId, int max);

    /** DONE or NOT_FOUND when the policy is not attached to the owner. */
    Outcome detach(String policyId, String ownerId);

    /** The policies attached to an owner, by lower-cased name. */
    List<ManagedPolicy> attachedTo(String ownerId);
}
