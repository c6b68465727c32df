package dev.signet.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.testing.EvidenceAssertions;
import dev.signet.core.testing.FlippingKeyBackend;
import dev.signet.core.testing.TestPki;
import dev.signet.core.tsa.TimestampAuthority;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The formats whose sign() checks the signature values it made (over the exact bytes signed) rather
 * than verifying its own output in full: their evidence must be exactly what verify() reports for
 * the output, and a key backend or a time-stamp authority that returns a corrupted signature value
 * must still make sign() fail and write nothing. (CMS, JAR, Authenticode and OpenPGP have their own
 * such tests.)
 */
class FormatSelfCheckTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String NOTARY_PAYLOAD = "application/vnd.cncf.notary.payload.v1+json";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TimestampAuthority tsa;

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir.resolve("pki"));
        tsa = pki.tsa();
    }

    @ParameterizedTest(name = "{0} {1} time-stamped={2}")
    @CsvSource({
        "notation-jws, ECDSA_P384, false",
        "notation-jws, ECDSA_P384, true",
        "notation-jws, ECDSA_P256, true",
        "lambda-zip, ECDSA_P384, false",
        "freertos-json, ECDSA_P256, false",
        "iot-json-detached, ECDSA_P256, false",
        "ti-cc3220sf-json, RSA_2048, false"
    })
    void evidenceOfSignIsExactlyWhatVerifyReports(String formatId, KeyAlgorithm algorithm, boolean timestamped)
            throws Exception {
        SignatureFormat format = format(formatId);
        Subject subject = subject(formatId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence signed = format.sign(request(subject, key(algorithm), timestamped), out);
        Path output = Files.write(dir.resolve(formatId + ".signed"), out.toByteArray());
        // an embedded signature is verified in the signed artifact, a detached one beside the subject
        SignatureEvidence verified = format.detectEmbedded(output)
                ? format.verify(new Subject.File(output), new byte[0])
                : format.verify(subject, out.toByteArray());

        assertThat(verified.intact()).as(verified.integrityDetail()).isTrue();
        EvidenceAssertions.assertSameEvidence(signed, verified);
        assertThat(signed.timestamp().isPresent()).isEqualTo(timestamped);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "notation-jws, ECDSA_P384",
        "notation-jws, ECDSA_P256",
        "lambda-zip, ECDSA_P384",
        "freertos-json, ECDSA_P256",
        "iot-json-detached, ECDSA_P256",
        "ti-cc3220sf-json, RSA_2048"
    })
    void aCorruptedSignatureValueFromTheKeyBackendFailsSign(String formatId, KeyAlgorithm algorithm) throws Exception {
        SignatureFormat format = format(formatId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignRequest request = request(subject(formatId), FlippingKeyBackend.corrupting(key(algorithm)), false);
        assertThatThrownBy(() -> format.sign(request, out))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("own verification");
        assertThat(out.size()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"notation-jws"})
    void aCorruptedTimeStampSignatureFailsSign(String formatId) throws Exception {
        TimestampAuthority corruptTsa = TimestampAuthority.openOrCreate(
                dir.resolve("pki").resolve("tsa"), new FlippingKeyBackend(pki.keys()), pki.ca(), Clock.systemUTC());
        SignRequest request =
                new SignRequest(subject(formatId), key(KeyAlgorithm.ECDSA_P384), metadata(), Optional.of(corruptTsa));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> format(formatId).sign(request, out))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("time-stamp");
        assertThat(out.size()).isZero();
    }

    private static SignatureFormat format(String id) {
        return SignatureFormats.all().stream()
                .filter(f -> f.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static SigningKey key(KeyAlgorithm algorithm) {
        return pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
    }

    private static Subject subject(String formatId) throws Exception {
        switch (formatId) {
            case "notation-jws" -> {
                byte[] payload = ("{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                                + "\"digest\":\"sha256:73c803930ea3ba1e54bc25c2bdc53edd0284c62ed651fe7b00369da519a3c333\","
                                + "\"size\":16724}}")
                        .getBytes(StandardCharsets.UTF_8);
                return new Subject.Payload(NOTARY_PAYLOAD, payload);
            }
            case "lambda-zip" -> {
                Path zip = dir.resolve("function.zip");
                try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                    out.putNextEntry(new ZipEntry("index.js"));
                    out.write("exports.handler = async () => 200;\n".getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
                return new Subject.File(zip);
            }
            default -> {
                byte[] firmware = new byte[4096];
                Arrays.fill(firmware, (byte) 0x5A);
                return new Subject.File(Files.write(dir.resolve("firmware.bin"), firmware));
            }
        }
    }

    private static SignatureMetadata metadata() {
        return new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty());
    }

    private static SignRequest request(Subject subject, SigningKey key, boolean timestamped) {
        return new SignRequest(subject, key, metadata(), timestamped ? Optional.of(tsa) : Optional.empty());
    }
}
