package dev.signet.core.format.notation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.testing.AwsSignerPlugin;
import dev.signet.core.testing.AwsSignerPlugin.Response;
import dev.signet.core.testing.NotationPluginRequest;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin contract ({@code specs/plugin-extensibility.md}, "Verification workflow using plugin")
 * for Signet's envelopes: the {@code verify-signature} request Notation builds from each style, and
 * what the AWS Signer plugin does with it ({@link AwsSignerPlugin}, from its source). The rule the
 * whole issue is about: every critical attribute of an envelope is either a standard one or one the
 * plugin it names reports as processed; an envelope that names no plugin has no other critical
 * attribute ("unknown critical attributes MUST cause signature verification to fail").
 */
class AwsSignerPluginContractTest {
    static final String PROFILE_ARN = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/demo";
    static final String JOB = NotationJwsFormatTest.JOB;
    static final List<String> BOTH = List.of(AwsSignerPlugin.TRUSTED_IDENTITY, AwsSignerPlugin.REVOCATION_CHECK);
    /** The spec's standard attributes as JWS headers: Notation processes these itself. */
    static final Set<String> STANDARD = Set.of(
            "io.cncf.notary.signingScheme",
            "io.cncf.notary.signingTime",
            "io.cncf.notary.authenticSigningTime",
            "io.cncf.notary.expiry");

    @TempDir
    static Path dir;

    static SigningKey key;
    static Instant signedAt;

    @BeforeAll
    static void keys() {
        TestPki pki = new TestPki(dir);
        Instant now = Instant.now();
        key = pki.signingKey(KeyAlgorithm.ECDSA_P384, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        signedAt = now.truncatedTo(ChronoUnit.SECONDS);
    }

    static byte[] sign(Map<String, String> parameters) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NotationJwsFormat()
                .sign(
                        new SignRequest(
                                NotationJwsFormatTest.subject(),
                                key,
                                new SignatureMetadata(
                                                signedAt,
                                                signedAt.plus(Duration.ofDays(7)),
                                                TestPki.ARN,
                                                Optional.of(JOB))
                                        .withSigningParameters(parameters)),
                        out);
        return out.toByteArray();
    }

    /** The critical attributes Notation and the named plugin leave unprocessed: must be none. */
    static List<String> unprocessedCritical(NotationPluginRequest request, List<String> processedByPlugin) {
        List<String> left = new ArrayList<>();
        for (String name : request.critical()) {
            boolean pluginHeader = name.equals(NotationPluginRequest.VERIFICATION_PLUGIN)
                    || name.equals(NotationPluginRequest.VERIFICATION_PLUGIN_MIN_VERSION);
            if (!STANDARD.contains(name) && !pluginHeader && !processedByPlugin.contains(name)) {
                left.add(name);
            }
        }
        return left;
    }

    @Test
    void thePluginEnvelopeRoutesItsCriticalArnsToThePluginThatProcessesThem() throws Exception {
        NotationPluginRequest request = NotationPluginRequest.of(sign(Map.of()));

        assertThat(request.verificationPlugin()).contains(AwsSignerPlugin.NAME);
        assertThat(request.contentType()).isEqualTo(NotaryPayload.MEDIA_TYPE);
        assertThat(request.signingScheme()).isEqualTo("notary.x509.signingAuthority");
        assertThat(request.authenticSigningTime()).contains(signedAt);
        assertThat(request.extendedAttributes())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(AwsSignerPlugin.PROFILE_VERSION, TestPki.ARN, AwsSignerPlugin.JOB, JOB));
        assertThat(request.unprocessedAttributes())
                .containsExactlyInAnyOrder(AwsSignerPlugin.PROFILE_VERSION, AwsSignerPlugin.JOB);
        // all extended attributes critical: notation-go's request and the specification's agree
        assertThat(request.critical()).containsAll(request.extendedAttributes().keySet());
        assertThat(request.certificateChain()).hasSize(key.chain().size());
        for (int i = 0; i < key.chain().size(); i++) {
            assertThat(request.certificateChain().get(i))
                    .isEqualTo(key.chain().get(i).getEncoded());
        }

        Response response = AwsSignerPlugin.verify(request, List.of(PROFILE_ARN), BOTH, input -> List.of());

