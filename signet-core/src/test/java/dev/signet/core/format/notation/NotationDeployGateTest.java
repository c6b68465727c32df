package dev.signet.core.format.notation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.RevokedProfileVersion;
import dev.signet.core.revocation.RevokedSignature;
import dev.signet.core.testing.TestPki;
import dev.signet.core.verify.Check;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.core.verify.Decision;
import dev.signet.core.verify.DeployGate;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.UntrustedArtifactAction;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The deploy gate decides alike for every envelope shape Signet has issued: the first one (already
 * in registries, no plugin header), the plugin one and the portable one. The publisher comes from
 * the certificate, revocation from the signature id and the profile version, never from headers a
 * shape may leave out.
 */
class NotationDeployGateTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final String JOB = NotationJwsFormatTest.JOB;

    @TempDir
    static Path dir;

    static SigningKey key;
    static TestPki pki;

    /** The three shapes, each made from a fresh plugin-style signature. */
    enum Shape {
        FIRST(h -> Envelopes.drop(h, "io.cncf.notary.verificationPlugin")),
        PLUGIN(h -> {}),
        PORTABLE(h -> {
            Envelopes.drop(h, "io.cncf.notary.verificationPlugin");
            Envelopes.uncrit(h, "com.amazonaws.signer.signingProfileVersion");
            Envelopes.uncrit(h, "com.amazonaws.signer.signingJob");
        });

        final Consumer<ObjectNode> edit;

        Shape(Consumer<ObjectNode> edit) {
            this.edit = edit;
        }
    }

    @BeforeAll
    static void keys() {
        pki = new TestPki(dir);
        key = pki.signingKey(KeyAlgorithm.ECDSA_P384, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    }

    static byte[] envelope(Shape shape) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NotationJwsFormat()
                .sign(
                        new SignRequest(
                                NotationJwsFormatTest.subject(),
                                key,
                                new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(7)), TestPki.ARN, Optional.of(JOB))
                                        .withSigningParameters(Map.of())),
                        out);
        return shape == Shape.PLUGIN ? out.toByteArray() : Envelopes.resign(out.toByteArray(), key, shape.edit);
    }

    static Decision decide(byte[] envelope, List<String> publishers, RevocationList list) {
        return DeployGate.builder()
                .policy(new CodeSigningPolicy(publishers, UntrustedArtifactAction.ENFORCE))
                .trustedRoots(List.of(pki.root()))
                .revocationList(list)
                .clock(Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC))
                .build()
                .decide(NotationJwsFormatTest.subject(), envelope);
    }

    static RevocationList list(List<RevokedSignature> signatures, List<RevokedProfileVersion> versions) {
        return new RevocationList(NOW, NOW.plus(Duration.ofDays(7)), signatures, versions);
    }

    static List<ReasonCode> blocking(Decision decision) {
        return decision.blocking().stream().map(CheckResult::reason).toList();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void eachShapeIsGatedTheSameWay(Shape shape) throws Exception {
        byte[] envelope = envelope(shape);
        String id = new NotationJwsFormat()
                .verify(NotationJwsFormatTest.subject(), envelope)
                .signatureId()
                .orElseThrow();
        RevocationList none = list(List.of(), List.of());

        Decision good = decide(envelope, List.of(TestPki.ARN), none);
        assertThat(good.allowed()).as(good.result().checks().toString()).isTrue();
        assertThat(good.result().signature().orElseThrow().profileVersionArns()).containsExactly(TestPki.ARN);

        assertThat(blocking(decide(envelope, List.of(TestPki.ARN + "x"), none)))
                .containsExactly(ReasonCode.UNTRUSTED_PUBLISHER);
        assertThat(decide(envelope, List.of(TestPki.ARN), list(List.of(new RevokedSignature(id, JOB, NOW)), List.of()))
                        .blocking())
                .extracting(CheckResult::check)
                .containsExactly(Check.REVOCATION);
        RevokedProfileVersion before = new RevokedProfileVersion(TestPki.ARN, NOW.minusSeconds(1), NOW);
        RevokedProfileVersion after = new RevokedProfileVersion(TestPki.ARN, NOW.plusSeconds(1), NOW);
        assertThat(decide(envelope, List.of(TestPki.ARN), list(List.of(), List.of(before)))
                        .blocking())
                .extracting(CheckResult::check)
                .containsExactly(Check.REVOCATION);
        assertThat(decide(envelope, List.of(TestPki.ARN), list(List.of(), List.of(after)))
                        .allowed())
                .isTrue();
    }
}
