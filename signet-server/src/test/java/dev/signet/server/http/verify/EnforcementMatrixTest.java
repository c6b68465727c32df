package dev.signet.server.http.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.ca.Pem;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.platform.SigningPlatform;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.core.verify.Check;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.core.verify.DeployGate;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.UntrustedArtifactAction;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import dev.signet.server.testing.OffsetClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5's matrix: for every platform of platforms.json, {valid, unsigned, one byte changed,
 * expired, signature revoked, profile revoked before / after signing time, signed by a profile not
 * in the CSC, signed under a different root} x {Warn, Enforce} x {online through POST /v1/verify
 * with a Lambda code signing config, offline through a {@link DeployGate} on the trust bundle from
 * GET /v1/trust-bundle}. Every cell's decision and reason codes are asserted against Lambda's rule
 * (ENFORCEMENT.md): an integrity failure blocks under both actions, any other failure blocks under
 * Enforce and is a warning under Warn. Online and offline must agree check by check.
 *
 * <p>All signatures are made by real servers (see {@link PlatformFixture}); "expired" moves the
 * service clock (and the offline gate's, the same clock) past the one-day signature validity while
 * SigV4 keeps real time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnforcementMatrixTest {
    /** Past every signature's expiry (one day), well before the revocation list's next update (seven days). */
    private static final Duration PAST_EXPIRY = Duration.ofDays(2).plusHours(1);

    private static final Set<ReasonCode> INTEGRITY_FAILURES = EnumSet.of(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);

    @TempDir
    static Path dir;

    private final OffsetClock clock = new OffsetClock();
    private final Map<String, PlatformFixture> fixtures = new LinkedHashMap<>();
    private final Map<Cell, Outcome> outcomes = new ConcurrentHashMap<>();
    private MatrixServer first;
    private MatrixServer second;
    private OnlineGate online;
    private TrustBundle bundle;

    enum Mode {
        ONLINE("online"),
        OFFLINE("offline");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    record Cell(String platform, MatrixCase matrixCase, UntrustedArtifactAction action, Mode mode) {
        @Override
        public String toString() {
            return platform + " / " + matrixCase.label + " / " + action.awsName() + " / " + mode.label;
        }
    }

    @BeforeAll
    void signEverything() throws Exception {
        first = new MatrixServer(clock, dir.resolve("pki-first"));
        second = new MatrixServer(Clock.systemUTC(), dir.resolve("pki-second"));
        online = new OnlineGate(first.server);
        List<SigningPlatform> platforms = PlatformRegistry.builtIn().all();
        for (int i = 0; i < platforms.size(); i++) {
            MatrixPlatform platform = new MatrixPlatform(platforms.get(i).platformId(), dir);
            fixtures.put(platform.id, new PlatformFixture(platform, i));
        }
        for (PlatformFixture f : fixtures.values()) {
            f.startSigning(first, second);
        }
        Duration gap = Duration.ZERO;
        for (PlatformFixture f : fixtures.values()) {
            Optional<Instant> signedAt = f.finishFirstRound();
            Duration needed = PlatformFixture.gapAfter(signedAt, clock.instant());
            gap = needed.compareTo(gap) > 0 ? needed : gap;
        }
        // the second round is made later on the service clock: moved, not waited for
        clock.advance(gap);
        for (PlatformFixture f : fixtures.values()) {
            f.startSecondRound(first);
        }
        for (PlatformFixture f : fixtures.values()) {
            f.revoke(first);
            f.createCodeSigningConfigs(first);
        }
    }

    /** The trust bundle, fetched once after every revocation was made. */
    private synchronized TrustBundle bundle() throws Exception {
        if (bundle == null) {
            bundle = TrustBundle.parse(first.trustBundle());
        }
        return bundle;
    }

    /**
     * The fixtures are what they claim, judged by the core Verifier alone (no publisher, no
     * revocation) against the first server's roots: so a failing cell points at the gate, not at
     * the fixture.
     */
    @Test
    @Order(0)
    void theFixturesAreWhatTheyClaim() throws Exception {
        List<X509Certificate> roots = new ArrayList<>(Pem.decodeCertificates(
                Files.readString(first.server.dataDir().resolve("ca").resolve("root.pem"))));
        roots.addAll(Pem.decodeCertificates(Files.readString(first.pki.resolve("root.pem"))));
        Verifier verifier = Verifier.builder().trustedRoots(roots).build();
        SoftAssertions soft = new SoftAssertions();
        for (PlatformFixture f : fixtures.values()) {
            for (MatrixCase c : MatrixCase.values()) {
                Sample sample = f.samples.get(c);
                VerificationResult result = verifier.verify(sample.subject(), sample.signature());
                List<ReasonCode> expected = switch (c) {
                    case UNSIGNED -> List.of(ReasonCode.UNSIGNED);
                    case ONE_BYTE_CHANGED -> List.of(ReasonCode.INTEGRITY);
                    case OTHER_ROOT ->
                        sample.evidence().timestamp().isPresent()
                                ? List.of(ReasonCode.UNTRUSTED_CHAIN, ReasonCode.UNTRUSTED_TIMESTAMP)
                                : List.of(ReasonCode.UNTRUSTED_CHAIN);
                    default -> List.of();
                };
                soft.assertThat(result.failures().stream()
                                .map(CheckResult::reason)
                                .distinct()
                                .toList())
                        .as(f.platform.id + " / " + c.label + ": " + result)
                        .isEqualTo(expected);
            }
        }
        soft.assertAll();
    }

    @AfterAll
    void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (SigningPlatform platform : PlatformRegistry.builtIn().all()) {
            for (MatrixCase c : MatrixCase.values()) {
                for (UntrustedArtifactAction action : UntrustedArtifactAction.values()) {
                    for (Mode mode : Mode.values()) {
                        Cell cell = new Cell(platform.platformId(), c, action, mode);
                        cells.add(Arguments.of(Named.of(cell.toString(), cell)));
                    }
                }
            }
        }
        return cells.stream();
    }

    @Test
    @Order(0)
    void theMatrixCoversEveryPlatformOfPlatformsJson() {
        assertThat(fixtures.keySet())
                .containsExactlyElementsOf(PlatformRegistry.builtIn().all().stream()
                        .map(SigningPlatform::platformId)
                        .toList())
                .hasSize(10);
        assertThat(cells()).hasSize(10 * 9 * 2 * 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    @Order(1)
    void cell(Cell cell) {
        Outcome outcome = outcome(cell);
        Set<ReasonCode> expected = expectedReasons(cell);
        assertThat(outcome.checks())
                .as("every check, in order: %s", outcome)
                .extracting(c -> c.substring(0, c.indexOf('=')))
                .containsExactlyElementsOf(
                        Arrays.stream(Check.values()).map(Check::name).toList());
        assertThat(outcome.failedReasons()).as("reasons of %s", outcome).isEqualTo(new TreeSet<>(expected));
        boolean integrityFailed = expected.stream().anyMatch(INTEGRITY_FAILURES::contains);
        boolean allowed = !integrityFailed && (expected.isEmpty() || cell.action() == UntrustedArtifactAction.WARN);
        assertThat(outcome.allowed()).as("decision of %s", outcome).isEqualTo(allowed);
        // When integrity fails, the other checks fail only as "not checked": INTEGRITY alone is
        // listed, blocking when the signature is not intact; no signature at all is listed as
        // UNSIGNED (not an integrity failure), per the action.
        Set<String> blocking = new TreeSet<>();
        Set<String> warnings = new TreeSet<>();
        for (String check : outcome.checks()) {
            ReasonCode reason = ReasonCode.valueOf(check.substring(check.indexOf('=') + 1));
            String name = check.substring(0, check.indexOf('='));
            boolean notChecked = !outcome.checks().get(0).endsWith("=OK") && !name.equals(Check.INTEGRITY.name());
            if (reason != ReasonCode.OK && !notChecked) {
                (INTEGRITY_FAILURES.contains(reason) || cell.action() == UntrustedArtifactAction.ENFORCE
                                ? blocking
                                : warnings)
                        .add(reason == ReasonCode.UNSIGNED ? reason.name() : name);
            }
        }
        assertThat(new TreeSet<>(outcome.blocking()))
                .as("blocking in %s", outcome)
                .isEqualTo(blocking);
        assertThat(new TreeSet<>(outcome.warnings()))
                .as("warnings in %s", outcome)
                .isEqualTo(warnings);
    }

    @Test
    @Order(2)
    void onlineAndOfflineAgreeCheckByCheckInEveryCell() {
        SoftAssertions soft = new SoftAssertions();
        for (PlatformFixture f : fixtures.values()) {
            for (MatrixCase c : MatrixCase.values()) {
                for (UntrustedArtifactAction action : UntrustedArtifactAction.values()) {
                    Cell on = new Cell(f.platform.id, c, action, Mode.ONLINE);
                    Cell off = new Cell(f.platform.id, c, action, Mode.OFFLINE);
                    soft.assertThat(outcome(on)).as(on.toString()).isEqualTo(outcome(off));
                }
            }
        }
        soft.assertAll();
    }

    /**
     * The reasons the design gives each case. Two need explaining:
     *
     * <ul>
     *   <li>profile revoked after signing time: valid. The signature carries a signing time (a
     *       trusted time-stamp, or the time Signet wrote as a signed attribute), or, for the IoT JSON
     *       formats that carry neither, the revocation list names it as spared: Signet recorded making
     *       it before the effective time (ENFORCEMENT.md "Revocation semantics", issue 5).
     *   <li>different root: UNTRUSTED_CHAIN; and UNTRUSTED_PUBLISHER, since the second server's
     *       profile (same name as the allowed one, same account) is another version, and for the IoT
     *       platforms its imported certificate is bound to no profile of the first server; and
     *       UNTRUSTED_TIMESTAMP when the signature carries a token, which the second server's own
     *       time-stamp authority issued (not trusted by the first server's roots). Expiry and
     *       revocation pass: the signature is within its validity and listed nowhere.
     * </ul>
     */
    private Set<ReasonCode> expectedReasons(Cell cell) {
        Sample sample = fixtures.get(cell.platform()).samples.get(cell.matrixCase());
        return switch (cell.matrixCase()) {
            case VALID -> EnumSet.noneOf(ReasonCode.class);
            case UNSIGNED -> EnumSet.of(ReasonCode.UNSIGNED);
            case ONE_BYTE_CHANGED -> EnumSet.of(ReasonCode.INTEGRITY);
            case EXPIRED -> EnumSet.of(ReasonCode.EXPIRED);
            case SIGNATURE_REVOKED -> EnumSet.of(ReasonCode.SIGNATURE_REVOKED);
            case PROFILE_REVOKED_BEFORE -> EnumSet.of(ReasonCode.PROFILE_REVOKED);
            case PROFILE_REVOKED_AFTER -> EnumSet.noneOf(ReasonCode.class);
            case OTHER_PROFILE -> EnumSet.of(ReasonCode.UNTRUSTED_PUBLISHER);
            case OTHER_ROOT -> {
                Set<ReasonCode> reasons = EnumSet.of(ReasonCode.UNTRUSTED_CHAIN, ReasonCode.UNTRUSTED_PUBLISHER);
                if (sample.evidence().timestamp().isPresent()) {
                    reasons.add(ReasonCode.UNTRUSTED_TIMESTAMP);
                }
                yield reasons;
            }
        };
    }

    /** The cell's outcome, asked once (the agreement test reuses what the cells asked). */
    private Outcome outcome(Cell cell) {
        return outcomes.computeIfAbsent(cell, this::decide);
    }

    private Outcome decide(Cell cell) {
        try {
            return decideOrThrow(cell);
        } catch (Exception e) {
            throw new AssertionError(cell + ": " + e, e);
        }
    }

    private Outcome decideOrThrow(Cell cell) throws Exception {
        PlatformFixture fixture = fixtures.get(cell.platform());
        Sample sample = fixture.samples.get(cell.matrixCase());
        Duration moved = cell.matrixCase() == MatrixCase.EXPIRED ? PAST_EXPIRY : Duration.ZERO;
        clock.advance(moved);
        try {
            if (cell.mode() == Mode.ONLINE) {
                return online.decide(sample, fixture.codeSigningConfigs.get(cell.action()));
            }
            DeployGate gate = DeployGate.fromTrustBundle(
                    bundle(), new CodeSigningPolicy(fixture.allowedPublishers(), cell.action()), clock);
            return Outcome.of(gate.decide(sample.subject(), sample.signature()));
        } finally {
            clock.advance(moved.negated());
        }
    }
}
