package dev.signet.server.service.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.Caller;
import dev.signet.server.service.iam.IamGroup;
import dev.signet.server.service.iam.IamGroupRepository;
import dev.signet.server.service.iam.IamUser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who an approvers list names: exact principal ARNs, any session of a named role, members of a named group. */
class ApproverCheckTest {
    private static final String ACCOUNT = "000000000000";
    private static final String ALICE = "arn:aws:iam::000000000000:user/alice";
    private static final String RELEASE_ROLE = "arn:aws:iam::000000000000:role/ci/release";
    private static final String GROUP = "arn:aws:iam::000000000000:group/release-managers";

    /** Alice (AIDAALICE) is in release-managers; nobody else is in any group. */
    private static final IamGroupRepository GROUPS = new IamGroupRepository() {
        @Override
        public List<IamGroup> groupsOf(String userId) {
            return userId.equals("AIDAALICE")
                    ? List.of(new IamGroup("AGPA1", ACCOUNT, "/", "release-managers", GROUP, Instant.EPOCH))
                    : List.of();
        }

        @Override
        public Outcome create(IamGroup group) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<IamGroup> find(String accountId, String groupName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Outcome delete(String groupId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addMember(String groupId, String userId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean removeMember(String groupId, String userId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<IamUser> members(String groupId) {
            throw new UnsupportedOperationException();
        }
    };

    private final ApproverCheck check = new ApproverCheck(GROUPS);

    private static Caller user(String name, String id) {
        return new Caller("AKIA" + id, "arn:aws:iam::000000000000:user/" + name, ACCOUNT, id, Caller.Kind.USER);
    }

    private static Caller session(String roleArn, String sessionName) {
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return Caller.roleSession(
                "ASIA" + sessionName,
                "arn:aws:sts::000000000000:assumed-role/" + roleName + "/" + sessionName,
                ACCOUNT,
                "AROA1:" + sessionName,
                new Caller.RoleSession(roleArn, roleName, "AROA1", sessionName, Map.of(), Optional.empty()));
    }

    @Test
    void aUserMatchesItsOwnArnOnly() {
        assertThat(check.matches(user("alice", "AIDAALICE"), List.of(ALICE))).isTrue();
        assertThat(check.matches(user("bob", "AIDABOB"), List.of(ALICE))).isFalse();
        assertThat(check.matches(user("alice", "AIDAALICE"), List.of(ALICE.toUpperCase())))
                .isFalse();
    }

    @Test
    void anySessionOfANamedRoleMatchesAndTheRoleMustBeSpelledWithItsPath() {
        assertThat(check.matches(session(RELEASE_ROLE, "one"), List.of(RELEASE_ROLE)))
                .isTrue();
        assertThat(check.matches(session(RELEASE_ROLE, "two"), List.of(RELEASE_ROLE)))
                .isTrue();
        assertThat(check.matches(session(RELEASE_ROLE, "one"), List.of("arn:aws:iam::000000000000:role/release")))
                .isFalse();
        assertThat(check.matches(
                        session(RELEASE_ROLE, "one"), List.of("arn:aws:sts::000000000000:assumed-role/release/one")))
                .isTrue();
        assertThat(check.matches(
                        session(RELEASE_ROLE, "two"), List.of("arn:aws:sts::000000000000:assumed-role/release/one")))
                .isFalse();
    }

    @Test
    void aGroupNamesItsMembersAndNoRoleSession() {
        assertThat(check.matches(user("alice", "AIDAALICE"), List.of(GROUP))).isTrue();
        assertThat(check.matches(user("bob", "AIDABOB"), List.of(GROUP))).isFalse();
        assertThat(check.matches(session(RELEASE_ROLE, "alice"), List.of(GROUP)))
                .isFalse();
        assertThat(check.matches(
                        Caller.administrator("AKIAADMIN", "arn:aws:iam::000000000000:user/admin", ACCOUNT),
                        List.of(GROUP)))
                .isFalse();
    }
}
