package dev.signet.server.service.profile;

import static dev.signet.server.service.SignerServiceFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.ServiceException;
import dev.signet.server.service.SignerServiceFixture;
import dev.signet.server.store.signer.SignerTestDatabases;
import dev.signet.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile cache of SignPayload's hot path has a staleness bound: a profile canceled by another
 * node (here: in the shared repository, behind this service's back) is seen once the cached entry
 * is as old as the bound, and not before.
 */
class ProfileCacheStalenessTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private SignerServiceFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aCancelElsewhereIsSeenWhenTheCachedEntryReachesTheBound() {
        fixture = new SignerServiceFixture(SignerTestDatabases.sqlite(dir), dir);
        MutableClock clock = MutableClock.ofNow();
        SigningProfileService service = new SigningProfileService(
                fixture.profileRepository,
                fixture.platforms,
                fixture.issuer,
                fixture.arns,
                fixture.pageTokens,
                clock,
                BOUND);
        SigningProfile profile =
                service.put(ADMIN, SigningProfileServiceTest.request("app", "Signet-CMS-SHA256-ECDSA"));
        assertThat(service.cachedActiveForSigning(ADMIN, "app", Optional.empty()))
                .isEqualTo(profile);

        // another node cancels it: the repository changes, this node's cache does not hear of it
        fixture.profileRepository.updateStatus(
                ADMIN.accountId(), "app", ProfileStatus.Active, ProfileStatus.Canceled, Optional.of("elsewhere"));
        clock.advance(BOUND.minusMillis(1));
        assertThat(service.cachedActiveForSigning(ADMIN, "app", Optional.empty()))
                .isEqualTo(profile);

        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> service.cachedActiveForSigning(ADMIN, "app", Optional.empty()))
                .isInstanceOf(ServiceException.class)
                .hasMessage("signing profile app is Canceled and cannot sign");
    }
}
