package dev.signet.server.service.csc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import dev.signet.server.store.Database;
import dev.signet.server.store.TestDatabase;
import dev.signet.server.store.csc.JdbiCodeSigningConfigRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CodeSigningConfigServiceTest {
    private static final Caller CALLER =
            Caller.administrator("AKIDEXAMPLE", "arn:aws:iam::000000000000:user/admin", "000000000000");
    private static final String PUBLISHER = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/app/AbCdE12345";
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.891Z");

    private Database database;
    private MutableClock clock;
    private CodeSigningConfigService service;

    @BeforeEach
    void open() {
        database = TestDatabase.SQLITE.open();
        clock = new MutableClock(T0);
        service = service(new JdbiCodeSigningConfigRepository(database));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private CodeSigningConfigService service(CodeSigningConfigRepository repository) {
        return new CodeSigningConfigService(repository, Arns.defaults(), new PageTokens(new byte[32]), clock);
    }

    private static CreateCscRequest request() {
        return new CreateCscRequest(Optional.empty(), List.of(PUBLISHER), Optional.empty(), Map.of());
    }

    @Test
    void lastModifiedIsTheClockAtCreateAndAtEachUpdate() {
        CodeSigningConfig created = service.create(CALLER, request());
        assertThat(created.lastModified()).isEqualTo(T0);

        clock.advance(Duration.ofMinutes(5));
        String arn = service.arn(created);
        CodeSigningConfig updated = service.update(
                CALLER, arn, new UpdateCscRequest(Optional.of("new"), Optional.empty(), Optional.empty()));

        assertThat(updated.lastModified()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(service.get(CALLER, arn)).isEqualTo(updated);
    }

    @Test
    void aMarkerStaysValidWhenItsConfigIsDeleted() {
        for (int i = 0; i < 4; i++) {
            service.create(CALLER, request());
        }
        var first = service.list(CALLER, Optional.empty(), Optional.of(2));
        service.delete(CALLER, service.arn(first.configs().get(1)));

        var second = service.list(CALLER, first.nextMarker(), Optional.of(2));

        assertThat(second.configs()).hasSize(2);
        assertThat(second.nextMarker()).isEmpty();
    }

    @Test
    void anIdCollisionIsRetriedAndPersistentCollisionsAreAServiceError() {
        var real = new JdbiCodeSigningConfigRepository(database);
        AtomicInteger refusals = new AtomicInteger(2);
        CodeSigningConfigService retrying = service(new DelegatingRepository(real) {
            @Override
            public boolean create(CodeSigningConfig config) {
                return refusals.getAndDecrement() <= 0 && super.create(config);
            }
        });

        assertThat(retrying.create(CALLER, request()).id()).matches("csc-[a-z0-9]{17}");

        refusals.set(100);
        assertThatThrownBy(() -> retrying.create(CALLER, request()))
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
    }

    @Test
    void idsAreDistinct() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(service.create(CALLER, request()).id());
        }
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("csc-[a-z0-9]{17}"));
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static class DelegatingRepository implements CodeSigningConfigRepository {
        private final CodeSigningConfigRepository delegate;

        DelegatingRepository(CodeSigningConfigRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean create(CodeSigningConfig config) {
            return delegate.create(config);
        }

        @Override
        public Optional<CodeSigningConfig> find(String ownerAccount, String id) {
            return delegate.find(ownerAccount, id);
        }

        @Override
        public boolean update(CodeSigningConfig config) {
            return delegate.update(config);
        }

        @Override
        public DeleteOutcome delete(String ownerAccount, String id) {
            return delegate.delete(ownerAccount, id);
        }

        @Override
        public List<CodeSigningConfig> list(String ownerAccount, Optional<String> afterId, int limit) {
            return delegate.list(ownerAccount, afterId, limit);
        }

        @Override
        public boolean attach(String ownerAccount, String functionArn, String configId, Instant at) {
            return delegate.attach(ownerAccount, functionArn, configId, at);
        }

        @Override
        public Optional<String> configOf(String ownerAccount, String functionArn) {
            return delegate.configOf(ownerAccount, functionArn);
        }

        @Override
        public boolean detach(String ownerAccount, String functionArn) {
            return delegate.detach(ownerAccount, functionArn);
        }

        @Override
        public List<String> functionsOf(String ownerAccount, String configId, Optional<String> afterArn, int limit) {
            return delegate.functionsOf(ownerAccount, configId, afterArn, limit);
        }
    }
}