        // Notation's processPluginResponse: every attribute it passed must come back processed
        assertThat(response.processedAttributes()).containsAll(request.unprocessedAttributes());
        assertThat(unprocessedCritical(request, response.processedAttributes())).isEmpty();
        assertThat(response.verificationResults().keySet()).containsExactlyElementsOf(BOTH);
        assertThat(response.verificationResults().values())
                .allSatisfy(r -> assertThat(r.success()).as(r.reason()).isTrue());
    }

    @Test
    void thePortableEnvelopeNamesNoPluginAndHasNoNonStandardCriticalAttribute() throws Exception {
        NotationPluginRequest request = NotationPluginRequest.of(sign(Map.of("signet:envelope", "portable")));

        assertThat(request.verificationPlugin()).isEmpty();
        assertThat(unprocessedCritical(request, List.of())).isEmpty();
        assertThat(request.critical()).isEmpty();
        assertThat(request.extendedAttributes()).containsKeys(AwsSignerPlugin.PROFILE_VERSION, AwsSignerPlugin.JOB);
    }

    @Test
    void theFirstShapeHadCriticalArnsThatNoPluginWasNamedToProcess() throws Exception {
        byte[] first = Envelopes.resign(
                sign(Map.of()), key, h -> Envelopes.drop(h, NotationPluginRequest.VERIFICATION_PLUGIN));
        NotationPluginRequest request = NotationPluginRequest.of(first);

        assertThat(request.verificationPlugin()).isEmpty();
        assertThat(unprocessedCritical(request, List.of()))
                .containsExactlyInAnyOrder(AwsSignerPlugin.PROFILE_VERSION, AwsSignerPlugin.JOB);
    }

    @Test
    void theTrustedIdentityIsTheProfileOrTheProfileVersionArnAndNothingElse() throws Exception {
        NotationPluginRequest request = NotationPluginRequest.of(sign(Map.of()));
        List<String> ti = List.of(AwsSignerPlugin.TRUSTED_IDENTITY);

        for (String identity : List.of(PROFILE_ARN, TestPki.ARN, PROFILE_ARN.replace("demo", "DEMO"))) {
            assertThat(AwsSignerPlugin.verify(request, List.of("x509.subject: CN=other", identity), ti, null)
                            .verificationResults()
                            .get(AwsSignerPlugin.TRUSTED_IDENTITY)
                            .success())
                    .as(identity)
                    .isTrue();
        }
        for (String identity : List.of(
                "arn:aws:signer:us-east-1:000000000000:/signing-profiles/other",
                PROFILE_ARN + "x",
                JOB,
                TestPki.ARN + "/extra",
                PROFILE_ARN.toUpperCase(java.util.Locale.ROOT),
                "x509.subject: CN=demo, O=Signet Tests")) {
            assertThat(AwsSignerPlugin.verify(request, List.of(identity), ti, null)
                            .verificationResults()
                            .get(AwsSignerPlugin.TRUSTED_IDENTITY)
                            .reason())
                    .as(identity)
                    .isEqualTo("Signature publisher doesn't match any trusted identities.");
        }
        assertThatThrownBy(() -> AwsSignerPlugin.verify(request, List.of("*"), ti, null))
                .isInstanceOf(AwsSignerPlugin.PluginError.class)
                .hasMessageContaining("wildcard identity");
    }

    @Test
    void theRevocationCheckAsksWithTheEnvelopesArnsTimeAndChainHashes() throws Exception {
        NotationPluginRequest request = NotationPluginRequest.of(sign(Map.of()));
        List<AwsSignerPlugin.RevocationInput> asked = new ArrayList<>();

        AwsSignerPlugin.verify(request, List.of(PROFILE_ARN), List.of(AwsSignerPlugin.REVOCATION_CHECK), input -> {
            asked.add(input);
            return List.of();
        });

        assertThat(asked).hasSize(1);
        AwsSignerPlugin.RevocationInput input = asked.get(0);
        assertThat(input.platformId()).isEqualTo("Notation-OCI-SHA384-ECDSA");
        assertThat(input.profileVersionArn()).isEqualTo(TestPki.ARN);
        assertThat(input.jobArn()).isEqualTo(JOB);
        assertThat(input.signatureTimestamp()).isEqualTo(signedAt);
        List<String> own = new ArrayList<>();
        for (var c : key.chain()) {
            own.add(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-384").digest(c.getTBSCertificate())));
        }
        assertThat(input.certificateHashes())
                .containsExactly(own.get(0) + own.get(1), own.get(1) + own.get(2), own.get(2) + own.get(2));
        assertThat(input.certificateHashes()).allMatch(h -> h.matches("[0-9a-f]{192}"));
    }

    @Test
    void revokedEntitiesBecomeThePluginsReasons() {
        assertThat(AwsSignerPlugin.reason(List.of(JOB))).isEqualTo("Resource(s) " + JOB + " have been revoked.");
        assertThat(AwsSignerPlugin.reason(List.of(TestPki.ARN, "ab".repeat(96))))
                .isEqualTo("Resource(s) " + TestPki.ARN + " have been revoked.Certificate(s) have been revoked.");
    }

    @Test
    void thePluginRefusesWhatSignetNeverIssues() throws Exception {
        byte[] withoutJob = Envelopes.resign(sign(Map.of()), key, h -> Envelopes.drop(h, AwsSignerPlugin.JOB));
        NotationPluginRequest request = NotationPluginRequest.of(withoutJob);
        assertThatThrownBy(() -> AwsSignerPlugin.verify(request, List.of(PROFILE_ARN), BOTH, input -> List.of()))
                .isInstanceOf(AwsSignerPlugin.PluginError.class)
                .hasMessage("unable to parse attribute \"com.amazonaws.signer.signingJob\".");

        byte[] pluginNotCritical = Envelopes.resign(
                sign(Map.of()), key, h -> Envelopes.uncrit(h, NotationPluginRequest.VERIFICATION_PLUGIN));
        assertThatThrownBy(() -> NotationPluginRequest.of(pluginNotCritical))
                .isInstanceOf(NotationPluginRequest.Refused.class)
                .hasMessageContaining("is not a critical Extended attribute");
    }
}
