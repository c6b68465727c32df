package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.Subject;
import dev.signet.core.format.TimestampEvidence;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.RevokedProfileVersion;
import dev.signet.core.revocation.RevokedSignature;
import dev.signet.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check and reason code of the engine, over evidence built directly (as a format would
 * report it) with certificates from a real CA and time-stamp authorities.
 */
class VerifierChecksTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Instant CHECKED = NOW.plus(Duration.ofHours(1));
    static final String PROFILE = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/demo";
    static final String VERSION = TestPki.ARN;
    static final String OTHER_VERSION = PROFILE + "/ZzZzZz9999";
    static final byte[] VALUE = "the signer's signature value".getBytes(StandardCharsets.UTF_8);
    static final String ID = HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, VALUE));

    @TempDir
    static Path dir;

    static TestPki pki;
    static TestPki other;
    static SigningKey key;
    static List<X509Certificate> tsaChain;
    static List<X509Certificate> untrustedTsaChain;

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir.resolve("pki"));
        other = new TestPki(dir.resolve("other"));
        key = pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        tsaChain = pki.tsa().chain();
        untrustedTsaChain = other.tsa().chain();
    }

    static SignatureEvidence evidence(SigningKey signer, Optional<Instant> signedAt) {
        return new SignatureEvidence("cms-detached", true, "", signer.chain(), signedAt).withSignatureValue(VALUE);
    }

    static SignatureEvidence evidence() {
        return evidence(key, Optional.of(NOW));
    }

    static RevocationList list(List<RevokedSignature> signatures, List<RevokedProfileVersion> versions) {
        return new RevocationList(NOW, NOW.plus(Duration.ofDays(7)), signatures, versions);
    }

    static RevocationList emptyList() {
        return list(List.of(), List.of());
    }

    static RevocationList staleList(List<RevokedSignature> signatures, List<RevokedProfileVersion> versions) {
        return new RevocationList(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(3)), signatures, versions);
    }

    static RevokedProfileVersion revoked(String arn, Instant effectiveFrom) {
        return new RevokedProfileVersion(arn, effectiveFrom, NOW);
    }

    /** Every check configured: allowed publishers, revocation list. */
    static Verifier.Builder full(RevocationList list, Instant now) {
        return Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .allowedPublishers(List.of(PROFILE))
                .revocationList(list)
                .clock(Clock.fixed(now, ZoneOffset.UTC));
    }

    static VerificationResult judge(Verifier verifier, SignatureEvidence evidence) {
        VerificationResult result = verifier.judge(evidence);
        assertThat(result.checks()).extracting(CheckResult::check).containsExactly(Check.values());
        assertThat(result.checks())
                .allSatisfy(c -> assertThat(c.message()).isNotBlank().doesNotContain("\n"));
        return result;
    }

    static ReasonCode reason(VerificationResult result, Check check) {
        return result.check(check).orElseThrow().reason();
    }

    static String message(VerificationResult result, Check check) {
        return result.check(check).orElseThrow().message();
    }

    @Test
    void aGoodSignaturePassesEveryCheckInOrder() {
        VerificationResult result = judge(full(emptyList(), CHECKED).build(), evidence());
        assertThat(result.valid()).as(result.failures().toString()).isTrue();
        SignatureSummary summary = result.signature().orElseThrow();
        assertThat(summary.signatureId()).contains(ID);
        assertThat(summary.profileVersionArns()).containsExactly(VERSION);
        assertThat(summary.signingTime()).contains(NOW);
        assertThat(summary.timestamped()).isFalse();
        assertThat(summary.expiresAt())
                .isEqualTo(key.certificate().getNotAfter().toInstant());
        assertThat(message(result, Check.TIMESTAMP)).isEqualTo("not time-stamped; signing time as Signet recorded it");
        assertThat(result.evidence()).isPresent();
    }

    @Test
    void withoutPublishersOrListThoseChecksAreNotReported() {
        VerificationResult result = Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .clock(Clock.fixed(CHECKED, ZoneOffset.UTC))
                .build()
                .judge(evidence());
        assertThat(result.checks())
                .extracting(CheckResult::check)
                .containsExactly(Check.INTEGRITY, Check.CHAIN, Check.EXPIRY, Check.TIMESTAMP);
        assertThat(result.valid()).isTrue();
    }

    // ---- INTEGRITY: a failure reports every other check as not checked

    @Test
    void anIntactFailureReportsEveryOtherCheckNotChecked() {
        SignatureEvidence broken =
                new SignatureEvidence("cms-detached", false, "digest mismatch", key.chain(), Optional.of(NOW));
        VerificationResult result = judge(full(emptyList(), CHECKED).build(), broken);
        assertThat(result.checks()).extracting(CheckResult::reason).containsOnly(ReasonCode.INTEGRITY);
        assertThat(result.checks().subList(1, 6))
                .allSatisfy(c -> assertThat(c.message()).startsWith("not checked"));
        assertThat(result.evidence()).contains(broken);
        assertThat(result.signature()).isPresent();
    }

    static Stream<Arguments> unverifiable() {
        return Stream.of(
                Arguments.of(new byte[0], ReasonCode.UNSIGNED),
                Arguments.of("not a signature".getBytes(StandardCharsets.UTF_8), ReasonCode.MALFORMED),
                Arguments.of(new byte[] {0x30, (byte) 0x82, 0x01}, ReasonCode.MALFORMED));
    }

    @ParameterizedTest
    @MethodSource("unverifiable")
    void unsignedAndMalformedReportEveryOtherCheckNotChecked(byte[] signature, ReasonCode reason) {
        Subject digest = new Subject.Digest(HashAlgorithm.SHA256, new byte[32]);
        VerificationResult result = full(emptyList(), CHECKED).build().verify(digest, signature);
        assertThat(result.checks()).extracting(CheckResult::check).containsExactly(Check.values());
        assertThat(result.checks()).extracting(CheckResult::reason).containsOnly(reason);
        assertThat(result.checks().subList(1, 6))
                .allSatisfy(c -> assertThat(c.message()).startsWith("not checked"));
        assertThat(result.evidence()).isEmpty();
        assertThat(result.signature()).isEmpty();
    }

    @Test
    void aSignatureNamingNoSignerFailsEveryLaterCheck() {
        SignatureEvidence anonymous = new SignatureEvidence("cms-detached", true, "", List.of(), Optional.of(NOW));
        VerificationResult result = judge(full(emptyList(), CHECKED).build(), anonymous);
        assertThat(result.checks().get(0).passed()).isTrue();
        assertThat(result.checks().subList(1, 6))
                .extracting(CheckResult::reason)
                .containsOnly(ReasonCode.UNTRUSTED_CHAIN);
    }

    // ---- CHAIN

    @Test
    void anotherRootIsAnUntrustedChain() {
        VerificationResult result = judge(
                full(emptyList(), CHECKED).trustedRoots(List.of(other.root())).build(), evidence());
        assertThat(reason(result, Check.CHAIN)).isEqualTo(ReasonCode.UNTRUSTED_CHAIN);
        assertThat(result.failures()).extracting(CheckResult::check).containsExactly(Check.CHAIN);
    }

    // ---- PUBLISHER

    static Stream<Arguments> publishers() {
        String versionWithMore = VERSION + "/more";
        return Stream.of(
                Arguments.of("its profile version ARN", VERSION, List.of(VERSION), true),
                Arguments.of("its profile ARN", VERSION, List.of(PROFILE), true),
                Arguments.of("its profile among others", VERSION, List.of(OTHER_VERSION, PROFILE), true),
                Arguments.of("another version of its profile", VERSION, List.of(OTHER_VERSION), false),
                Arguments.of("a profile whose name it starts with", PROFILE + "x/AbCdEf1234", List.of(PROFILE), false),
                Arguments.of("a profile whose name starts with its own", VERSION, List.of(PROFILE + "x"), false),
                Arguments.of("its version ARN as a profile", versionWithMore, List.of(VERSION), false),
                Arguments.of("its profile, a level up", versionWithMore, List.of(PROFILE), false),
                Arguments.of(
                        "another account", VERSION, List.of(PROFILE.replace("000000000000", "111111111111")), false),
                Arguments.of("a certificate naming no ARN", "urn:example:no-arn", List.of(PROFILE), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishers")
    void publisherByProfileOrVersion(String what, String signerUri, List<String> allowed, boolean passes) {
        SigningKey signer = pki.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), signerUri);
        VerificationResult result = judge(
                full(emptyList(), CHECKED).allowedPublishers(allowed).build(), evidence(signer, Optional.of(NOW)));
        assertThat(reason(result, Check.PUBLISHER))
                .as(message(result, Check.PUBLISHER))
                .isEqualTo(passes ? ReasonCode.OK : ReasonCode.UNTRUSTED_PUBLISHER);
    }

    @Test
    void anImportedCertificateSignsForItsBoundVersionsOnly() {
        // an imported chain under another root, whose leaf names a profile version it is not bound to
        SigningKey imported = other.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), OTHER_VERSION);
        String fingerprint = ProfileVersions.fingerprint(imported.certificate()).toUpperCase(java.util.Locale.ROOT);
        Verifier.Builder builder = full(emptyList(), CHECKED).trustedRoots(List.of(pki.root(), other.root()));
        SignatureEvidence signed = evidence(imported, Optional.of(NOW));

        VerificationResult bound = judge(
                builder.allowedPublishers(List.of(VERSION))
                        .certificateBindings(Map.of(fingerprint, Set.of(VERSION)))
                        .build(),
                signed);
        assertThat(bound.valid()).as(bound.failures().toString()).isTrue();
        assertThat(bound.signature().orElseThrow().profileVersionArns()).containsExactly(VERSION);

        VerificationResult claimsOnly = judge(
                builder.allowedPublishers(List.of(OTHER_VERSION))
                        .certificateBindings(Map.of(fingerprint, Set.of(VERSION)))
                        .build(),
                signed);
        assertThat(reason(claimsOnly, Check.PUBLISHER)).isEqualTo(ReasonCode.UNTRUSTED_PUBLISHER);

        VerificationResult revoked = judge(
                builder.allowedPublishers(List.of(PROFILE))
                        .revocationList(list(List.of(), List.of(revoked(VERSION, NOW.minus(Duration.ofHours(1))))))
                        .certificateBindings(Map.of(fingerprint, Set.of(VERSION)))
                        .build(),
                signed);
        assertThat(reason(revoked, Check.REVOCATION)).isEqualTo(ReasonCode.PROFILE_REVOKED);
    }

    // ---- EXPIRY

    @Test
    void aCarriedExpiryThatPassedIsExpiredWhileTheCertificateIsStillValid() {
        SignatureEvidence signed = evidence().withExpiresAt(NOW.plus(Duration.ofMinutes(10)));
        VerificationResult result = judge(full(emptyList(), CHECKED).build(), signed);
        assertThat(reason(result, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
        assertThat(message(result, Check.EXPIRY)).contains("its signed expiry");
        assertThat(result.signature().orElseThrow().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void withoutACarriedExpiryTheCertificateEndIsTheExpiry() {
        VerificationResult result =
                judge(full(emptyList(), NOW.plus(Duration.ofDays(31))).build(), evidence());
        assertThat(reason(result, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
        assertThat(message(result, Check.EXPIRY)).contains("certificate's notAfter");
    }

    @Test
    void aCarriedExpiryLaterThanTheCertificateIsTheExpiry() {
        SigningKey shortLived =
                pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
        SignatureEvidence signed = evidence(shortLived, Optional.of(NOW)).withExpiresAt(NOW.plus(Duration.ofDays(60)));
        VerificationResult later =
                judge(full(emptyList(), NOW.plus(Duration.ofDays(10))).build(), signed);
        assertThat(reason(later, Check.EXPIRY)).as(message(later, Check.EXPIRY)).isEqualTo(ReasonCode.OK);
        VerificationResult past =
                judge(full(emptyList(), NOW.plus(Duration.ofDays(61))).build(), signed);
        assertThat(reason(past, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
    }

    @Test
    void signedAfterTheCertificateExpiredIsExpiredWhateverTheCarriedExpiry() {
        SigningKey shortLived =
                pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
        SignatureEvidence signed = evidence(shortLived, Optional.of(NOW.plus(Duration.ofDays(3))))
                .withExpiresAt(NOW.plus(Duration.ofDays(60)));
        VerificationResult result =
                judge(full(emptyList(), NOW.plus(Duration.ofDays(4))).build(), signed);
        assertThat(reason(result, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
        assertThat(message(result, Check.EXPIRY)).contains("after the certificate expired");
    }

    @Test
    void aTrustedTimeStampDoesNotExtendTheExpiry() {
        SignatureEvidence signed =
                evidence().withTimestamp(new TimestampEvidence(NOW.plus(Duration.ofMinutes(1)), tsaChain));
        VerificationResult result =
                judge(full(emptyList(), NOW.plus(Duration.ofDays(31))).build(), signed);
        assertThat(reason(result, Check.TIMESTAMP)).isEqualTo(ReasonCode.OK);
        assertThat(reason(result, Check.CHAIN)).isEqualTo(ReasonCode.OK);
        assertThat(reason(result, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
    }

    @Test
    void signedOrCheckedBeforeTheCertificateStartsIsNotYetValid() {
        VerificationResult early =
                judge(full(emptyList(), CHECKED).build(), evidence(key, Optional.of(NOW.minus(Duration.ofDays(2)))));
        assertThat(reason(early, Check.EXPIRY)).isEqualTo(ReasonCode.NOT_YET_VALID);
        VerificationResult checkedEarly =
                judge(full(emptyList(), NOW.minus(Duration.ofDays(2))).build(), evidence(key, Optional.empty()));
        assertThat(reason(checkedEarly, Check.EXPIRY)).isEqualTo(ReasonCode.NOT_YET_VALID);
    }

    // ---- REVOCATION

    @Test
    void aListedSignatureIsRevokedWhateverItsSigningTime() {
        RevocationList list =
                list(List.of(new RevokedSignature(ID, "arn:job", NOW.minus(Duration.ofDays(100)))), List.of());
        VerificationResult result = judge(full(list, CHECKED).build(), evidence());
        assertThat(reason(result, Check.REVOCATION)).isEqualTo(ReasonCode.SIGNATURE_REVOKED);
        assertThat(result.failures()).extracting(CheckResult::check).containsExactly(Check.REVOCATION);
    }

    static Stream<Arguments> profileRevocations() {
        Instant t = NOW;
        return Stream.of(
                Arguments.of(
                        "effective before the signing time",
                        t.minusSeconds(1),
                        Optional.of(t),
                        ReasonCode.PROFILE_REVOKED),
                Arguments.of("effective at the signing time", t, Optional.of(t), ReasonCode.PROFILE_REVOKED),
                Arguments.of("effective after the signing time", t.plusSeconds(1), Optional.of(t), ReasonCode.OK),
                Arguments.of(
                        "signing time unknown",
                        t.plus(Duration.ofDays(1)),
                        Optional.empty(),
                        ReasonCode.PROFILE_REVOKED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profileRevocations")
    void aRevokedProfileVersionRevokesSignaturesFromItsEffectiveTime(
            String what, Instant effectiveFrom, Optional<Instant> signedAt, ReasonCode expected) {
        RevocationList list = list(List.of(), List.of(revoked(OTHER_VERSION, NOW), revoked(VERSION, effectiveFrom)));
        VerificationResult result = judge(full(list, CHECKED).build(), evidence(key, signedAt));
        assertThat(reason(result, Check.REVOCATION))
                .as(message(result, Check.REVOCATION))
                .isEqualTo(expected);
    }

    @Test
    void aTrustedTimeStampDecidesRevocationNotTheClaimedTime() {
        Instant effective = NOW.plus(Duration.ofMinutes(30));
        RevocationList list = list(List.of(), List.of(revoked(VERSION, effective)));
        Verifier verifier = full(list, CHECKED).build();
        // claims to be signed before the revocation, but a trusted token says after
        SignatureEvidence backdated = evidence(key, Optional.of(NOW))
                .withTimestamp(new TimestampEvidence(effective.plusSeconds(60), tsaChain));
        assertThat(reason(judge(verifier, backdated), Check.REVOCATION)).isEqualTo(ReasonCode.PROFILE_REVOKED);
        // claims to be signed after the revocation, but a trusted token says before
        SignatureEvidence early = evidence(key, Optional.of(effective.plusSeconds(60)))
                .withTimestamp(new TimestampEvidence(NOW.plus(Duration.ofMinutes(1)), tsaChain));
        VerificationResult result = judge(verifier, early);
        assertThat(result.valid()).as(result.failures().toString()).isTrue();
        assertThat(result.signature().orElseThrow().timestamped()).isTrue();
        assertThat(result.signature().orElseThrow().signingTime()).contains(NOW.plus(Duration.ofMinutes(1)));
        // an untrusted token proves nothing: the claimed time decides
        SignatureEvidence untrusted = evidence(key, Optional.of(effective.plusSeconds(60)))
                .withTimestamp(new TimestampEvidence(NOW.plus(Duration.ofMinutes(1)), untrustedTsaChain));
        VerificationResult claimed = judge(verifier, untrusted);
        assertThat(reason(claimed, Check.REVOCATION)).isEqualTo(ReasonCode.PROFILE_REVOKED);
        assertThat(reason(claimed, Check.TIMESTAMP)).isEqualTo(ReasonCode.UNTRUSTED_TIMESTAMP);
    }

    @Test
    void aSignatureWithoutValueCannotBeLookedUp() {
        SignatureEvidence unnamed = new SignatureEvidence("cms-detached", true, "", key.chain(), Optional.of(NOW));
        VerificationResult result = judge(full(emptyList(), CHECKED).build(), unnamed);
        assertThat(reason(result, Check.REVOCATION)).isEqualTo(ReasonCode.REVOCATION_UNKNOWN);
        assertThat(result.signature().orElseThrow().signatureId()).isEmpty();
    }

    @Test
    void aListPastItsNextUpdateIsStale() {
        VerificationResult result =
                judge(full(staleList(List.of(), List.of()), CHECKED).build(), evidence());
        assertThat(reason(result, Check.REVOCATION)).isEqualTo(ReasonCode.REVOCATION_STALE);
        assertThat(message(result, Check.REVOCATION)).contains("past its next update");
        assertThat(result.failures()).extracting(CheckResult::check).containsExactly(Check.REVOCATION);
    }

    static Stream<Arguments> staleButRevoked() {
        SignatureEvidence unnamed = new SignatureEvidence("cms-detached", true, "", List.of(), Optional.of(NOW));
        return Stream.of(
                Arguments.of(
                        "signature revoked",
                        staleList(List.of(new RevokedSignature(ID, "arn:job", NOW)), List.of()),
                        true,
                        ReasonCode.SIGNATURE_REVOKED),
                Arguments.of(
                        "profile revoked",
                        staleList(List.of(), List.of(revoked(VERSION, NOW.minus(Duration.ofDays(20))))),
                        true,
                        ReasonCode.PROFILE_REVOKED),
                Arguments.of(
                        "signature unknown", staleList(List.of(), List.of()), false, ReasonCode.REVOCATION_UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staleButRevoked")
    void revokedOrUnknownTakesPrecedenceOverStale(
            String what, RevocationList list, boolean named, ReasonCode expected) {
        SignatureEvidence signed =
                named ? evidence() : new SignatureEvidence("cms-detached", true, "", key.chain(), Optional.of(NOW));
        VerificationResult result = judge(full(list, CHECKED).build(), signed);
        assertThat(reason(result, Check.REVOCATION)).isEqualTo(expected);
    }

    @Test
    void aRevokedSignatureTakesPrecedenceOverARevokedProfile() {
        RevocationList list = list(
                List.of(new RevokedSignature(ID, "arn:job", NOW)),
                List.of(revoked(VERSION, NOW.minus(Duration.ofDays(1)))));
        assertThat(reason(judge(full(list, CHECKED).build(), evidence()), Check.REVOCATION))
                .isEqualTo(ReasonCode.SIGNATURE_REVOKED);
    }

    // ---- TIMESTAMP

    @Test
    void aTrustedTokenWithinTheCertificateValidityPasses() {
        SignatureEvidence signed =
                evidence().withTimestamp(new TimestampEvidence(NOW.plus(Duration.ofMinutes(1)), tsaChain));
        VerificationResult result = judge(full(emptyList(), CHECKED).build(), signed);
        assertThat(result.valid()).as(result.failures().toString()).isTrue();
        assertThat(message(result, Check.TIMESTAMP)).startsWith("time-stamped at");
        assertThat(message(result, Check.EXPIRY)).startsWith("time-stamped at");
    }

    @Test
    void aTokenFromAnUntrustedAuthorityIsAnUntrustedTimestamp() {
        SignatureEvidence signed =
                evidence().withTimestamp(new TimestampEvidence(NOW.plus(Duration.ofMinutes(1)), untrustedTsaChain));
        VerificationResult result = judge(full(emptyList(), CHECKED).build(), signed);
        assertThat(reason(result, Check.TIMESTAMP)).isEqualTo(ReasonCode.UNTRUSTED_TIMESTAMP);
        assertThat(message(result, Check.TIMESTAMP)).contains("is not trusted");
        assertThat(result.failures()).extracting(CheckResult::check).containsExactly(Check.TIMESTAMP);
        assertThat(result.signature().orElseThrow().signingTime()).contains(NOW);
    }

    @Test
    void aTokenByACodeSigningCertificateIsAnUntrustedTimestamp() {
        SignatureEvidence signed =
                evidence().withTimestamp(new TimestampEvidence(NOW.plus(Duration.ofMinutes(1)), key.chain()));
        VerificationResult result = judge(full(emptyList(), CHECKED).build(), signed);
        assertThat(reason(result, Check.TIMESTAMP)).isEqualTo(ReasonCode.UNTRUSTED_TIMESTAMP);
    }

    @Test
    void aTrustedTokenOutsideTheCertificateValidityIsAnUntrustedTimestamp() {
        SigningKey shortLived = pki.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofMinutes(10)));
        SignatureEvidence signed = evidence(shortLived, Optional.of(NOW))
                .withTimestamp(new TimestampEvidence(NOW.plus(Duration.ofMinutes(20)), tsaChain));
        VerificationResult result =
                judge(full(emptyList(), NOW.plus(Duration.ofMinutes(5))).build(), signed);
        assertThat(reason(result, Check.TIMESTAMP)).isEqualTo(ReasonCode.UNTRUSTED_TIMESTAMP);
        assertThat(message(result, Check.TIMESTAMP)).contains("outside the signer certificate's validity");
        assertThat(reason(result, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
    }
}
