package dev.signet.core.format.freertos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.ca.Pem;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committed IoT JSON vectors ({@code vectors/iot-json}, documented in docs/formats.md). */
class IotJsonTestVectorTest {
    private static final Path VECTOR = Path.of("src/test/resources/vectors/iot-json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"freertos.json, false, -sha256", "iot-detached.json, true, -sha256", "ti-cc3220sf.json, false, -sha1"})
    void vectorVerifiesWithTheVerifierAndOpenssl(String file, boolean detached, String dgst) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(VECTOR.resolve("expected.properties"))) {
            p.load(in);
        }
        Verifier verifier = Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(Files.readString(VECTOR.resolve("root.pem"))))
                .clock(Clock.fixed(Instant.parse(p.getProperty("verifyAt")), ZoneOffset.UTC))
                .build();
        Path firmware = VECTOR.resolve("firmware.bin");
        byte[] document = Files.readAllBytes(VECTOR.resolve(file));
        VerificationResult result = detached
                ? verifier.verify(new Subject.File(firmware), document)
                : verifier.verify(new Subject.File(VECTOR.resolve(file)), new byte[0]);
        assertThat(result.valid()).as(result.toString()).isTrue();

        JsonNode doc = JSON.readTree(document);
        Path sig = Files.write(
                dir.resolve("sig.der"),
                Base64.getDecoder().decode(doc.get("signature").asText()));
        X509Certificate leaf = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder()
                        .decode(doc.get("certificateChain").get(0).asText())));
        Path pub = Files.writeString(
                dir.resolve("pub.pem"),
                Pem.encode("PUBLIC KEY", leaf.getPublicKey().getEncoded()));
        Processes.Result ok =
                Openssl.run("dgst", dgst, "-verify", pub.toString(), "-signature", sig.toString(), firmware.toString());
        assertThat(ok.output()).contains("Verified OK");

        byte[] changed = document.clone();
        changed[document.length / 2] ^= 1;
        VerificationResult tampered = detached
                ? verifier.verify(new Subject.File(firmware), changed)
                : verifier.verify(new Subject.File(Files.write(dir.resolve("t.json"), changed)), new byte[0]);
        assertThat(tampered.checks().get(0).reason()).isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
    }

    /**
     * The SignPayload vectors: the payload the client sends for {@code firmware.bin} on each
     * platform, and the answer (the document without {@code payloadLocation} and {@code payload}):
     * it verifies against the payload alone, and the client's output from it is the committed
     * document byte for byte (the embedded platforms: the image appended).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "AmazonFreeRTOS-Default, firmware.iot-digest.json, freertos.head.json, freertos.json",
        "AmazonFreeRTOS-TI-CC3220SF, firmware.iot-digest-sha1.json, ti-cc3220sf.head.json, ti-cc3220sf.json",
        "AWSIoTDeviceManagement-SHA256-ECDSA, firmware.iot-digest.json, iot-detached.json, iot-detached.json"
    })
    void payloadVectorsAreWhatTheClientSendsAndTheAnswersGiveTheCommittedDocuments(
            String platform, String payloadFile, String answerFile, String documentFile) throws Exception {
        ClientSigning client = ClientSignings.forPlatform(platform).orElseThrow();
        byte[] payload = Files.readAllBytes(VECTOR.resolve(payloadFile));
        byte[] answer = Files.readAllBytes(VECTOR.resolve(answerFile));
        ClientSigning.Prepared prepared = client.prepare(platform, VECTOR.resolve("firmware.bin"), n -> {});
        assertThat(prepared.payload()).isEqualTo(payload);
        SignatureEvidence evidence = SignatureFormats.forPlatform(platform)
                .orElseThrow()
                .verify(new Subject.Payload(IotDigestPayload.MEDIA_TYPE, payload), answer);
        assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        if (!platform.startsWith("AWSIoT")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            prepared.finish(answer, out);
            assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(VECTOR.resolve(documentFile)));
        }
    }
}
