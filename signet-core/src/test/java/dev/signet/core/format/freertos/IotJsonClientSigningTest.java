package dev.signet.core.format.freertos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IoT platforms signed where the image lies ({@link IotJsonClientSigning} with the formats'
 * {@link IotDigestPayload}): the same document as signing the file (byte for byte with RSA, whose
 * signatures are deterministic; with ECDSA all but the signature value), accepted by the Verifier
 * and {@code openssl dgst}; bad payloads and answers refused.
 */
class IotJsonClientSigningTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static Path firmware;
    private static byte[] firmwareBytes;

    record Case(String name, String platform, SignatureFormat format, KeyAlgorithm key, String dgst) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "freertos ecdsa",
                        "AmazonFreeRTOS-Default",
                        new FreeRtosFormat(),
                        KeyAlgorithm.ECDSA_P256,
                        "-sha256"),
                new Case(
                        "freertos rsa",
                        "AmazonFreeRTOS-Default",
                        new FreeRtosFormat(),
                        KeyAlgorithm.RSA_2048,
                        "-sha256"),
                new Case(
                        "iot detached",
                        "AWSIoTDeviceManagement-SHA256-ECDSA",
                        new IotDetachedFormat(),
                        KeyAlgorithm.ECDSA_P256,
                        "-sha256"),
                new Case(
                        "ti cc3220sf",
                        "AmazonFreeRTOS-TI-CC3220SF",
                        new TiCc3220sfFormat(),
                        KeyAlgorithm.RSA_2048,
                        "-sha1"));
    }

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        firmwareBytes = new byte[70_001];
        new Random(9).nextBytes(firmwareBytes);
        firmware = Files.write(dir.resolve("firmware.bin"), firmwareBytes);
    }

    private static SigningKey key(KeyAlgorithm algorithm) {
        return pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
    }

    private static SignatureMetadata metadata() {
        return new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty());
    }

    private static ClientSigning client(Case c) {
        return ClientSignings.forPlatform(c.platform()).orElseThrow();
    }

    private static byte[] serverSigns(Case c, SigningKey key, byte[] payload) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.format()
                .sign(new SignRequest(new Subject.Payload(IotDigestPayload.MEDIA_TYPE, payload), key, metadata()), out);
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void signsTheDocumentStartSigningJobWrites(Case c) throws Exception {
        SigningKey key = key(c.key());
        ClientSigning.Prepared prepared = client(c).prepare(c.platform(), firmware, n -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prepared.finish(serverSigns(c, key, prepared.payload()), out);
        byte[] client = out.toByteArray();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        c.format().sign(new SignRequest(new Subject.File(firmware), key, metadata()), whole);

        if (c.key() == KeyAlgorithm.ECDSA_P256) {
            assertThat(withoutSignature(client)).isEqualTo(withoutSignature(whole.toByteArray()));
        } else {
            assertThat(client).isEqualTo(whole.toByteArray());
        }
        Verifier verifier = Verifier.builder().trustedRoots(List.of(pki.root())).build();
        boolean embedded = !(c.format() instanceof IotDetachedFormat);
        Path signed = Files.write(dir.resolve(c.name().replace(' ', '_') + ".json"), client);
        VerificationResult result = embedded
                ? verifier.verify(new Subject.File(signed), new byte[0])
                : verifier.verify(new Subject.File(firmware), client);
        assertThat(result.valid()).as(result.toString()).isTrue();

        Path sig = Files.write(
                dir.resolve(c.name().replace(' ', '_') + ".sig"),
                Base64.getDecoder()
                        .decode(JSON.readTree(client).get("signature").asText()));
        Path cert = Files.writeString(dir.resolve(c.name().replace(' ', '_') + ".pem"), Pem.encode(key.certificate()));
        Path pub = dir.resolve(c.name().replace(' ', '_') + ".pub");
        assertThat(Openssl.run("x509", "-in", cert.toString(), "-pubkey", "-noout", "-out", pub.toString())
                        .exitCode())
                .isZero();
        Processes.Result ok = Openssl.run(
                "dgst", c.dgst(), "-verify", pub.toString(), "-signature", sig.toString(), firmware.toString());
        assertThat(ok.output()).contains("Verified OK");
        assertThat(client(c).defaultOutput(firmware)).isEqualTo(dir.resolve("firmware.bin.json"));
        assertThat(client(c).embedsInArtifact()).isFalse();
    }

    private static JsonNode withoutSignature(byte[] document) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(document);
        node.put("signature", "");
        return node;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void thePayloadIsTheLengthAndDigestOnly(Case c) throws Exception {
        byte[] payload = client(c).prepare(c.platform(), firmware, n -> {}).payload();
        HashAlgorithm hash = c.dgst().equals("-sha1") ? HashAlgorithm.SHA1 : HashAlgorithm.SHA256;
        String member = hash == HashAlgorithm.SHA1 ? "sha1" : "sha256";
        assertThat(new String(payload, StandardCharsets.US_ASCII))
                .isEqualTo("{\"rawPayloadSize\":" + firmwareBytes.length + ",\"" + member + "\":\""
                        + HexFormat.of().formatHex(Digests.digest(hash, firmwareBytes)) + "\"}");
        assertThat(c.format().payloadFormat()).contains(client(c).payloadFormat(c.platform()));
    }

    @Test
    void aSha256PayloadIsRefusedOnTheSha1PlatformAndTheOtherWayRound() {
        Case ti = cases().filter(c -> c.name().startsWith("ti")).findFirst().orElseThrow();
        Case freertos = cases().findFirst().orElseThrow();
        byte[] sha256 = new IotDigestPayload(10, HashAlgorithm.SHA256, new byte[32]).encode();
        byte[] sha1 = new IotDigestPayload(10, HashAlgorithm.SHA1, new byte[20]).encode();
        assertThatThrownBy(() -> serverSigns(ti, key(KeyAlgorithm.RSA_2048), sha256))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("{\"rawPayloadSize\":N,\"sha1\":\"<40 lower-case hex digits>\"}");
        assertThatThrownBy(() -> serverSigns(freertos, key(KeyAlgorithm.ECDSA_P256), sha1))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("{\"rawPayloadSize\":N,\"sha256\":\"<64 lower-case hex digits>\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anAnswerForAnotherImageOrWithALocationIsNotUsed(Case c) throws Exception {
        SigningKey key = key(c.key());
        ClientSigning.Prepared prepared = client(c).prepare(c.platform(), firmware, n -> {});
        Path other = Files.write(dir.resolve("other.bin"), new byte[] {1, 2, 3});
        byte[] forOther = serverSigns(
                c, key, client(c).prepare(c.platform(), other, n -> {}).payload());
        assertThatThrownBy(() -> prepared.finish(forOther, new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("does not sign this file");

        byte[] good = serverSigns(c, key, prepared.payload());
        String text = new String(good, StandardCharsets.US_ASCII);
        byte[] located = (text.substring(0, text.length() - 1)
                        + ",\"payloadLocation\":{\"s3\":{\"bucketName\":\"b\",\"key\":\"k\"}}}")
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> prepared.finish(located, new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("without payloadLocation");
    }

    @Test
    void anImageChangedAfterHashingIsRefused() throws Exception {
        Case freertos = cases().findFirst().orElseThrow();
        Path image = Files.write(dir.resolve("changing.bin"), firmwareBytes);
        ClientSigning.Prepared prepared = client(freertos).prepare(freertos.platform(), image, n -> {});
        byte[] answer = serverSigns(freertos, key(KeyAlgorithm.ECDSA_P256), prepared.payload());
        byte[] changed = firmwareBytes.clone();
        changed[7] ^= 1;
        Files.write(image, changed);
        assertThatThrownBy(() -> prepared.finish(answer, new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("changed while it was signed");
    }

    @Test
    void aSignedImageIsNotSignedAgain() throws Exception {
        Case freertos = cases().findFirst().orElseThrow();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        freertos.format()
                .sign(new SignRequest(new Subject.File(firmware), key(KeyAlgorithm.ECDSA_P256), metadata()), whole);
        Path signed = Files.write(dir.resolve("signed-image.json"), whole.toByteArray());
        assertThatThrownBy(() -> client(freertos).prepare(freertos.platform(), signed, n -> {}))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("already a signed");
    }
}
