package dev.signet.server.service.iam;

import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * IAM's group operations in the caller's account: CreateGroup, GetGroup (with its members),
 * DeleteGroup (DeleteConflict while it has members or inline policies), AddUserToGroup,
 * RemoveUserFromGroup, ListGroupsForUser.
 */
public final class IamGroupService {
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final IamGroupRepository groups;
    private final IamUserService users;
    private final Arns arns;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A group with its members. */
    public record GroupDetails(IamGroup group, List<IamUser> members) {
        public GroupDetails {
            Objects.requireNonNull(group, "group");
            members = List.copyOf(members);
        }
    }

    public IamGroupService(IamGroupRepository groups, IamUserService users, Arns arns, Clock clock) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.users = Objects.requireNonNull(users, "users");
        this.arns = Objects.requireNonNull(arns, "arns");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public IamGroup create(Caller caller, Optional<String> path, String groupName) {
        IamValidation.groupName("groupName", groupName);
        String p = path.map(v -> IamValidation.path("path", v)).orElse("/");
        IamGroup group = new IamGroup(
                newGroupId(),
                caller.accountId(),
                p,
                groupName,
                "arn:" + arns.partition() + ":iam::" + caller.accountId() + ":group" + p + groupName,
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        if (groups.create(group) == IamGroupRepository.Outcome.ALREADY_EXISTS) {
            throw IamErrors.groupExists(groupName);
        }
        return group;
    }

    /** The group and its members; a marker or item bound is checked (every member fits one page of 1000). */
    public GroupDetails get(Caller caller, String groupName, Optional<String> marker, Optional<Integer> max) {
        marker.ifPresent(m -> IamValidation.marker("marker", m));
        IamValidation.maxItems(max);
        IamGroup group = find(caller, groupName);
        return new GroupDetails(group, groups.members(group.groupId()));
    }

    public void delete(Caller caller, String groupName) {
        IamGroup group = find(caller, groupName);
        String conflict = switch (groups.delete(group.groupId())) {
            case DONE -> null;
            case HAS_MEMBERS -> "Cannot delete entity, must remove users from group first.";
            case HAS_POLICIES -> "Cannot delete entity, must delete policies first.";
            case HAS_ATTACHED_POLICIES -> "Cannot delete entity, must detach all policies first.";
            case ALREADY_EXISTS -> throw new IllegalStateException("not an outcome of delete");
        };
        if (conflict != null) {
            throw IamErrors.deleteConflict(conflict);
        }
    }

    public void addUser(Caller caller, String groupName, String userName) {
        IamGroup group = find(caller, groupName);
        IamUser user = users.find(caller, userName);
        groups.addMember(group.groupId(), user.userId());
    }

    public void removeUser(Caller caller, String groupName, String userName) {
        IamGroup group = find(caller, groupName);
        IamUser user = users.find(caller, userName);
        if (!groups.removeMember(group.groupId(), user.userId())) {
            throw new dev.signet.server.service.ServiceException(
                    "NoSuchEntity",
                    404,
                    "The user with name " + userName + " cannot be found in group " + groupName + ".");
        }
    }

    public List<IamGroup> groupsForUser(
            Caller caller, String userName, Optional<String> marker, Optional<Integer> max) {
        marker.ifPresent(m -> IamValidation.marker("marker", m));
        IamValidation.maxItems(max);
        return groups.groupsOf(users.find(caller, userName).userId());
    }

    /** The group of that name in the caller's account, or NoSuchEntity. */
    IamGroup find(Caller caller, String groupName) {
        IamValidation.groupName("groupName", groupName);
        return groups.find(caller.accountId(), groupName).orElseThrow(() -> IamErrors.noSuchGroup(groupName));
    }

    private String newGroupId() {
        StringBuilder id = new StringBuilder("AGPA");
        for (int i = 0; i < 17; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
