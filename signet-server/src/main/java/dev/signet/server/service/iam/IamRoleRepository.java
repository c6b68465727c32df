package dev.signet.server.service.iam;

import java.util.List;
import java.util.Optional;

/** IAM roles, implemented in {@code store/}. Names match regardless of case. */
public interface IamRoleRepository {

    /** The outcome of a change that may be refused. */
    enum Outcome {
        DONE,
        ALREADY_EXISTS,
        HAS_POLICIES,
        HAS_ATTACHED_POLICIES
    }

    /** DONE or ALREADY_EXISTS. */
    Outcome create(IamRole role);

    Optional<IamRole> find(String accountId, String roleName);

    /** Roles of the account whose path starts with {@code pathPrefix}, by lower-cased name, after a position. */
    List<IamRole> list(String accountId, String pathPrefix, Optional<String> afterNameKey, int limit);

    /** DONE, or HAS_POLICIES (inline; nothing changed). */
    Outcome delete(String roleId);

    /** Replaces the trust policy; false when the role no longer exists. */
    boolean updateAssumeRolePolicy(String roleId, String document);
}
