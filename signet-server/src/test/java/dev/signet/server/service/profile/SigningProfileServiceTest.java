package dev.signet.server.service.profile;

import static dev.signet.server.service.SignerServiceFixture.ADMIN;
import static dev.signet.server.service.SignerServiceFixture.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.server.service.CertificatePem;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.SignerServiceFixture;
import dev.signet.server.store.Database;
import dev.signet.server.store.signer.SignerTestDatabases;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SigningProfileServiceTest {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";

    @TempDir
    Path dir;

    static Stream<Named<Function<Path, Database>>> databases() {
        return SignerTestDatabases.all();
    }

    static PutProfileRequest request(String name, String platformId) {
        return new PutProfileRequest(
                name, platformId, Optional.empty(), Optional.empty(), SigningOverrides.NONE, Map.of(), Map.of());
    }

    private SignerServiceFixture fixture;

    @org.junit.jupiter.api.AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private SignerServiceFixture sqlite() {
        fixture = new SignerServiceFixture(SignerTestDatabases.sqlite(dir), dir);
        return fixture;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void putIssuesAKeyAndCertificateForTheVersion(Function<Path, Database> open) throws Exception {
        try (var f = new SignerServiceFixture(open.apply(dir), dir)) {
            Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            SigningProfile profile = f.profiles.put(ADMIN, request("app_signer", CMS));

            assertThat(profile.version()).matches("[a-zA-Z0-9]{10}");
            assertThat(profile.status()).isEqualTo(ProfileStatus.Active);
            assertThat(profile.validity()).isEqualTo(ValidityPeriod.DEFAULT);
            assertThat(profile.certificateArn()).isEmpty();
            assertThat(f.profiles.arn(profile))
                    .isEqualTo("arn:aws:signer:us-east-1:000000000000:/signing-profiles/app_signer");
            assertThat(f.profiles.versionArn(profile)).isEqualTo(f.profiles.arn(profile) + "/" + profile.version());

            List<X509Certificate> chain = CertificatePem.decode(profile.certificateChainPem());
            X509Certificate leaf = chain.get(0);
            assertThat(chain).hasSize(3);
            assertThat(chain.get(2)).isEqualTo(f.ca.root());
            assertThat(leaf.getPublicKey()).isEqualTo(f.keys.publicKey(profile.key()));
            assertThat(CertificateAuthority.profileVersionArn(leaf)).contains(f.profiles.versionArn(profile));
            assertThat(CertificateAuthority.isCodeSigning(leaf)).isTrue();
            assertThat(leaf.getNotBefore().toInstant()).isBetween(before.minusSeconds(1), Instant.now());
            Instant expected = ValidityPeriod.DEFAULT.after(before);
            Instant caEnd = f.ca.issuing().getNotAfter().toInstant();
            assertThat(leaf.getNotAfter().toInstant())
                    .isBetween(
                            min(expected, caEnd).minusSeconds(5),
                            min(expected, caEnd).plusSeconds(5));

            assertThat(f.profiles.get(ADMIN, "app_signer", Optional.of("000000000000")))
                    .isEqualTo(profile);
        }
    }

    @Test
    void putWithTheSameSettingsReturnsTheSameVersionAndDifferentSettingsAreRefused() {
        var f = sqlite();
        SigningProfile first = f.profiles.put(ADMIN, request("app", CMS));

        assertThat(f.profiles.put(ADMIN, request("app", CMS))).isEqualTo(first);
        assertThatThrownBy(() -> f.profiles.put(ADMIN, request("app", "Signet-CMS-SHA256-RSA")))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("already exists with different settings");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "has-dash",
                "has space",
                "ümlaut",
                "x23456789012345678901234567890123456789012345678901234567890123456"
            })
    void badProfileNamesAreRefused(String name) {
        var f = sqlite();
        assertValidation(() -> f.profiles.put(ADMIN, request(name, CMS)), "profileName");
        assertValidation(() -> f.profiles.get(ADMIN, name, Optional.empty()), "profileName");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of(request("app", "NoSuchPlatform"), "is not a known signing platform"),
                Arguments.of(request("app", "AWSIoTDeviceManagement-SHA256-ECDSA"), "signing material cannot be null"),
                Arguments.of(request("app", "AmazonFreeRTOS-Default"), "signing material cannot be null"),
                Arguments.of(
                        new PutProfileRequest(
                                "app",
                                CMS,
                                Optional.of("arn:aws:acm:us-east-1:000000000000:certificate/x"),
                                Optional.empty(),
                                SigningOverrides.NONE,
                                Map.of(),
                                Map.of()),
                        "imported signing material is not available on this server"),
                Arguments.of(
                        new PutProfileRequest(
                                "app",
                                CMS,
                                Optional.empty(),
                                Optional.empty(),
                                new SigningOverrides(Optional.of("RSA"), Optional.empty(), Optional.empty()),
                                Map.of(),
                                Map.of()),
                        "encryptionAlgorithm RSA is not allowed"),
                Arguments.of(
                        new PutProfileRequest(
                                "app",
                                CMS,
                                Optional.empty(),
                                Optional.empty(),
                                new SigningOverrides(Optional.empty(), Optional.of("SHA1"), Optional.empty()),
                                Map.of(),
                                Map.of()),
                        "hashAlgorithm SHA1 is not allowed"),
                Arguments.of(
                        new PutProfileRequest(
                                "app",
                                CMS,
                                Optional.empty(),
                                Optional.empty(),
                                SigningOverrides.NONE,
                                Map.of(),
                                Map.of("aws:reserved", "x")),
                        "tag key"),
                Arguments.of(
                        new PutProfileRequest(
                                "app",
                                CMS,
                                Optional.empty(),
                                Optional.empty(),
                                SigningOverrides.NONE,
                                Map.of(),
                                Map.of("ok", "v".repeat(257))),
                        "longer than 256"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void invalidRequestsAreRefusedAndStoreNothing(PutProfileRequest request, String message) {
        var f = sqlite();
        assertValidation(() -> f.profiles.put(ADMIN, request), message);
        assertThatThrownBy(() -> f.profiles.get(ADMIN, "app", Optional.empty()))
                .isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ResourceNotFoundException");
    }

    @ParameterizedTest
    @MethodSource("badValidity")
    void validityOutsideOneUnitTo135MonthsIsRefused(int value, ValidityType type) {
        assertThatThrownBy(() -> new ValidityPeriod(value, type).after(Instant.now()))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("signatureValidityPeriod");
    }

    static Stream<Arguments> badValidity() {
        return Stream.of(
                Arguments.of(0, ValidityType.DAYS),
                Arguments.of(-1, ValidityType.MONTHS),
                Arguments.of(136, ValidityType.MONTHS),
                Arguments.of(12, ValidityType.YEARS),
                Arguments.of(4186, ValidityType.DAYS),
                Arguments.of(Integer.MAX_VALUE, ValidityType.DAYS));
    }

    @Test
    void theLongestValidityIsAccepted() {
        Instant now = Instant.parse("2026-01-31T00:00:00Z");
        assertThat(new ValidityPeriod(135, ValidityType.MONTHS).after(now)).isEqualTo("2037-04-30T00:00:00Z");
        assertThat(new ValidityPeriod(11, ValidityType.YEARS).after(now)).isEqualTo("2037-01-31T00:00:00Z");
        assertThat(new ValidityPeriod(1, ValidityType.DAYS).after(now)).isEqualTo("2026-02-01T00:00:00Z");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aCanceledProfileStaysReadableButCannotSignNorBeRecreated(Function<Path, Database> open) {
        try (var f = new SignerServiceFixture(open.apply(dir), dir)) {
            f.profiles.put(ADMIN, request("app", CMS));

            f.profiles.cancel(ADMIN, "app");
            f.profiles.cancel(ADMIN, "app");

            SigningProfile canceled = f.profiles.get(ADMIN, "app", Optional.empty());
            assertThat(canceled.status()).isEqualTo(ProfileStatus.Canceled);
            assertValidation(() -> f.profiles.activeForSigning(ADMIN, "app", Optional.empty()), "Canceled");
            assertValidation(() -> f.profiles.put(ADMIN, request("app", CMS)), "cannot be reused");
            assertThatThrownBy(() -> f.profiles.cancel(ADMIN, "nothing"))
                    .isInstanceOf(ServiceException.class)
                    .hasMessageContaining("does not exist");
        }
    }

    /**
     * Another account's profile is found only when the request names its owner; whether the caller
     * may use it is the authorizer's decision (the profile's resource policy), made before any route
     * reaches this service (AccountsSdkTest, PolicyAuthorizerTest).
     */
    @Test
    void profilesOfAnotherAccountAreFoundOnlyThroughProfileOwner() {
        var f = sqlite();
        SigningProfile put = f.profiles.put(ADMIN, request("app", CMS));

        assertThatThrownBy(() -> f.profiles.get(STRANGER, "app", Optional.empty()))
                .hasMessageContaining("does not exist");
        assertThat(f.profiles
                        .list(STRANGER, false, Optional.empty(), Set.of(), Optional.empty(), Optional.empty())
                        .profiles())
                .isEmpty();
        SigningProfile shared = f.profiles.get(STRANGER, "app", Optional.of(ADMIN.accountId()));
        assertThat(shared.ownerAccount()).isEqualTo(ADMIN.accountId());
        assertThat(f.profiles.arn(shared)).isEqualTo(f.profiles.arn(put));
        assertValidation(() -> f.profiles.get(ADMIN, "app", Optional.of("12345")), "profileOwner");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void listingPagesThroughEveryProfileWithTokensBoundToTheFilter(Function<Path, Database> open) {
        try (var f = new SignerServiceFixture(open.apply(dir), dir)) {
            for (String name : List.of("p1", "p2", "p3", "p4", "p5")) {
                f.profiles.put(ADMIN, request(name, CMS));
            }
            f.profiles.cancel(ADMIN, "p3");

            List<String> seen = new ArrayList<>();
            Optional<String> token = Optional.empty();
            for (int page = 0; page < 10; page++) {
                ProfilePage result = f.profiles.list(ADMIN, false, Optional.empty(), Set.of(), Optional.of(2), token);
                result.profiles().forEach(p -> seen.add(p.name()));
                token = result.nextToken();
                if (token.isEmpty()) {
                    break;
                }
            }
            assertThat(seen).containsExactly("p1", "p2", "p4", "p5");
            assertThat(names(f.profiles.list(
                            ADMIN, true, Optional.empty(), Set.of(), Optional.empty(), Optional.empty())))
                    .containsExactly("p1", "p2", "p3", "p4", "p5");
            assertThat(names(f.profiles.list(
                            ADMIN,
                            false,
                            Optional.of(CMS),
                            EnumSet.of(ProfileStatus.Canceled),
                            Optional.empty(),
                            Optional.empty())))
                    .containsExactly("p3");

            String issued = f.profiles
                    .list(ADMIN, false, Optional.empty(), Set.of(), Optional.of(1), Optional.empty())
                    .nextToken()
                    .orElseThrow();
            assertValidation(
                    () -> f.profiles.list(ADMIN, true, Optional.empty(), Set.of(), Optional.of(1), Optional.of(issued)),
                    "nextToken");
            String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("p4".getBytes())
                    + issued.substring(issued.indexOf('.'));
            assertValidation(
                    () -> f.profiles.list(
                            ADMIN, false, Optional.empty(), Set.of(), Optional.of(1), Optional.of(forged)),
                    "nextToken");
            assertValidation(
                    () -> f.profiles.list(ADMIN, false, Optional.empty(), Set.of(), Optional.of(26), Optional.empty()),
                    "maxResults");
        }
    }

    private static List<String> names(ProfilePage page) {
        return page.profiles().stream().map(SigningProfile::name).toList();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static void assertValidation(Runnable call, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining(messagePart)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ValidationException");
    }
}
