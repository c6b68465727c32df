package dev.signet.server.store.csc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.verify.UntrustedArtifactAction;
import dev.signet.server.service.csc.CodeSigningConfig;
import dev.signet.server.service.csc.CodeSigningConfigRepository.DeleteOutcome;
import dev.signet.server.store.Database;
import dev.signet.server.store.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbiCodeSigningConfigRepositoryTest {
    private static final String ACCOUNT = "000000000000";
    private static final String OTHER = "111111111111";
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final String PUBLISHER = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/app/AbCdE12345";

    static CodeSigningConfig config(String id, String owner) {
        return new CodeSigningConfig(
                id,
                owner,
                Optional.of("for " + id),
                List.of(PUBLISHER, PUBLISHER.replace("app", "lib")),
                UntrustedArtifactAction.ENFORCE,
                Map.of("team", "payments"),
                T0);
    }

    static String id(int n) {
        return "csc-" + String.format("%017d", n);
    }

    static String function(String name) {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + name;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void storesAndReadsBackEveryField(TestDatabase engine) {
        try (Database db = engine.open()) {
            var repository = new JdbiCodeSigningConfigRepository(db);
            CodeSigningConfig config = config(id(1), ACCOUNT);
            CodeSigningConfig bare = new CodeSigningConfig(
                    id(2), ACCOUNT, Optional.empty(), List.of(PUBLISHER), UntrustedArtifactAction.WARN, Map.of(), T0);

            assertThat(repository.create(config)).isTrue();
            assertThat(repository.create(bare)).isTrue();

            assertThat(repository.find(ACCOUNT, id(1))).contains(config);
            assertThat(repository.find(ACCOUNT, id(2))).contains(bare);
            assertThat(repository.find(OTHER, id(1))).isEmpty();
            assertThat(repository.find(ACCOUNT, id(3))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anIdIsTakenOnlyOnce(TestDatabase engine) {
        try (Database db = engine.open()) {
            var repository = new JdbiCodeSigningConfigRepository(db);
            repository.create(config(id(1), ACCOUNT));

            assertThat(repository.create(config(id(1), OTHER))).isFalse();
            assertThat(repository.find(OTHER, id(1))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void updateReplacesTheConfigOfItsOwnerOnly(TestDatabase engine) {
        try (Database db = engine.open()) {
            var repository = new JdbiCodeSigningConfigRepository(db);
            CodeSigningConfig original = config(id(1), ACCOUNT);
            repository.create(original);
            CodeSigningConfig changed = new CodeSigningConfig(
                    id(1),
                    ACCOUNT,
                    Optional.empty(),
                    List.of(PUBLISHER),
                    UntrustedArtifactAction.WARN,
                    original.tags(),
                    T0.plusSeconds(60));

            assertThat(repository.update(changed)).isTrue();
            assertThat(repository.find(ACCOUNT, id(1))).contains(changed);
            assertThat(repository.update(config(id(1), OTHER))).isFalse();
            assertThat(repository.update(config(id(9), ACCOUNT))).isFalse();
            assertThat(repository.find(ACCOUNT, id(1))).contains(changed);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void listsPageByPageInIdOrderPerOwner(TestDatabase engine) {
        try (Database db = engine.open()) {
            var repository = new JdbiCodeSigningConfigRepository(db);
            for (int i = 7; i >= 1; i--) {
                repository.create(config(id(i), ACCOUNT));
            }
            repository.create(config(id(100), OTHER));

            List<String> seen = new ArrayList<>();
            Optional<String> after = Optional.empty();
            for (int page = 0; page < 10; page++) {
                List<CodeSigningConfig> rows = repository.list(ACCOUNT, after, 3);
                rows.forEach(r -> seen.add(r.id()));
                if (rows.size() < 3) {
                    break;
                }
                after = Optional.of(rows.get(2).id());
            }

            assertThat(seen).containsExactly(id(1), id(2), id(3), id(4), id(5), id(6), id(7));
            assertThat(repository.list(OTHER, Optional.empty(), 10))
                    .extracting(CodeSigningConfig::id)
                    .containsExactly(id(100));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void attachReplacesAFunctionsConfigAndListsFunctionsPerConfig(TestDatabase engine) {
        try (Database db = engine.open()) {
            var repository = new JdbiCodeSigningConfigRepository(db);
            repository.create(config(id(1), ACCOUNT));
            repository.create(config(id(2), ACCOUNT));

            assertThat(repository.attach(ACCOUNT, function("b"), id(1), T0)).isTrue();
            assertThat(repository.attach(ACCOUNT, function("a"), id(1), T0)).isTrue();
            assertThat(repository.attach(ACCOUNT, function("c"), id(1), T0)).isTrue();
            assertThat(repository.attach(ACCOUNT, function("c"), id(2), T0)).isTrue();

            assertThat(repository.configOf(ACCOUNT, function("c"))).contains(id(2));
            assertThat(repository.functionsOf(ACCOUNT, id(1), Optional.empty(), 10))
                    .containsExactly(function("a"), function("b"));
            assertThat(repository.functionsOf(ACCOUNT, id(1), Optional.of(function("a")), 10))
                    .containsExactly(function("b"));
            assertThat(repository.functionsOf(ACCOUNT, id(2), Optional.empty(), 10))
                    .containsExactly(function("c"));
            assertThat(repository.configOf(OTHER, function("c"))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void attachingAMissingOrForeignConfigChangesNothing(TestDatabase engine) {
        try (Database db = engine.open()) {
            var repository = new JdbiCodeSigningConfigRepository(db);
            repository.create(config(id(1), ACCOUNT));
            repository.create(config(id(2), OTHER));
            repository.attach(ACCOUNT, function("f"), id(1), T0);

            assertThat(repository.attach(ACCOUNT, function("f"), id(9), T0)).isFalse();
            assertThat(repository.attach(ACCOUNT, function("f"), id(2), T0)).isFalse();

            assertThat(repository.configOf(ACCOUNT, function("f"))).contains(id(1));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aConfigInUseIsNotDeletedUntilItsFunctionsAreDetached(TestDatabase engine) {
        try (Database db = engine.open()) {
            var repository = new JdbiCodeSigningConfigRepository(db);
            repository.create(config(id(1), ACCOUNT));
            repository.attach(ACCOUNT, function("f"), id(1), T0);

            assertThat(repository.delete(ACCOUNT, id(1))).isEqualTo(DeleteOutcome.IN_USE);
            assertThat(repository.find(ACCOUNT, id(1))).isPresent();

            assertThat(repository.detach(ACCOUNT, function("f"))).isTrue();
            assertThat(repository.detach(ACCOUNT, function("f"))).isFalse();
            assertThat(repository.delete(OTHER, id(1))).isEqualTo(DeleteOutcome.NOT_FOUND);
            assertThat(repository.delete(ACCOUNT, id(1))).isEqualTo(DeleteOutcome.DELETED);
            assertThat(repository.delete(ACCOUNT, id(1))).isEqualTo(DeleteOutcome.NOT_FOUND);
            assertThat(repository.find(ACCOUNT, id(1))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void concurrentDeleteAndAttachNeverLeaveAFunctionOnAMissingConfig(TestDatabase engine) throws Exception {
        try (Database db = engine.open()) {
            var repository = new JdbiCodeSigningConfigRepository(db);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 20; round++) {
                    String id = id(1000 + round);
                    String fn = function("race-" + round);
                    repository.create(config(id, ACCOUNT));
                    CountDownLatch go = new CountDownLatch(1);
                    Future<Boolean> attached = pool.submit(() -> {
                        go.await();
                        return repository.attach(ACCOUNT, fn, id, T0);
                    });
                    Future<DeleteOutcome> deleted = pool.submit(() -> {
                        go.await();
                        return repository.delete(ACCOUNT, id);
                    });
                    go.countDown();
                    boolean isAttached = attached.get(30, TimeUnit.SECONDS);
                    DeleteOutcome outcome = deleted.get(30, TimeUnit.SECONDS);

                    if (outcome == DeleteOutcome.DELETED) {
                        assertThat(isAttached).isFalse();
                        assertThat(repository.configOf(ACCOUNT, fn)).isEmpty();
                        assertThat(repository.find(ACCOUNT, id)).isEmpty();
                    } else {
                        assertThat(outcome).isEqualTo(DeleteOutcome.IN_USE);
                        assertThat(isAttached).isTrue();
                        assertThat(repository.configOf(ACCOUNT, fn)).contains(id);
                        assertThat(repository.find(ACCOUNT, id)).isPresent();
                    }
                }
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
