package dev.signet.server.service.iam;

import java.util.List;
import java.util.Optional;

/** IAM groups and their members, implemented in {@code store/}. Names match regardless of case. */
public interface IamGroupRepository {

    /** The outcome of a change that may be refused. */
    enum Outcome {
        DONE,
        ALREADY_EXISTS,
        HAS_MEMBERS,
        HAS_POLICIES,
        HAS_ATTACHED_POLICIES
    }

    /** DONE or ALREADY_EXISTS. */
    Outcome create(IamGroup group);

    Optional<IamGroup> find(String accountId, String groupName);

    /** Deletes an empty group without policies: DONE, HAS_MEMBERS or HAS_POLICIES (nothing changed). */
    Outcome delete(String groupId);

    /** Adds a member (nothing when it already is one). */
    void addMember(String groupId, String userId);

    /** Removes a member; false when the user was not one. */
    boolean removeMember(String groupId, String userId);

    /** The members, by lower-cased name. */
    List<IamUser> members(String groupId);

    /** The groups a user is in, by lower-cased name. */
    List<IamGroup> groupsOf(String userId);
}
