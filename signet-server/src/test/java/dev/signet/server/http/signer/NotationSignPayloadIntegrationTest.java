package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.format.Subject;
import dev.signet.core.format.notation.NotationJwsFormat;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.Verifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.signer.model.PutSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.SignPayloadResponse;
import software.amazon.awssdk.services.signer.model.ValidationException;

/** SignPayload on a Notation-OCI-SHA384-ECDSA profile through the AWS SDK against a real server. */
class NotationSignPayloadIntegrationTest {
    static final String NOTARY = "application/vnd.cncf.notary.payload.v1+json";
    static final String PAYLOAD = "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"digest\":\"sha256:" + "0123456789abcdef".repeat(4) + "\",\"size\":1234}}";

    @TempDir
    static Path dir;

    static SignerTestServer server;
    static PutSigningProfileResponse profile;

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
        profile =
                server.signer.putSigningProfile(b -> b.profileName("notation").platformId("Notation-OCI-SHA384-ECDSA"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void returnsAnEnvelopeThatVerifiesAgainstTheRoot() throws Exception {
        SignPayloadResponse signed = server.signer.signPayload(b -> b.profileName("notation")
                .payload(SdkBytes.fromUtf8String(PAYLOAD))
                .payloadFormat(NOTARY));
        byte[] envelope = signed.signature().asByteArray();
        Subject subject = new Subject.Payload(NOTARY, PAYLOAD.getBytes(StandardCharsets.UTF_8));
        var roots = Pem.decodeCertificates(Files.readString(server.rootPem()));
        assertThat(Verifier.builder()
                        .trustedRoots(roots)
                        .build()
                        .verify(subject, envelope)
                        .checks())
                .extracting(CheckResult::reason)
                .containsOnly(ReasonCode.OK);
        // signed with the built-in TSA: the token is found, and its time is the trusted signing time
        assertThat(new NotationJwsFormat().verify(subject, envelope).timestamp())
                .isPresent();
        assertThat(Verifier.builder()
                        .trustedRoots(roots)
                        .build()
                        .verify(subject, envelope)
                        .checks()
                        .get(2)
                        .message())
                .startsWith("time-stamped at");
        NotationJwsFormat.EnvelopeInfo info = NotationJwsFormat.describe(envelope);
        assertThat(info.profileVersionArn()).contains(profile.profileVersionArn());
        assertThat(info.jobArn()).get().asString().endsWith("/signing-jobs/" + signed.jobId());
        assertThat(info.chain().get(info.chain().size() - 1)).isEqualTo(roots.get(0));
        assertThat(server.signer
                        .describeSigningJob(b -> b.jobId(signed.jobId()))
                        .platformId())
                .isEqualTo("Notation-OCI-SHA384-ECDSA");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "[1]",
                "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:00\",\"size\":1}}",
                "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
                        + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\",\"size\":-5}}",
                "not json at all",
            })
    void nonOciPayloadJsonIsAValidationException(String payload) {
        assertThatThrownBy(() -> server.signer.signPayload(b -> b.profileName("notation")
                        .payload(SdkBytes.fromUtf8String(payload))
                        .payloadFormat(NOTARY)))
                .isInstanceOf(ValidationException.class)
                .satisfies(
                        e -> assertThat(((ValidationException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void theDigestPayloadFormatIsRefusedNamingTheNotaryOne() {
        assertThatThrownBy(() -> server.signer.signPayload(b -> b.profileName("notation")
                        .payload(SdkBytes.fromByteArray(new byte[48]))
                        .payloadFormat("application/vnd.signet.digest+sha384")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(NOTARY);
    }

    @Test
    void theDefaultProfileNamesTheAwsSignerPluginAndAPortableProfileDoesNot() throws Exception {
        SignPayloadResponse plugin = server.signer.signPayload(b -> b.profileName("notation")
                .payload(SdkBytes.fromUtf8String(PAYLOAD))
                .payloadFormat(NOTARY));
        assertThat(NotationJwsFormat.describe(plugin.signature().asByteArray()).verificationPlugin())
                .contains("com.amazonaws.signer.notation.plugin");

        server.signer.putSigningProfile(b -> b.profileName("portable")
                .platformId("Notation-OCI-SHA384-ECDSA")
                .signingParameters(java.util.Map.of("signet:envelope", "portable", "team", "payments")));
        SignPayloadResponse portable = server.signer.signPayload(b -> b.profileName("portable")
                .payload(SdkBytes.fromUtf8String(PAYLOAD))
                .payloadFormat(NOTARY));
        NotationJwsFormat.EnvelopeInfo info =
                NotationJwsFormat.describe(portable.signature().asByteArray());
        assertThat(info.verificationPlugin()).isEmpty();
        assertThat(info.jobArn()).get().asString().endsWith("/signing-jobs/" + portable.jobId());
        String header = new String(
                java.util.Base64.getUrlDecoder()
                        .decode(new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree(portable.signature().asByteArray())
                                .get("protected")
                                .textValue()),
                StandardCharsets.UTF_8);
        assertThat(header)
                .contains("\"crit\":[\"io.cncf.notary.signingScheme\",\"io.cncf.notary.authenticSigningTime\","
                        + "\"io.cncf.notary.expiry\"]");
        assertThat(server.signer
                        .getSigningProfile(b -> b.profileName("portable"))
                        .signingParameters())
                .containsEntry("signet:envelope", "portable");
    }

    @Test
    void signetSigningParametersAreCheckedByThePlatformsFormat() {
        assertThatThrownBy(() -> server.signer.putSigningProfile(b -> b.profileName("bad_style")
                        .platformId("Notation-OCI-SHA384-ECDSA")
                        .signingParameters(java.util.Map.of("signet:envelope", "bare"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "signingParameters: signing parameter signet:envelope must be plugin or portable");
        assertThatThrownBy(() -> server.signer.putSigningProfile(b -> b.profileName("cms_style")
                        .platformId("Signet-CMS-SHA256-ECDSA")
                        .signingParameters(java.util.Map.of("signet:envelope", "portable"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("signet:envelope is not one that format cms-detached takes");
        assertThatThrownBy(() -> server.signer.getSigningProfile(b -> b.profileName("bad_style")))
                .isInstanceOf(software.amazon.awssdk.services.signer.model.ResourceNotFoundException.class);
    }
}
