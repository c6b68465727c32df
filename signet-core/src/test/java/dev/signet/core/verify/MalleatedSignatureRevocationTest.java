package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.Malleations;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.format.cms.CmsDetachedFormat;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.RevokedSignature;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revoked signature stays revoked when someone turns its ECDSA (r, s) into (r, n - s). */
class MalleatedSignatureRevocationTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    @Test
    void aRevokedSignatureInItsTwinEncodingIsStillRevoked() throws Exception {
        TestPki pki = new TestPki(dir.resolve("pki"));
        SigningKey key =
                pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        Subject subject =
                new Subject.File(Files.write(dir.resolve("app.bin"), "artifact".getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence self = new CmsDetachedFormat()
                .sign(
                        new SignRequest(
                                subject,
                                key,
                                new SignatureMetadata(
                                        NOW, NOW.plus(Duration.ofDays(7)), TestPki.ARN, Optional.empty())),
                        out);
        BigInteger n =
                ((ECPublicKey) key.certificate().getPublicKey()).getParams().getOrder();
        byte[] original = out.toByteArray();
        byte[] twin = Malleations.flipCms(original, n);
        assertThat(twin).isNotEqualTo(original);

        RevocationList list = new RevocationList(
                NOW,
                NOW.plus(Duration.ofDays(7)),
                List.of(new RevokedSignature(
                        self.signatureId().orElseThrow(),
                        "arn:aws:signer:us-east-1:123456789012:/signing-jobs/j1",
                        NOW)),
                List.of());
        DeployGate gate = DeployGate.builder()
                .policy(new CodeSigningPolicy(List.of(TestPki.ARN), UntrustedArtifactAction.ENFORCE))
                .trustedRoots(List.of(pki.root()))
                .revocationList(list)
                .clock(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC))
                .build();

        for (byte[] signature : List.of(original, twin)) {
            Decision decision = gate.decide(subject, signature);
            CheckResult revocation = decision.result().checks().stream()
                    .filter(r -> r.check() == Check.REVOCATION)
                    .findFirst()
                    .orElseThrow();
            assertThat(decision.result().checks().get(0).passed()).isTrue();
            assertThat(revocation.reason()).as(revocation.message()).isEqualTo(ReasonCode.SIGNATURE_REVOKED);
            assertThat(decision.allowed()).isFalse();
        }
    }
}
