package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.iam.ManagedPolicy;
import dev.signet.server.service.iam.ManagedPolicyRepository;
import dev.signet.server.service.iam.ManagedPolicyRepository.Outcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Managed policies, their versions and attachments on SQLite and PostgreSQL. */
class JdbiManagedPolicyRepositoryTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static ManagedPolicy policy(String id, String name) {
        return new ManagedPolicy(
                id,
                "999999999999",
                "/",
                name,
                "arn:aws:iam::999999999999:policy/" + name,
                Optional.empty(),
                "v1",
                0,
                Map.of("k", "v"),
                NOW);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void storesVersionsAndAttachmentsWithinTheLimit(TestDatabase engine) {
        ManagedPolicyRepository policies = new JdbiManagedPolicyRepository(DATABASES.get(engine));
        ManagedPolicy a = policy("ANPAA0000000000000001", "Alpha");
        assertThat(policies.create(a, "{\"a\": 1}")).isEqualTo(Outcome.DONE);
        assertThat(policies.create(policy("ANPAA0000000000000002", "ALPHA"), "{}"))
                .isEqualTo(Outcome.ALREADY_EXISTS);
        ManagedPolicy b = policy("ANPAB0000000000000001", "beta");
        policies.create(b, "{}");

        assertThat(policies.findByArn(a.arn())).contains(a);
        assertThat(policies.version(a.policyId(), "v1").orElseThrow().document())
                .isEqualTo("{\"a\": 1}");
        assertThat(policies.version(a.policyId(), "v2")).isEmpty();

        assertThat(policies.attach(a.policyId(), "AIDAOWNER", 1)).isEqualTo(Outcome.DONE);
        assertThat(policies.attach(a.policyId(), "AIDAOWNER", 1)).as("again").isEqualTo(Outcome.DONE);
        assertThat(policies.attach(b.policyId(), "AIDAOWNER", 1)).isEqualTo(Outcome.TOO_MANY);
        assertThat(policies.attachedTo("AIDAOWNER"))
                .extracting(ManagedPolicy::policyName)
                .containsExactly("Alpha");
        assertThat(policies.findByArn(a.arn()).orElseThrow().attachmentCount()).isEqualTo(1);
        assertThat(policies.list("999999999999", "/", true, Optional.empty(), 10))
                .extracting(ManagedPolicy::policyName)
                .containsExactly("Alpha");
        assertThat(policies.list("999999999999", "/", false, Optional.of("alpha"), 10))
                .extracting(ManagedPolicy::policyName)
                .containsExactly("beta");

        assertThat(policies.delete(a.policyId())).isEqualTo(Outcome.ATTACHED);
        assertThat(policies.detach(a.policyId(), "AIDAOWNER")).isEqualTo(Outcome.DONE);
        assertThat(policies.detach(a.policyId(), "AIDAOWNER")).isEqualTo(Outcome.NOT_FOUND);
        assertThat(policies.delete(a.policyId())).isEqualTo(Outcome.DONE);
        assertThat(policies.findByArn(a.arn())).isEmpty();
        assertThat(policies.version(a.policyId(), "v1")).isEmpty();
    }
}
