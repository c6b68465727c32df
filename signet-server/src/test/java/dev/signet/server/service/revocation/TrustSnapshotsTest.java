package dev.signet.server.service.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.revocation.RevocationDataException;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.SignedRevocationList;
import dev.signet.server.service.Arns;
import dev.signet.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@link TrustSnapshots} builds and signs again, over in-memory records that count how often
 * they are read, a hand-moved service clock and a hand-moved monotonic time.
 */
class TrustSnapshotsTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.ofNow();
    final AtomicLong nanos = new AtomicLong(-1_000_000_000L); // nanoTime may be negative
    final List<TrustRecords.RevokedJob> revokedJobs = new CopyOnWriteArrayList<>();
    final AtomicInteger builds = new AtomicInteger();
    final AtomicInteger markerReads = new AtomicInteger();
    volatile boolean markerFails;
    CertificateAuthority ca;
    TrustSnapshots snapshots;

    @BeforeEach
    void setUp() {
        SoftwareKeyBackend keys =
                new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Signet");
        snapshots = new TrustSnapshots(
                ca,
                () -> List.of(ca.issuing()),
                new CountingRecords(),
                new NoProfileRevocations(),
                PlatformRegistry.builtIn(),
                Arns.defaults(),
                clock,
                nanos::get);
    }

    void revoke(String jobId) {
        revokedJobs.add(
                new TrustRecords.RevokedJob("000000000000", jobId, Optional.of("ab".repeat(32)), clock.instant()));
    }

    RevocationList served() throws RevocationDataException {
        return SignedRevocationList.verify(snapshots.signedRevocationList(), List.of(ca.root()));
    }

    @Test
    void theSignedListIsBuiltOnceAndServedUntilSomethingChanges() {
        byte[] first = snapshots.signedRevocationList();
        for (int i = 0; i < 10; i++) {
            assertThat(snapshots.signedRevocationList()).isEqualTo(first);
        }
        assertThat(builds).hasValue(1);
        assertThat(markerReads).as("no marker check within the interval").hasValue(1);
    }

    @Test
    void aRevocationOnThisNodeIsServedAtOnce() throws RevocationDataException {
        assertThat(served().signatures()).isEmpty();
        revoke("job-1");
        snapshots.invalidate();
        assertThat(served().signatures()).hasSize(1);
        assertThat(builds).hasValue(2);
    }

    @Test
    void aChangeOnAnotherNodeIsServedOnceTheMarkerIsCheckedAgain() throws RevocationDataException {
        served();
        revoke("job-1"); // stored by another node: no invalidate() here
        nanos.addAndGet(TrustSnapshots.MARKER_CHECK_INTERVAL.toNanos() - 1);
        assertThat(served().signatures()).as("within the interval").isEmpty();
        nanos.addAndGet(1);
        assertThat(served().signatures()).hasSize(1);
        assertThat(builds).hasValue(2);

        nanos.addAndGet(TrustSnapshots.MARKER_CHECK_INTERVAL.toNanos());
        served();
        assertThat(markerReads).as("checked again").hasValue(4);
        assertThat(builds).as("unchanged marker: nothing rebuilt").hasValue(2);
    }

    @Test
    void theAuthenticatedViewsCheckTheMarkerOnEveryCall() {
        snapshots.trustBundle();
        snapshots.current();
        assertThat(builds).hasValue(1);
        revoke("job-1");
        assertThat(snapshots.current().revocationList().signatures()).hasSize(1);
        assertThat(builds).hasValue(2);
    }

    @Test
    void aSnapshotIsRenewedWhenItIsAnHourOldOrTheClockWentBack() throws RevocationDataException {
        Instant issued = served().issuedAt();
        clock.advance(TrustSnapshots.RENEW_AFTER.minusMillis(1));
        assertThat(served().issuedAt()).isEqualTo(issued);
        clock.advance(Duration.ofMillis(1));
        Instant renewed = served().issuedAt();
        assertThat(renewed).isAfter(issued);
        assertThat(served().nextUpdate()).isEqualTo(renewed.plus(TrustMaterial.NEXT_UPDATE));

        clock.set(issued.minusSeconds(60));
        assertThat(served().issuedAt()).isEqualTo(issued.minusSeconds(60));
        assertThat(builds).hasValue(3);
    }

    @Test
    void aMarkerThatCannotBeReadCountsAsChanged() {
        snapshots.current();
        markerFails = true;
        snapshots.current();
        assertThat(builds).hasValue(2);
    }

    /** The records of {@link #revokedJobs}; each build reads {@link #revokedJobs()} once. */
    private final class CountingRecords implements TrustRecords {
        @Override
        public List<RevokedJob> revokedJobs() {
            builds.incrementAndGet();
            return List.copyOf(revokedJobs);
        }

        @Override
        public List<ImportedChain> importedCertificates() {
            return List.of();
        }

        @Override
        public List<CertificateUse> certificateUses() {
            return List.of();
        }

        @Override
        public List<ExternalChain> externalChains() {
            return List.of();
        }

        @Override
        public List<SparedSignature> sparedSignatures(Set<String> platformIds) {
            return List.of();
        }

        @Override
        public ChangeMarker changeMarker() {
            markerReads.incrementAndGet();
            if (markerFails) {
                throw new IllegalStateException("database closed");
            }
            return new ChangeMarker(revokedJobs.size(), 0, 0, 0, 0, 0, 0);
        }
    }

    private static final class NoProfileRevocations implements ProfileRevocationRepository {
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
            return List.of();
        }
    }
}
