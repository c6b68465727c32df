package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.Caller;
import dev.signet.server.service.sts.SessionRepository;
import dev.signet.server.service.sts.StoredSession;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** STS's temporary credentials on SQLite and PostgreSQL: the same SQL, the same answers. */
class JdbiSessionRepositoryTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final String TOKEN_HASH = "ab".repeat(32);

    private static String keyId() {
        return "ASIATEST" + String.format("%012d", IDS.incrementAndGet());
    }

    private static StoredSession userSession(String keyId, Instant expires) {
        Caller caller =
                new Caller(keyId, "arn:aws:iam::111111111111:user/dev", "111111111111", "AIDAUSER", Caller.Kind.USER);
        return new StoredSession(caller, "AIDAUSER", new byte[] {1, 2, 3}, TOKEN_HASH, NOW, expires);
    }

    private static StoredSession roleSession(String keyId, Instant expires) {
        Caller caller = Caller.roleSession(
                keyId,
                "arn:aws:sts::111111111111:assumed-role/Release/build-1",
                "111111111111",
                "AROAROLE:build-1",
                new Caller.RoleSession(
                        "arn:aws:iam::111111111111:role/ci/Release",
                        "Release",
                        "AROAROLE",
                        "build-1",
                        Map.of("team", "release", "Site", "b"),
                        Optional.of("alice")));
        return new StoredSession(caller, "AROAROLE", new byte[] {4, 5}, TOKEN_HASH, NOW, expires);
    }

    private static void assertSame(StoredSession actual, StoredSession expected) {
        assertThat(actual.caller()).isEqualTo(expected.caller());
        assertThat(actual.principalId()).isEqualTo(expected.principalId());
        assertThat(actual.sealedSecret()).isEqualTo(expected.sealedSecret());
        assertThat(actual.tokenSha256()).isEqualTo(expected.tokenSha256());
        assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
        assertThat(actual.expiresAt()).isEqualTo(expected.expiresAt());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void storesAndFindsUserAndRoleSessions(TestDatabase engine) {
        SessionRepository sessions = new JdbiSessionRepository(DATABASES.get(engine));
        StoredSession user = userSession(keyId(), NOW.plusSeconds(900));
        StoredSession role = roleSession(keyId(), NOW.plusSeconds(3600));
        sessions.create(user);
        sessions.create(role);

        assertSame(sessions.find(user.accessKeyId()).orElseThrow(), user);
        assertSame(sessions.find(role.accessKeyId()).orElseThrow(), role);
        assertThat(sessions.find(role.accessKeyId()).orElseThrow().caller().roleSession())
                .hasValueSatisfying(s -> {
                    assertThat(s.tags()).isEqualTo(Map.of("team", "release", "Site", "b"));
                    assertThat(s.sourceIdentity()).contains("alice");
                    assertThat(s.roleArn()).isEqualTo("arn:aws:iam::111111111111:role/ci/Release");
                });
        assertThat(sessions.find("ASIANOSUCHSESSION000")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void forgetsOnlyExpiredSessions(TestDatabase engine) {
        SessionRepository sessions = new JdbiSessionRepository(DATABASES.get(engine));
        StoredSession old = userSession(keyId(), NOW.minusSeconds(1));
        StoredSession current = roleSession(keyId(), NOW.plusSeconds(60));
        sessions.create(old);
        sessions.create(current);

        assertThat(sessions.deleteExpired(NOW)).isGreaterThanOrEqualTo(1);
        assertThat(sessions.find(old.accessKeyId())).isEmpty();
        assertThat(sessions.find(current.accessKeyId())).isPresent();
    }
}
