package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.iam.IamRole;
import dev.signet.server.service.iam.IamRoleRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Roles on SQLite and PostgreSQL. */
class JdbiIamRoleRepositoryTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static IamRole role(String id, String name, String path) {
        return new IamRole(
                id,
                "888888888888",
                path,
                name,
                "arn:aws:iam::888888888888:role" + path + name,
                NOW,
                "{}",
                Optional.of("d"),
                3600,
                Map.of("k", "v"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void storesListsUpdatesAndDeletesRoles(TestDatabase engine) {
        Database db = DATABASES.get(engine);
        IamRoleRepository roles = new JdbiIamRoleRepository(db, "aws");
        IamRole a = role("AROAA0000000000000001", "Alpha", "/x%/");
        assertThat(roles.create(a)).isEqualTo(IamRoleRepository.Outcome.DONE);
        assertThat(roles.create(role("AROAA0000000000000002", "ALPHA", "/")))
                .isEqualTo(IamRoleRepository.Outcome.ALREADY_EXISTS);
        roles.create(role("AROAB0000000000000001", "beta", "/y/"));
        assertThat(roles.find("888888888888", "alpha")).contains(a);
        assertThat(roles.list("888888888888", "/x%", Optional.empty(), 10)).containsExactly(a);
        assertThat(roles.list("888888888888", "/", Optional.of("alpha"), 10))
                .extracting(IamRole::roleName)
                .containsExactly("beta");

        assertThat(roles.updateAssumeRolePolicy(a.roleId(), "{\"v\": 2}")).isTrue();
        assertThat(roles.find("888888888888", "Alpha").orElseThrow().assumeRolePolicy())
                .isEqualTo("{\"v\": 2}");
        new JdbiInlinePolicyRepository(db).put(a.roleId(), "p", "{}");
        assertThat(roles.delete(a.roleId())).isEqualTo(IamRoleRepository.Outcome.HAS_POLICIES);
        new JdbiInlinePolicyRepository(db).delete(a.roleId(), "p");
        assertThat(roles.delete(a.roleId())).isEqualTo(IamRoleRepository.Outcome.DONE);
        assertThat(roles.find("888888888888", "Alpha")).isEmpty();
        assertThat(roles.updateAssumeRolePolicy(a.roleId(), "{}")).isFalse();
    }
}
