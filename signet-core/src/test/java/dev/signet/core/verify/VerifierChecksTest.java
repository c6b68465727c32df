package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.Subject;
import dev.signet.core.revocation.ImportedAnchor;
import dev.signet.core.tsa.TimestampEvidence;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine's checks in order: INTEGRITY ("not checked" after a failure), CHAIN, PUBLISHER, TIMESTAMP. */
class VerifierChecksTest extends CheckTestBase {
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
        // and, not leading to the Signet root, its certificate's own ARN is not believed either
        assertThat(result.failures()).extracting(CheckResult::check).containsExactly(Check.CHAIN, Check.PUBLISHER);
        assertThat(reason(result, Check.PUBLISHER)).isEqualTo(ReasonCode.UNTRUSTED_PUBLISHER);
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

    /** An imported certificate of the other PKI, its root imported with it, bound to {@code arns}. */
    static ImportedAnchor anchor(SigningKey imported, String... arns) {
        return new ImportedAnchor(
                ImportedAnchor.fingerprint(imported.certificate()), Set.of(arns), List.of(other.root()));
    }

    @Test
    void anImportedCertificateSignsForItsBoundVersionsOnly() {
        // an imported chain under another root, whose leaf names a profile version it is not bound to
        SigningKey imported = other.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), OTHER_VERSION);
        Verifier.Builder builder = full(emptyList(), CHECKED).importedCertificates(List.of(anchor(imported, VERSION)));
        SignatureEvidence signed = evidence(imported, Optional.of(NOW));

        VerificationResult bound =
                judge(builder.allowedPublishers(List.of(VERSION)).build(), signed);
        assertThat(bound.valid()).as(bound.failures().toString()).isTrue();
        assertThat(bound.signature().orElseThrow().profileVersionArns()).containsExactly(VERSION);
        assertThat(message(bound, Check.CHAIN))
                .startsWith("the imported certificate chains to a root imported with it");

        VerificationResult claimsOnly =
                judge(builder.allowedPublishers(List.of(OTHER_VERSION)).build(), signed);
        assertThat(reason(claimsOnly, Check.CHAIN)).isEqualTo(ReasonCode.OK);
        assertThat(reason(claimsOnly, Check.PUBLISHER)).isEqualTo(ReasonCode.UNTRUSTED_PUBLISHER);

        VerificationResult revoked = judge(
                builder.allowedPublishers(List.of(PROFILE))
                        .revocationList(list(List.of(), List.of(revoked(VERSION, NOW.minus(Duration.ofHours(1))))))
                        .build(),
                signed);
        assertThat(reason(revoked, Check.REVOCATION)).isEqualTo(ReasonCode.PROFILE_REVOKED);
    }

    @Test
    void anImportedRootIsTrustedForItsImportedCertificateAlone() {
        SigningKey imported = other.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), "urn:x:a");
        // another leaf of the same imported root: one naming the allowed Signet profile version, one naming nothing
        SigningKey spoof = other.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), VERSION);
        SigningKey sibling = other.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), "urn:x:b");
        Verifier verifier = full(emptyList(), CHECKED)
                .allowedPublishers(List.of(VERSION, OTHER_VERSION))
                .importedCertificates(List.of(anchor(imported, OTHER_VERSION)))
                .build();

        for (SigningKey stranger : List.of(spoof, sibling)) {
            VerificationResult result = judge(verifier, evidence(stranger, Optional.of(NOW)));
            assertThat(reason(result, Check.CHAIN)).isEqualTo(ReasonCode.UNTRUSTED_CHAIN);
            assertThat(message(result, Check.CHAIN))
                    .contains("a root imported with another certificate")
                    .contains("trusted for the certificate imported with it alone");
            assertThat(reason(result, Check.PUBLISHER)).isEqualTo(ReasonCode.UNTRUSTED_PUBLISHER);
            assertThat(result.signature().orElseThrow().profileVersionArns()).isEmpty();
        }

        VerificationResult own = judge(verifier, evidence(imported, Optional.of(NOW)));
        assertThat(own.valid()).as(own.failures().toString()).isTrue();
        assertThat(own.signature().orElseThrow().profileVersionArns()).containsExactly(OTHER_VERSION);
    }

    @Test
    void aTimestampAuthorityUnderAnImportedRootIsNotTrusted() {
        SigningKey imported = other.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), "urn:x:a");
        SignatureEvidence signed =
                evidence().withTimestamp(new TimestampEvidence(NOW.plus(Duration.ofMinutes(1)), untrustedTsaChain));
        VerificationResult result = judge(
                full(emptyList(), CHECKED)
                        .importedCertificates(List.of(anchor(imported, OTHER_VERSION)))
                        .build(),
                signed);
        assertThat(reason(result, Check.TIMESTAMP)).isEqualTo(ReasonCode.UNTRUSTED_TIMESTAMP);
    }

    @Test
    void aCertificateUnderAnOperatorTrustedRootIsNotBelievedForTheArnItNames() {
        // a leaf under a second root the verifier's operator trusts, naming an allowed Signet profile version
        SigningKey spoof = other.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), VERSION);
        SignatureEvidence signed = evidence(spoof, Optional.of(NOW));

        VerificationResult spoofed = judge(
                full(emptyList(), CHECKED)
                        .trustedRoots(List.of(pki.root(), other.root()))
                        .allowedPublishers(List.of(VERSION))
                        .build(),
                signed);
        assertThat(reason(spoofed, Check.CHAIN)).isEqualTo(ReasonCode.OK);
        assertThat(reason(spoofed, Check.PUBLISHER))
                .as(message(spoofed, Check.PUBLISHER))
                .isEqualTo(ReasonCode.UNTRUSTED_PUBLISHER);
        assertThat(spoofed.signature().orElseThrow().profileVersionArns()).isEmpty();

        // nor can a revoked profile version be escaped or imposed through it: it signs for nothing
        VerificationResult revocation = judge(
                full(emptyList(), CHECKED)
                        .trustedRoots(List.of(pki.root(), other.root()))
                        .revocationList(list(List.of(), List.of(revoked(VERSION, NOW.minus(Duration.ofHours(1))))))
                        .build(),
                signed);
        assertThat(reason(revocation, Check.REVOCATION)).isEqualTo(ReasonCode.OK);
    }

    @Test
    void theSignetRootIsTheFirstTrustedRootUnlessNamed() {
        SignatureEvidence signetSigned = evidence();
        // roots in the other order: the first (the imported CA) would be taken as the Signet root
        VerificationResult wrongDefault = judge(
                full(emptyList(), CHECKED)
                        .trustedRoots(List.of(other.root(), pki.root()))
                        .allowedPublishers(List.of(VERSION))
                        .build(),
                signetSigned);
        assertThat(reason(wrongDefault, Check.PUBLISHER)).isEqualTo(ReasonCode.UNTRUSTED_PUBLISHER);

        VerificationResult named = judge(
                full(emptyList(), CHECKED)
                        .trustedRoots(List.of(other.root(), pki.root()))
                        .signetRoot(pki.root())
                        .allowedPublishers(List.of(VERSION))
                        .build(),
                signetSigned);
        assertThat(named.valid()).as(named.failures().toString()).isTrue();
        assertThat(named.signature().orElseThrow().profileVersionArns()).containsExactly(VERSION);
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
