package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignatureEvidence;
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
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixtures for the engine's check tests: a real CA (and another, untrusted), a signer, trusted and
 * untrusted time-stamp authorities, and evidence built directly as a format would report it.
 */
abstract class CheckTestBase {
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
}
