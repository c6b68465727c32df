package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.RevokedProfileVersion;
import dev.signet.core.revocation.RevokedSignature;
import dev.signet.core.tsa.TimestampEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** REVOCATION: signature, profile version at the trusted signing time, unknown, stale, and their precedence. */
class RevocationCheckTest extends CheckTestBase {
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

    static Stream<Arguments> sparedSignatures() {
        String otherId = "ab".repeat(32);
        Instant effective = NOW.plus(Duration.ofDays(1));
        return Stream.of(
                Arguments.of("unknown signing time, id spared", Optional.empty(), List.of(otherId, ID), ReasonCode.OK),
                Arguments.of(
                        "unknown signing time, id not spared",
                        Optional.empty(),
                        List.of(otherId),
                        ReasonCode.PROFILE_REVOKED),
                Arguments.of(
                        "known signing time after the effective time, id spared",
                        Optional.of(effective.plusSeconds(1)),
                        List.of(ID),
                        ReasonCode.PROFILE_REVOKED),
                Arguments.of(
                        "known signing time before the effective time, id not spared",
                        Optional.of(effective.minusSeconds(1)),
                        List.of(),
                        ReasonCode.OK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sparedSignatures")
    void aSparedIdCountsOnlyWhenTheSigningTimeIsUnknown(
            String what, Optional<Instant> signedAt, List<String> spared, ReasonCode expected) {
        Instant effective = NOW.plus(Duration.ofDays(1));
        RevocationList list = list(List.of(), List.of(new RevokedProfileVersion(VERSION, effective, NOW, spared)));
        VerificationResult result = judge(full(list, CHECKED).build(), evidence(key, signedAt));
        assertThat(reason(result, Check.REVOCATION))
                .as(message(result, Check.REVOCATION))
                .isEqualTo(expected);
        if (signedAt.isEmpty() && expected == ReasonCode.OK) {
            assertThat(message(result, Check.REVOCATION))
                    .contains("signed before the effective time, as Signet recorded");
        }
    }

    @Test
    void anIdSparedByAnotherVersionDoesNotSpareIt() {
        RevocationList list = list(
                List.of(),
                List.of(
                        new RevokedProfileVersion(OTHER_VERSION, NOW, NOW, List.of(ID)),
                        new RevokedProfileVersion(VERSION, NOW.plus(Duration.ofDays(1)), NOW)));
        VerificationResult result = judge(full(list, CHECKED).build(), evidence(key, Optional.empty()));
        assertThat(reason(result, Check.REVOCATION)).isEqualTo(ReasonCode.PROFILE_REVOKED);
        assertThat(message(result, Check.REVOCATION)).contains("signing time is unknown");
    }

    @Test
    void aSignatureRevokedByIdIsRevokedEvenWhenSpared() {
        RevocationList list = list(
                List.of(new RevokedSignature(ID, "arn:job", NOW)),
                List.of(new RevokedProfileVersion(VERSION, NOW.plus(Duration.ofDays(1)), NOW, List.of(ID))));
        assertThat(reason(judge(full(list, CHECKED).build(), evidence(key, Optional.empty())), Check.REVOCATION))
                .isEqualTo(ReasonCode.SIGNATURE_REVOKED);
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
}
