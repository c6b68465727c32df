package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.format.cms.CmsDetachedFormat;
import dev.signet.core.format.notation.NotationJwsFormat;
import dev.signet.core.revocation.ImportedAnchor;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.RevokedProfileVersion;
import dev.signet.core.revocation.RevokedSignature;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.core.testing.TestPki;
import dev.signet.core.tsa.Timestamper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gate over real signatures: cms-detached over a SignPayload-style digest subject and
 * notation-jws over its payload, made with a real CA and real time-stamp authorities; the
 * signature ids come from each format's own self-check at signing time.
 */
class DeployGateTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Instant CHECKED = NOW.plus(Duration.ofHours(2));
    static final Instant EXPIRES = NOW.plus(Duration.ofDays(7));
    static final String PROFILE = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/demo";
    static final String VERSION = TestPki.ARN;
    static final String PAYLOAD = "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"digest\":\"sha256:" + "cd".repeat(32) + "\",\"size\":528}}";

    @TempDir
    static Path dir;

    static TestPki pki;
    static TestPki other;
    static SigningKey p256;
    static SigningKey p384;

    /** The two formats, each with how to make its subject and what changing one byte of it gives. */
    enum Kind {
        CMS(new CmsDetachedFormat(), KeyAlgorithm.ECDSA_P256),
        NOTATION(new NotationJwsFormat(), KeyAlgorithm.ECDSA_P384);

        final SignatureFormat format;
        final KeyAlgorithm algorithm;

        Kind(SignatureFormat format, KeyAlgorithm algorithm) {
            this.format = format;
            this.algorithm = algorithm;
        }

        Subject subject() {
            return this == CMS ? digest((byte) 0x42) : payload(PAYLOAD);
        }

        Subject changed() {
            return this == CMS ? digest((byte) 0x43) : payload(PAYLOAD.replace("\"size\":528", "\"size\":529"));
        }

        private static Subject digest(byte last) {
            byte[] value = new byte[32];
            java.util.Arrays.fill(value, (byte) 0x42);
            value[31] = last;
            return new Subject.Digest(HashAlgorithm.SHA256, value);
        }

        private static Subject payload(String json) {
            return new Subject.Payload(
                    "application/vnd.cncf.notary.payload.v1+json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    record Signed(Kind kind, byte[] signature, SignatureEvidence selfCheck) {
        String id() {
            return selfCheck.signatureId().orElseThrow(() -> new AssertionError("the format named no signature value"));
        }
    }

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir.resolve("pki"));
        other = new TestPki(dir.resolve("other"));
        p256 = pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        p384 = pki.signingKey(KeyAlgorithm.ECDSA_P384, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    }

    static Signed sign(Kind kind, SigningKey key, Instant signingTime, Optional<Timestamper> tsa) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SignatureEvidence self = kind.format.sign(
                    new SignRequest(
                            kind.subject(),
                            key,
                            new SignatureMetadata(signingTime, EXPIRES, VERSION, Optional.empty()),
                            tsa),
                    out);
            return new Signed(kind, out.toByteArray(), self);
        } catch (FormatException e) {
            throw new AssertionError(e);
        }
    }

    static Signed sign(Kind kind) {
        return sign(kind, kind == Kind.CMS ? p256 : p384, NOW, Optional.of(pki.tsa()));
    }

    static RevocationList list(List<RevokedSignature> signatures, List<RevokedProfileVersion> versions) {
        return new RevocationList(NOW, NOW.plus(Duration.ofDays(7)), signatures, versions);
    }

    static DeployGate.Builder gate(UntrustedArtifactAction action, RevocationList list, Instant now) {
        return DeployGate.builder()
                .policy(new CodeSigningPolicy(List.of(PROFILE), action))
                .trustedRoots(List.of(pki.root()))
                .revocationList(list)
                .clock(Clock.fixed(now, ZoneOffset.UTC));
    }

    static Decision decide(DeployGate gate, Signed signed) {
        return gate.decide(signed.kind.subject(), signed.signature);
    }

    static Decision enforce(RevocationList list, Signed signed) {
        return decide(gate(UntrustedArtifactAction.ENFORCE, list, CHECKED).build(), signed);
    }

    static void assertBlockedBy(Decision decision, Check check, ReasonCode reason) {
        assertThat(decision.allowed()).as(decision.result().checks().toString()).isFalse();
        assertThat(decision.blocking())
                .extracting(CheckResult::check, CheckResult::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(check, reason));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aGoodSignatureIsAllowedUnderEnforceAndNamesItsSignature(Kind kind) {
        Signed signed = sign(kind);
        Decision decision = enforce(list(List.of(), List.of()), signed);
        assertThat(decision.allowed()).as(decision.result().checks().toString()).isTrue();
        assertThat(decision.warnings()).isEmpty();
        SignatureSummary summary = decision.result().signature().orElseThrow();
        assertThat(summary.signatureId()).contains(signed.id());
        assertThat(summary.profileVersionArns()).containsExactly(VERSION);
        assertThat(summary.timestamped()).isTrue();
        assertThat(decision.result().evidence().orElseThrow().formatId()).isEqualTo(kind.format.id());
        assertThat(decision.revocationList()).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oneChangedByteBlocksEvenUnderWarn(Kind kind) {
        Signed signed = sign(kind);
        Decision decision = gate(UntrustedArtifactAction.WARN, list(List.of(), List.of()), CHECKED)
                .build()
                .decide(kind.changed(), signed.signature);
        assertBlockedBy(decision, Check.INTEGRITY, ReasonCode.INTEGRITY);
        assertThat(decision.warnings()).isEmpty();
        assertThat(decision.result().checks().subList(1, 6))
                .allSatisfy(c -> assertThat(c.message()).startsWith("not checked"));
    }

    @ParameterizedTest
    @EnumSource(UntrustedArtifactAction.class)
    void unsignedBlocksOnlyUnderEnforce(UntrustedArtifactAction action) {
        Decision decision =
                gate(action, list(List.of(), List.of()), CHECKED).build().decide(Kind.CMS.subject(), new byte[0]);
        assertThat(decision.allowed()).isEqualTo(action == UntrustedArtifactAction.WARN);
        List<CheckResult> classified =
                action == UntrustedArtifactAction.WARN ? decision.warnings() : decision.blocking();
        assertThat(classified).extracting(CheckResult::reason).containsExactly(ReasonCode.UNSIGNED);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRevokedSignatureBlocksUnderEnforceAndWarnsUnderWarn(Kind kind) {
        Signed signed = sign(kind);
        RevocationList revoked = list(List.of(new RevokedSignature(signed.id(), "arn:job", NOW)), List.of());
        assertBlockedBy(enforce(revoked, signed), Check.REVOCATION, ReasonCode.SIGNATURE_REVOKED);
        Decision warn =
                decide(gate(UntrustedArtifactAction.WARN, revoked, CHECKED).build(), signed);
        assertThat(warn.allowed()).isTrue();
        assertThat(warn.warnings()).extracting(CheckResult::reason).containsExactly(ReasonCode.SIGNATURE_REVOKED);
        // another signature by the same signer is not revoked
        assertThat(enforce(revoked, sign(kind)).allowed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aProfileRevokedBeforeTheTrustedSigningTimeBlocksAndAfterItDoesNot(Kind kind) {
        SigningKey key = kind == Kind.CMS ? p256 : p384;
        // claims to be signed 20 minutes ago (within the CA's validity); the TSA's token says now
        Instant claimed = NOW.minus(Duration.ofMinutes(20));
        Signed timestamped = sign(kind, key, claimed, Optional.of(pki.tsa()));
        Signed untimestamped = sign(kind, key, claimed, Optional.empty());
        RevocationList tenMinutesAgo =
                list(List.of(), List.of(new RevokedProfileVersion(VERSION, NOW.minus(Duration.ofMinutes(10)), NOW)));
        assertBlockedBy(enforce(tenMinutesAgo, timestamped), Check.REVOCATION, ReasonCode.PROFILE_REVOKED);
        Decision untimestampedDecision = enforce(tenMinutesAgo, untimestamped);
        assertThat(untimestampedDecision.allowed())
                .as(untimestampedDecision.result().checks().toString())
                .isTrue();
        RevocationList inAnHour =
                list(List.of(), List.of(new RevokedProfileVersion(VERSION, NOW.plus(Duration.ofHours(1)), NOW)));
        assertThat(enforce(inAnHour, timestamped).allowed()).isTrue();
        RevocationList beforeBoth =
                list(List.of(), List.of(new RevokedProfileVersion(VERSION, NOW.minus(Duration.ofMinutes(25)), NOW)));
        assertBlockedBy(enforce(beforeBoth, untimestamped), Check.REVOCATION, ReasonCode.PROFILE_REVOKED);
        assertBlockedBy(enforce(beforeBoth, timestamped), Check.REVOCATION, ReasonCode.PROFILE_REVOKED);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPublisherNotInThePolicyIsUntrusted(Kind kind) {
        Signed signed = sign(kind);
        DeployGate gate = gate(UntrustedArtifactAction.ENFORCE, list(List.of(), List.of()), CHECKED)
                .policy(new CodeSigningPolicy(List.of(PROFILE + "other"), UntrustedArtifactAction.ENFORCE))
                .build();
        assertBlockedBy(decide(gate, signed), Check.PUBLISHER, ReasonCode.UNTRUSTED_PUBLISHER);
        DeployGate byVersion = gate(UntrustedArtifactAction.ENFORCE, list(List.of(), List.of()), CHECKED)
                .policy(new CodeSigningPolicy(List.of(VERSION), UntrustedArtifactAction.ENFORCE))
                .build();
        assertThat(decide(byVersion, signed).allowed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anotherRootIsAnUntrustedChain(Kind kind) {
        Signed signed = sign(kind);
        DeployGate gate = gate(UntrustedArtifactAction.ENFORCE, list(List.of(), List.of()), CHECKED)
                .trustedRoots(List.of(other.root()))
                .build();
        Decision decision = decide(gate, signed);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.blocking()).extracting(CheckResult::reason).contains(ReasonCode.UNTRUSTED_CHAIN);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTokenFromAnUntrustedAuthorityBlocksUnderEnforce(Kind kind) {
        Signed signed = sign(kind, kind == Kind.CMS ? p256 : p384, NOW, Optional.of(other.tsa()));
        assertBlockedBy(enforce(list(List.of(), List.of()), signed), Check.TIMESTAMP, ReasonCode.UNTRUSTED_TIMESTAMP);
    }

    @Test
    void aCarriedExpiryEndsTheSignatureBeforeItsCertificateDoes() {
        // Notation carries io.cncf.notary.expiry (EXPIRES, a week); the certificate lasts 30 days;
        // cms-detached carries no expiry, so its certificate's end is its expiry
        Instant afterExpiry = EXPIRES.plus(Duration.ofDays(1));
        RevocationList fresh = new RevocationList(NOW, afterExpiry.plus(Duration.ofDays(1)), List.of(), List.of());
        DeployGate gate =
                gate(UntrustedArtifactAction.ENFORCE, fresh, afterExpiry).build();
        assertBlockedBy(decide(gate, sign(Kind.NOTATION)), Check.EXPIRY, ReasonCode.EXPIRED);
        assertThat(decide(gate, sign(Kind.CMS)).allowed()).isTrue();
        Instant afterCertificate = NOW.plus(Duration.ofDays(31));
        DeployGate later = gate(
                        UntrustedArtifactAction.ENFORCE,
                        new RevocationList(NOW, afterCertificate.plus(Duration.ofDays(1)), List.of(), List.of()),
                        afterCertificate)
                .build();
        assertBlockedBy(decide(later, sign(Kind.CMS)), Check.EXPIRY, ReasonCode.EXPIRED);
    }

    @Test
    void aStaleListBlocksUnderEnforceAndWarnsUnderWarn() {
        Signed signed = sign(Kind.CMS);
        RevocationList stale = list(List.of(), List.of());
        Instant late = stale.nextUpdate().plusSeconds(1);
        assertBlockedBy(
                decide(gate(UntrustedArtifactAction.ENFORCE, stale, late).build(), signed),
                Check.REVOCATION,
                ReasonCode.REVOCATION_STALE);
        Decision warn = decide(gate(UntrustedArtifactAction.WARN, stale, late).build(), signed);
        assertThat(warn.allowed()).isTrue();
        assertThat(warn.warnings()).extracting(CheckResult::reason).containsExactly(ReasonCode.REVOCATION_STALE);
    }

    @Test
    void aGateFromATrustBundleTrustsItsRootsImportedCertificatesAndList() {
        Signed signed = sign(Kind.CMS);
        // an imported certificate under another root, bound to the allowed profile version
        SigningKey imported = other.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), "urn:imported");
        Signed byImported = sign(Kind.CMS, imported, NOW, Optional.of(pki.tsa()));
        // another leaf of that root, naming the allowed profile version itself
        SigningKey sibling = other.signingKey(
                KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), VERSION);
        Signed bySibling = sign(Kind.CMS, sibling, NOW, Optional.of(pki.tsa()));
        RevocationList revoked = list(List.of(new RevokedSignature(signed.id(), "arn:job", NOW)), List.of());
        ImportedAnchor anchor = new ImportedAnchor(
                ImportedAnchor.fingerprint(imported.certificate()), Set.of(VERSION), List.of(other.root()));
        TrustBundle bundle =
                new TrustBundle(List.of(pki.root()), pki.tsa().chain(), revoked, new byte[0], List.of(anchor), NOW);
        CodeSigningPolicy policy = new CodeSigningPolicy(List.of(PROFILE), UntrustedArtifactAction.ENFORCE);
        DeployGate gate = DeployGate.fromTrustBundle(bundle, policy, Clock.fixed(CHECKED, ZoneOffset.UTC));
        assertThat(gate.policy()).isEqualTo(policy);
        assertBlockedBy(decide(gate, signed), Check.REVOCATION, ReasonCode.SIGNATURE_REVOKED);
        Decision importedDecision = decide(gate, byImported);
        assertThat(importedDecision.allowed())
                .as(importedDecision.result().checks().toString())
                .isTrue();
        assertThat(importedDecision.result().signature().orElseThrow().profileVersionArns())
                .containsExactly(VERSION);
        Decision siblingDecision = decide(gate, bySibling);
        assertThat(siblingDecision.blocking())
                .extracting(CheckResult::reason)
                .containsExactly(ReasonCode.UNTRUSTED_CHAIN, ReasonCode.UNTRUSTED_PUBLISHER);
        DeployGate unbound = gate(UntrustedArtifactAction.ENFORCE, revoked, CHECKED)
                .trustedRoots(List.of(pki.root(), other.root()))
                .build();
        assertBlockedBy(decide(unbound, byImported), Check.PUBLISHER, ReasonCode.UNTRUSTED_PUBLISHER);
    }

    @Test
    void aGateFromASignedAndParsedTrustBundleDecidesAsTheBuilderDoes() throws Exception {
        Signed signed = sign(Kind.NOTATION);
        Signed revokedOne = sign(Kind.CMS);
        RevocationList list = list(List.of(new RevokedSignature(revokedOne.id(), "arn:job", NOW)), List.of());
        byte[] signedList = dev.signet.core.revocation.SignedRevocationList.sign(
                list, pki.ca().issuingKey());
        byte[] file = new TrustBundle(List.of(pki.root()), pki.tsa().chain(), list, signedList, List.of(), NOW)
                .encode(pki.ca().issuingKey());
        DeployGate offline = DeployGate.fromTrustBundle(
                TrustBundle.parse(file),
                new CodeSigningPolicy(List.of(PROFILE), UntrustedArtifactAction.ENFORCE),
                Clock.fixed(CHECKED, ZoneOffset.UTC));
        DeployGate online = gate(UntrustedArtifactAction.ENFORCE, list, CHECKED).build();
        for (Signed s : List.of(signed, revokedOne)) {
            assertThat(DecisionJson.render(decide(offline, s), Optional.empty()))
                    .isEqualTo(DecisionJson.render(decide(online, s), Optional.empty()));
        }
        assertThat(decide(offline, signed).allowed()).isTrue();
        assertBlockedBy(decide(offline, revokedOne), Check.REVOCATION, ReasonCode.SIGNATURE_REVOKED);
    }

    @Test
    void theFormatCanBeGivenRatherThanDetected() {
        Signed signed = sign(Kind.NOTATION);
        DeployGate gate = gate(UntrustedArtifactAction.ENFORCE, list(List.of(), List.of()), CHECKED)
                .build();
        assertThat(gate.decide(Kind.NOTATION.format, Kind.NOTATION.subject(), signed.signature)
                        .allowed())
                .isTrue();
        assertThat(gate.decide(Kind.CMS.format, Kind.NOTATION.subject(), signed.signature)
                        .blocking())
                .extracting(CheckResult::reason)
                .containsExactly(ReasonCode.MALFORMED);
    }

    static Stream<DeployGate.Builder> incompleteBuilders() {
        RevocationList l = list(List.of(), List.of());
        CodeSigningPolicy p = new CodeSigningPolicy(List.of(PROFILE), UntrustedArtifactAction.WARN);
        return Stream.of(
                DeployGate.builder().trustedRoots(List.of()).revocationList(l),
                DeployGate.builder().policy(p).revocationList(l),
                DeployGate.builder().policy(p).trustedRoots(List.of()));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("incompleteBuilders")
    void aGateNeedsPolicyRootsAndList(DeployGate.Builder builder) {
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a deploy gate needs a policy, trusted roots and a revocation list");
    }

    @Test
    void oneGateDecidesForManyThreads() throws Exception {
        Signed cms = sign(Kind.CMS);
        Signed notation = sign(Kind.NOTATION);
        DeployGate gate = gate(UntrustedArtifactAction.ENFORCE, list(List.of(), List.of()), CHECKED)
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Signed s = i % 2 == 0 ? cms : notation;
                futures.add(pool.submit(() -> decide(gate, s).allowed()));
            }
            for (Future<Boolean> f : futures) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
