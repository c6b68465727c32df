package dev.signet.core.format.notation;

import static dev.signet.core.format.notation.Envelopes.crit;
import static dev.signet.core.format.notation.Envelopes.drop;
import static dev.signet.core.format.notation.Envelopes.protectedHeader;
import static dev.signet.core.format.notation.Envelopes.resign;
import static dev.signet.core.format.notation.Envelopes.uncrit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.testing.TestPki;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The envelope styles a profile picks with {@code signet:envelope}, and the header shapes the
 * verifier accepts: every shape Signet has issued (the first one without the plugin header, the
 * plugin one, the portable one), and nothing else.
 */
class NotationEnvelopeStylesTest {
    static final String PLUGIN = "io.cncf.notary.verificationPlugin";
    static final String PROFILE = "com.amazonaws.signer.signingProfileVersion";
    static final String JOB_HEADER = "com.amazonaws.signer.signingJob";
    static final String JOB = NotationJwsFormatTest.JOB;

    @TempDir
    static Path dir;

    static TestPki pki;
    static SigningKey key;
    static Instant signedAt;

    @BeforeAll
    static void keys() {
        pki = new TestPki(dir);
        Instant now = Instant.now();
        key = pki.signingKey(KeyAlgorithm.ECDSA_P384, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        signedAt = now.truncatedTo(ChronoUnit.SECONDS);
    }

    static byte[] sign(Map<String, String> parameters, Optional<String> job) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NotationJwsFormat()
                .sign(
                        new SignRequest(
                                NotationJwsFormatTest.subject(),
                                key,
                                new SignatureMetadata(signedAt, signedAt.plus(Duration.ofDays(7)), TestPki.ARN, job)
                                        .withSigningParameters(parameters)),
                        out);
        return out.toByteArray();
    }

    static List<ReasonCode> reasons(byte[] envelope) {
        return Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .build()
                .verify(NotationJwsFormatTest.subject(), envelope)
                .checks()
                .stream()
                .map(CheckResult::reason)
                .toList();
    }

    @Test
    void thePluginStyleIsTheDefaultAndCanBeNamed() throws Exception {
        for (Map<String, String> parameters : List.of(Map.<String, String>of(), Map.of("signet:envelope", "plugin"))) {
            byte[] envelope = sign(parameters, Optional.of(JOB));
            ObjectNode h = protectedHeader(envelope);
            assertThat(h.get(PLUGIN).textValue()).isEqualTo("com.amazonaws.signer.notation.plugin");
            assertThat(crit(h)).contains(PLUGIN, PROFILE, JOB_HEADER);
            assertThat(NotationJwsFormat.describe(envelope).verificationPlugin())
                    .contains("com.amazonaws.signer.notation.plugin");
            assertThat(reasons(envelope)).containsOnly(ReasonCode.OK);
        }
    }

    @Test
    void thePortableStyleHasOnlyStandardCriticalHeadersAndKeepsTheArnsAsInformation() throws Exception {
        byte[] envelope = sign(Map.of("signet:envelope", "portable", "team", "payments"), Optional.of(JOB));
        ObjectNode h = protectedHeader(envelope);
        assertThat(h.fieldNames())
                .toIterable()
                .containsExactly(
                        "alg",
                        "cty",
                        "crit",
                        "io.cncf.notary.signingScheme",
                        "io.cncf.notary.authenticSigningTime",
                        "io.cncf.notary.expiry",
                        PROFILE,
                        JOB_HEADER);
        assertThat(crit(h))
                .containsExactly(
                        "io.cncf.notary.signingScheme", "io.cncf.notary.authenticSigningTime", "io.cncf.notary.expiry");
        NotationJwsFormat.EnvelopeInfo info = NotationJwsFormat.describe(envelope);
        assertThat(info.verificationPlugin()).isEmpty();
        assertThat(info.profileVersionArn()).contains(TestPki.ARN);
        assertThat(info.jobArn()).contains(JOB);
        assertThat(reasons(envelope)).containsOnly(ReasonCode.OK);
    }

    @Test
    void withoutAJobArnNoPluginIsNamedForNothingCouldAnswerItsRevocationCheck() throws Exception {
        byte[] envelope = sign(Map.of(), Optional.empty());
        ObjectNode h = protectedHeader(envelope);
        assertThat(h.has(PLUGIN)).isFalse();
        assertThat(h.has(JOB_HEADER)).isFalse();
        assertThat(crit(h)).doesNotContain(PROFILE);
        assertThat(reasons(envelope)).containsOnly(ReasonCode.OK);
    }

    static Stream<Map<String, String>> acceptedParameters() {
        return Stream.of(
                Map.of(),
                Map.of("signet:envelope", "plugin"),
                Map.of("signet:envelope", "portable"),
                Map.of("team", "payments", "aws:anything", "goes"));
    }

    @ParameterizedTest
    @MethodSource("acceptedParameters")
    void theseSigningParametersAreAccepted(Map<String, String> parameters) {
        assertThatCode(() -> new NotationJwsFormat().checkSigningParameters(parameters))
                .doesNotThrowAnyException();
    }

