package dev.signet.server.service.iam;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IAM users and their tags: the storage {@link IamUserService} needs, implemented in {@code
 * store/}. Names are matched regardless of case, as IAM does.
 */
public interface IamUserRepository {

    /** The outcome of a create or delete that may be refused. */
    enum Outcome {
        DONE,
        NOT_FOUND,
        ALREADY_EXISTS,
        HAS_ACCESS_KEYS,
        HAS_POLICIES,
        HAS_GROUPS,
        HAS_ATTACHED_POLICIES,
        TOO_MANY_TAGS
    }

    /** Stores a user, its principal and its tags in one transaction: DONE or ALREADY_EXISTS. */
    Outcome create(IamUser user, Map<String, String> tags);

    Optional<IamUser> find(String accountId, String userName);

    Optional<IamUser> findById(String userId);

    /**
     * Users of the account whose path starts with {@code pathPrefix}, ordered by lower-cased name,
     * after {@code afterNameKey} when given, at most {@code limit}.
     */
    List<IamUser> list(String accountId, String pathPrefix, Optional<String> afterNameKey, int limit);

    /**
     * Deletes a user with its tags and principal: DONE, NOT_FOUND, or (nothing changed)
     * HAS_ACCESS_KEYS, HAS_POLICIES (inline), HAS_GROUPS, HAS_ATTACHED_POLICIES (managed).
     */
    Outcome delete(String accountId, String userName);

    /**
     * Adds or overwrites tags: DONE, NOT_FOUND, or TOO_MANY_TAGS when the user would hold more than
     * {@code max} (nothing changed).
     */
    Outcome tag(String userId, Map<String, String> tags, int max);

    /** A user's tags, ordered by key. */
    Map<String, String> tags(String userId);
}
