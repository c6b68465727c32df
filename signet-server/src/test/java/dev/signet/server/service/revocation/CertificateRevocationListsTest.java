package dev.signet.server.service.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.server.service.profile.ProfileFilter;
import dev.signet.server.service.profile.ProfileRepository;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How often {@link CertificateRevocationLists}, behind the public {@code GET /v1/ca/issuing.crl},
 * reads the revocations: over a repository that counts its reads, a hand-moved service clock and a
 * hand-moved monotonic time.
 */
class CertificateRevocationListsTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.ofNow();
    final AtomicLong nanos = new AtomicLong(-1_000_000_000L); // nanoTime may be negative
    final AtomicInteger reads = new AtomicInteger();
    volatile boolean readFails;
    CertificateRevocationLists lists;

    @BeforeEach
    void setUp() {
        SoftwareKeyBackend keys =
                new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        CertificateAuthority ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Signet");
        lists = new CertificateRevocationLists(ca, new CountingRevocations(), new NoProfiles(), clock, nanos::get);
    }

    @Test
    void requestsWithinTheIntervalReadNothingAndGetTheSameCrl() {
        byte[] first = lists.current();
        for (int i = 0; i < 10; i++) {
            assertThat(lists.current()).isEqualTo(first);
        }
        assertThat(reads).hasValue(1);

        nanos.addAndGet(CertificateRevocationLists.REREAD_INTERVAL.toNanos() - 1);
        lists.current();
        assertThat(reads).as("just inside the interval").hasValue(1);
        nanos.addAndGet(1);
        assertThat(lists.current()).as("nothing changed: the same CRL").isEqualTo(first);
        assertThat(reads)
                .as("a revocation on another node is read within the interval")
                .hasValue(2);
    }

    @Test
    void aRevocationOnThisNodeIsReadAtOnce() {
        lists.current();
        lists.invalidate();
        lists.current();
        assertThat(reads).hasValue(2);
        lists.current();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadIsRetriedByTheNextRequest() {
        byte[] first = lists.current();
        lists.invalidate();
        readFails = true;
        assertThatThrownBy(lists::current).hasMessage("database down");
        readFails = false;
        assertThat(lists.current()).isEqualTo(first);
        assertThat(reads).hasValue(3);
    }

    @Test
    void halfItsValidityLaterANewCrlIsSigned() {
        byte[] first = lists.current();
        clock.advance(CertificateRevocationLists.VALIDITY.dividedBy(2));
        assertThat(lists.current()).isNotEqualTo(first);
        assertThat(reads).hasValue(2);
        clock.advance(Duration.ofMinutes(1));
        lists.current();
        assertThat(reads).hasValue(2);
    }

    private final class CountingRevocations implements ProfileRevocationRepository {
        @Override
        public boolean revoke(ProfileRevocation revocation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean moveEffectiveTimeEarlier(String owner, String name, String version, Instant effective) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ProfileRevocation> find(String owner, String name, String version) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ProfileRevocation> all() {
            reads.incrementAndGet();
            if (readFails) {
                throw new IllegalStateException("database down");
            }
            return List.of();
        }
    }

    private static final class NoProfiles implements ProfileRepository {
        @Override
        public List<SigningProfile> activeProfiles() {
            return List.of();
        }

        @Override
        public boolean addVersion(SigningProfile version, String replacedVersion, Instant createdAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean create(SigningProfile profile) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean addPendingVersion(SigningProfile version, String currentVersion, Instant createdAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SigningProfile> findPendingVersion(String ownerAccount, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<SigningProfile> find(String ownerAccount, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<SigningProfile> findVersion(String ownerAccount, String name, String version) {
            return Optional.empty();
        }

        @Override
        public boolean updateStatus(
                String ownerAccount,
                String name,
                ProfileStatus expected,
                ProfileStatus status,
                Optional<String> reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean installExternalChain(String ownerAccount, String name, String version, String chainPem) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SigningProfile> list(ProfileFilter filter, Optional<String> afterName, int limit) {
            return List.of();
        }

        @Override
        public Optional<Map<String, String>> changeTags(
                String ownerAccount, String name, UnaryOperator<Map<String, String>> change) {
            throw new UnsupportedOperationException();
        }
    }
}
