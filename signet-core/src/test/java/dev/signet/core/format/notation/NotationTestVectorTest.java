package dev.signet.core.format.notation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.ca.Pem;
import dev.signet.core.format.Subject;
import dev.signet.core.verify.CheckResult;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed notation-jws test vectors of docs/formats.md verify with the documented result: the
 * first envelope shape (no plugin header, as Signet issued it before) in {@code notation-jws}, the
 * plugin and portable shapes in {@code notation-jws-2}.
 */
class NotationTestVectorTest {
    static byte[] resource(String dir, String name) throws IOException {
        try (InputStream in = NotationTestVectorTest.class.getResourceAsStream("/vectors/" + dir + "/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "notation-jws, envelope.jws, ",
        "notation-jws-2, envelope.jws, com.amazonaws.signer.notation.plugin",
        "notation-jws-2, envelope-portable.jws, "
    })
    void theVectorVerifiesAsDocumented(String dir, String file, String plugin) throws Exception {
        Properties expected = new Properties();
        expected.load(new StringReader(new String(resource(dir, "expected.properties"), StandardCharsets.UTF_8)));
        byte[] payload = resource(dir, "payload.json");
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(NotationTestVectorGenerator.PAYLOAD);
        byte[] envelope = resource(dir, file);
        var roots = Pem.decodeCertificates(new String(resource(dir, "root.pem"), StandardCharsets.US_ASCII));
        Subject subject = new Subject.Payload(NotaryPayload.MEDIA_TYPE, payload);

        NotationJwsFormat.EnvelopeInfo info = NotationJwsFormat.describe(envelope);
        assertThat(info.signingScheme()).isEqualTo("notary.x509.signingAuthority");
        assertThat(info.signingTime()).isEqualTo(Instant.parse(expected.getProperty("signingTime")));
        assertThat(info.expiry()).contains(Instant.parse(expected.getProperty("expiry")));
        assertThat(info.profileVersionArn()).contains(expected.getProperty("profileVersionArn"));
        assertThat(info.jobArn()).contains(expected.getProperty("jobArn"));
        assertThat(info.verificationPlugin()).isEqualTo(Optional.ofNullable(plugin));
        assertThat(info.chain()).hasSize(3);

        Verifier at = Verifier.builder()
                .trustedRoots(roots)
                .clock(Clock.fixed(Instant.parse(expected.getProperty("verifyAt")), ZoneOffset.UTC))
                .build();
        assertThat(at.verify(subject, envelope).checks())
                .extracting(CheckResult::reason)
                .containsOnly(ReasonCode.OK);

        byte[] otherArtifact = new String(payload, StandardCharsets.UTF_8)
                .replace("16724", "16725")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(at.verify(new Subject.Payload(NotaryPayload.MEDIA_TYPE, otherArtifact), envelope)
                        .checks()
                        .get(0)
                        .reason())
                .isEqualTo(ReasonCode.INTEGRITY);
    }
}