    static Stream<Arguments> refusedParameters() {
        return Stream.of(
                Arguments.of(Map.of("signet:envelope", "PORTABLE"), "must be plugin or portable, not PORTABLE"),
                Arguments.of(Map.of("signet:envelope", ""), "must be plugin or portable, not "),
                Arguments.of(Map.of("signet:envelope", "bare\nline"), "not bare?line"),
                Arguments.of(
                        Map.of("signet:timestamp", "off"), "signet:timestamp is not one that format notation-jws"));
    }

    @ParameterizedTest
    @MethodSource("refusedParameters")
    void otherSignetParametersAreRefusedBeforeAnythingIsSigned(Map<String, String> parameters, String message) {
        assertThatThrownBy(() -> new NotationJwsFormat().checkSigningParameters(parameters))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> sign(parameters, Optional.of(JOB)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(message);
    }

    @Test
    void otherFormatsTakeNoSignetParameter() {
        var cms = SignatureFormats.forPlatform("Signet-CMS-SHA256-ECDSA").orElseThrow();
        assertThatThrownBy(() -> cms.checkSigningParameters(Map.of("signet:envelope", "portable")))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("signet:envelope is not one that format cms-detached takes");
        assertThatCode(() -> cms.checkSigningParameters(Map.of("team", "payments")))
                .doesNotThrowAnyException();
    }

    static Stream<Arguments> issuedShapes() {
        return Stream.of(
                Arguments.of("plugin (AWS Signer's shape)", (Consumer<ObjectNode>) h -> {}),
                Arguments.of("first shape: critical ARNs, no plugin", (Consumer<ObjectNode>) h -> drop(h, PLUGIN)),
                Arguments.of("portable", (Consumer<ObjectNode>) h -> {
                    drop(h, PLUGIN);
                    uncrit(h, PROFILE);
                    uncrit(h, JOB_HEADER);
                }),
                Arguments.of("portable without ARNs", (Consumer<ObjectNode>) h -> {
                    drop(h, PLUGIN);
                    drop(h, PROFILE);
                    drop(h, JOB_HEADER);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("issuedShapes")
    void everyShapeSignetHasIssuedVerifies(String shape, Consumer<ObjectNode> edit) throws Exception {
        byte[] envelope = resign(sign(Map.of(), Optional.of(JOB)), key, edit);
        assertThat(reasons(envelope)).containsOnly(ReasonCode.OK);
    }

    static Stream<Arguments> refusedShapes() {
        return Stream.of(
                Arguments.of(
                        "plugin not critical", (Consumer<ObjectNode>) h -> uncrit(h, PLUGIN), "leaves out [" + PLUGIN),
                Arguments.of(
                        "another plugin",
                        (Consumer<ObjectNode>) h -> h.put(PLUGIN, "com.example.plugin"),
                        "verification plugin com.example.plugin, whose checks Signet cannot perform"),
                Arguments.of(
                        "an empty plugin name",
                        (Consumer<ObjectNode>) h -> h.put(PLUGIN, ""),
                        PLUGIN + " must be a non-empty string"),
                Arguments.of(
                        "a minimum plugin version",
                        (Consumer<ObjectNode>) h -> {
                            h.put("io.cncf.notary.verificationPluginMinVersion", "1.0.0");
                            h.withArray("crit").add("io.cncf.notary.verificationPluginMinVersion");
                        },
                        "verificationPluginMinVersion is not supported"),
                Arguments.of(
                        "the plugin with non-critical ARNs",
                        (Consumer<ObjectNode>) h -> {
                            uncrit(h, PROFILE);
                            uncrit(h, JOB_HEADER);
                        },
                        "needs critical"),
                Arguments.of(
                        "the plugin without the job ARN",
                        (Consumer<ObjectNode>) h -> drop(h, JOB_HEADER),
                        "needs critical"),
                Arguments.of(
                        "one ARN critical, the other not",
                        (Consumer<ObjectNode>) h -> {
                            drop(h, PLUGIN);
                            uncrit(h, JOB_HEADER);
                        },
                        "both ARN headers or neither"),
                Arguments.of(
                        "crit naming an absent header",
                        (Consumer<ObjectNode>) h -> h.remove(JOB_HEADER),
                        "crit names " + JOB_HEADER + ", which is not present"),
                Arguments.of(
                        "an unknown critical header",
                        (Consumer<ObjectNode>) h -> {
                            h.put("com.example.policy", "strict");
                            h.withArray("crit").add("com.example.policy");
                        },
                        "unknown protected header com.example.policy"),
                Arguments.of(
                        "the plugin under the notary.x509 scheme",
                        (Consumer<ObjectNode>) h -> {
                            h.put("io.cncf.notary.signingScheme", "notary.x509");
                            h.set("io.cncf.notary.signingTime", h.remove("io.cncf.notary.authenticSigningTime"));
                            uncrit(h, "io.cncf.notary.authenticSigningTime");
                        },
                        "verifies only the notary.x509.signingAuthority scheme"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedShapes")
    void otherShapesAreMalformed(String shape, Consumer<ObjectNode> edit, String message) throws Exception {
        byte[] envelope = resign(sign(Map.of(), Optional.of(JOB)), key, edit);
        assertThatThrownBy(() -> new NotationJwsFormat().verify(NotationJwsFormatTest.subject(), envelope))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(message);
        assertThat(reasons(envelope)).first().isEqualTo(ReasonCode.MALFORMED);
    }
}
