package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.iam.IamGroup;
import dev.signet.server.service.iam.IamGroupRepository;
import dev.signet.server.service.iam.IamUser;
import dev.signet.server.service.iam.InlinePolicyRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Groups, memberships and inline policies on SQLite and PostgreSQL. */
class JdbiIamGroupRepositoryTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void groupsHoldMembersAndRefuseDeletionWhileTheyDo(TestDatabase engine) {
        Database db = DATABASES.get(engine);
        IamGroupRepository groups = new JdbiIamGroupRepository(db, "aws");
        JdbiIamUserRepository users = new JdbiIamUserRepository(db);
        InlinePolicyRepository policies = new JdbiInlinePolicyRepository(db);
        IamGroup devs = new IamGroup(
                "AGPADEVS0000000000001", "777777777777", "/", "Devs", "arn:aws:iam::777777777777:group/Devs", NOW);
        IamUser ivan = new IamUser(
                "AIDAIVAN0000000000001", "777777777777", "/", "ivan", "arn:aws:iam::777777777777:user/ivan", NOW);
        users.create(ivan, Map.of());

        assertThat(groups.create(devs)).isEqualTo(IamGroupRepository.Outcome.DONE);
        assertThat(groups.create(new IamGroup("AGPADEVS0000000000002", "777777777777", "/", "DEVS", "x", NOW)))
                .isEqualTo(IamGroupRepository.Outcome.ALREADY_EXISTS);
        assertThat(groups.find("777777777777", "devs")).contains(devs);

        groups.addMember(devs.groupId(), ivan.userId());
        groups.addMember(devs.groupId(), ivan.userId());
        assertThat(groups.members(devs.groupId())).containsExactly(ivan);
        assertThat(groups.groupsOf(ivan.userId())).containsExactly(devs);
        assertThat(groups.delete(devs.groupId())).isEqualTo(IamGroupRepository.Outcome.HAS_MEMBERS);
        assertThat(users.delete("777777777777", "ivan"))
                .isEqualTo(dev.signet.server.service.iam.IamUserRepository.Outcome.HAS_GROUPS);

        assertThat(groups.removeMember(devs.groupId(), ivan.userId())).isTrue();
        assertThat(groups.removeMember(devs.groupId(), ivan.userId())).isFalse();
        policies.put(devs.groupId(), "Read", "{}");
        assertThat(groups.delete(devs.groupId())).isEqualTo(IamGroupRepository.Outcome.HAS_POLICIES);
        assertThat(policies.delete(devs.groupId(), "READ")).isTrue();
        assertThat(groups.delete(devs.groupId())).isEqualTo(IamGroupRepository.Outcome.DONE);
        assertThat(groups.find("777777777777", "Devs")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void inlinePoliciesAreReplacedByName(TestDatabase engine) {
        InlinePolicyRepository policies = new JdbiInlinePolicyRepository(DATABASES.get(engine));
        policies.put("AIDAOWNER", "Sign", "{\"a\": 1}");
        policies.put("AIDAOWNER", "SIGN", "{\"a\": 2}");
        policies.put("AIDAOWNER", "aaa", "{}");
        assertThat(policies.names("AIDAOWNER")).containsExactly("aaa", "SIGN");
        assertThat(policies.find("AIDAOWNER", "sign"))
                .contains(new InlinePolicyRepository.InlinePolicy("SIGN", "{\"a\": 2}"));
        assertThat(policies.find("AIDAOTHER", "sign")).isEmpty();
        assertThat(policies.delete("AIDAOWNER", "nope")).isFalse();
    }
}
