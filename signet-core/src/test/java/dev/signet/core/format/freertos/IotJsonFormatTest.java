package dev.signet.core.format.freertos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.ArtifactLocation;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IotJsonFormatTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static Path firmware;
    private static byte[] firmwareBytes;

    /** A flavor under test: the format, a key it signs with, and the openssl digest flag. */
    record Case(String name, SignatureFormat format, KeyAlgorithm key, String dgst) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("freertos ecdsa", new FreeRtosFormat(), KeyAlgorithm.ECDSA_P256, "-sha256"),
                new Case("freertos rsa", new FreeRtosFormat(), KeyAlgorithm.RSA_2048, "-sha256"),
                new Case("iot detached", new IotDetachedFormat(), KeyAlgorithm.ECDSA_P256, "-sha256"),
                new Case("ti cc3220sf", new TiCc3220sfFormat(), KeyAlgorithm.RSA_2048, "-sha1"));
    }

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir.resolve("pki"));
        firmwareBytes = new byte[10_001];
        new Random(5).nextBytes(firmwareBytes);
        firmware = Files.write(dir.resolve("firmware.bin"), firmwareBytes);
    }

    private static SigningKey key(KeyAlgorithm algorithm) {
        return pki.signingKey(algorithm, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
    }

    private static SignatureMetadata metadata() {
        return new SignatureMetadata(
                NOW,
                NOW.plus(Duration.ofDays(30)),
                TestPki.ARN,
                Optional.empty(),
                Optional.of(new ArtifactLocation("firmware-bucket", "images/fw.bin", Optional.of("v1"))));
    }

    private static byte[] sign(Case c, SigningKey key) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.format().sign(new SignRequest(new Subject.File(firmware), key, metadata()), out);
        return out.toByteArray();
    }

    private static VerificationResult verify(Case c, byte[] output) throws Exception {
        Verifier verifier = Verifier.builder().trustedRoots(List.of(pki.root())).build();
        if (c.format() instanceof IotDetachedFormat) {
            return verifier.verify(new Subject.File(firmware), output);
        }
        Path signed = Files.write(Files.createTempFile(dir, "signed-", ".json"), output);
        return verifier.verify(new Subject.File(signed), new byte[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void signsWhatOpensslAcceptsAndVerifies(Case c) throws Exception {
        SigningKey key = key(c.key());
        byte[] output = sign(c, key);
        VerificationResult result = verify(c, output);
        assertThat(result.valid()).as(result.toString()).isTrue();

        JsonNode doc = JSON.readTree(output);
        assertThat(doc.get("rawPayloadSize").asLong()).isEqualTo(firmwareBytes.length);
        assertThat(doc.get("signatureAlgorithm").asText())
                .endsWith(c.key() == KeyAlgorithm.ECDSA_P256 ? "withECDSA" : "withRSA");
        if (c.format() instanceof IotDetachedFormat) {
            assertThat(doc.get("payloadLocation").toString())
                    .isEqualTo(
                            "{\"s3\":{\"bucketName\":\"firmware-bucket\",\"key\":\"images/fw.bin\",\"version\":\"v1\"}}");
            assertThat(doc.has("payload")).isFalse();
        } else {
            assertThat(Base64.getDecoder().decode(doc.get("payload").asText())).isEqualTo(firmwareBytes);
        }
        Path sig = Files.write(
                dir.resolve(c.name().replace(' ', '_') + ".sig"),
                Base64.getDecoder().decode(doc.get("signature").asText()));
        Path cert = Files.writeString(dir.resolve(c.name().replace(' ', '_') + ".pem"), Pem.encode(key.certificate()));
        Path pub = dir.resolve(c.name().replace(' ', '_') + ".pub");
        assertThat(Openssl.run("x509", "-in", cert.toString(), "-pubkey", "-noout", "-out", pub.toString())
                        .exitCode())
                .isZero();
        Processes.Result ok = Openssl.run(
                "dgst", c.dgst(), "-verify", pub.toString(), "-signature", sig.toString(), firmware.toString());
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("Verified OK");

        byte[] changed = firmwareBytes.clone();
        changed[5000] ^= 1;
        Path changedFile = Files.write(dir.resolve("changed.bin"), changed);
        assertThat(Openssl.run(
                                "dgst",
                                c.dgst(),
                                "-verify",
                                pub.toString(),
                                "-signature",
                                sig.toString(),
                                changedFile.toString())
                        .exitCode())
                .isNotZero();
        byte[] badSig = Files.readAllBytes(sig);
        badSig[badSig.length / 2] ^= 1;
        Files.write(sig, badSig);
        assertThat(Openssl.run(
                                "dgst",
                                c.dgst(),
                                "-verify",
                                pub.toString(),
                                "-signature",
                                sig.toString(),
                                firmware.toString())
                        .exitCode())
                .isNotZero();
    }

    static Stream<Arguments> tamperCases() throws Exception {
        List<Arguments> out = new ArrayList<>();
        Random random = new Random(99);
        for (Case c : cases().toList()) {
            byte[] output = sign(c, key(c.key()));
            String text = new String(output, StandardCharsets.US_ASCII);
            int locationStart = text.indexOf(",\"payloadLocation\"");
            List<Integer> positions = new ArrayList<>(List.of(0, 1, 5, 20, output.length - 1, output.length - 2));
            positions.add(text.indexOf("\"signature\":\"") + 20);
            positions.add(text.indexOf("\"signatureAlgorithm\"") + 25);
            positions.add(text.indexOf("\"certificateChain\"") + 40);
            for (int i = 0; i < 30; i++) {
                positions.add(random.nextInt(output.length));
            }
            for (int p : positions) {
                // payloadLocation is informational and, as on AWS, not covered by the signature
                if (locationStart < 0 || p < locationStart || p == output.length - 1) {
                    out.add(Arguments.of(c, output, p));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} byte {2}")
    @MethodSource("tamperCases")
    void anyChangedByteFails(Case c, byte[] output, int position) throws Exception {
        for (int bit : new int[] {0x01, 0x40}) {
            byte[] tampered = output.clone();
            tampered[position] ^= (byte) bit;
            VerificationResult result = verify(c, tampered);
            assertThat(result.valid())
                    .as("byte " + position + " in "
                            + new String(output, StandardCharsets.US_ASCII)
                                    .substring(Math.max(0, position - 60), Math.min(output.length, position + 60))
                            + " changed to " + (char) tampered[position])
                    .isFalse();
            assertThat(result.checks().get(0).reason())
                    .as("byte " + position + " bit " + bit + ": "
                            + result.checks().get(0).message())
                    .isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
        }
    }

    /**
     * Certificate strings that decoded once are looked up by their text: a second verify of the same
     * document is served from that cache, and a certificate string changed in one character, or
     * re-encoded with non-canonical padding bits, is a new string and is decoded and judged again.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aCarriedCertificateSeenBeforeIsJudgedAgainWhenItsTextChanges(Case c) throws Exception {
        byte[] output = sign(c, key(c.key()));
        assertThat(verify(c, output).valid()).isTrue();
        assertThat(verify(c, output).valid()).isTrue();
        String text = new String(output, StandardCharsets.US_ASCII);
        int start = text.indexOf("\"certificateChain\":[\"") + "\"certificateChain\":[\"".length();
        int end = text.indexOf('"', start);

        byte[] changed = output.clone();
        changed[start + 100] = (byte) (changed[start + 100] == 'A' ? 'B' : 'A');
        assertThat(verify(c, changed).valid()).isFalse();

        // the character before the padding carries bits after the last byte: setting one decodes to the
        // same DER with the JDK's decoder, and must still be refused as non-canonical
        String certificate = text.substring(start, end);
        int last = certificate.length() - 1 - (certificate.endsWith("==") ? 2 : certificate.endsWith("=") ? 1 : 0);
        if (last < certificate.length() - 1) {
            byte[] padded = output.clone();
            padded[start + last] = (byte) (padded[start + last] + 1);
            VerificationResult result = verify(c, padded);
            assertThat(result.valid()).isFalse();
            assertThat(result.checks().get(0).reason()).isEqualTo(ReasonCode.MALFORMED);
        }
        assertThat(verify(c, output).valid()).isTrue();
    }

    @Test
    void formatsAreRegisteredForTheirPlatforms() {
        assertThat(SignatureFormats.forPlatform("AmazonFreeRTOS-Default")).get().isInstanceOf(FreeRtosFormat.class);
        assertThat(SignatureFormats.forPlatform("AWSIoTDeviceManagement-SHA256-ECDSA"))
                .get()
                .isInstanceOf(IotDetachedFormat.class);
        assertThat(SignatureFormats.forPlatform("AmazonFreeRTOS-TI-CC3220SF"))
                .get()
                .isInstanceOf(TiCc3220sfFormat.class);
    }

    @Test
    void wrongKeysDigestsAndResigningAreRefused() throws Exception {
        Case ti = cases().filter(c -> c.name().startsWith("ti")).findFirst().orElseThrow();
        assertThatThrownBy(() -> ti.format()
                        .sign(
                                new SignRequest(new Subject.File(firmware), key(KeyAlgorithm.ECDSA_P256), metadata()),
                                new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("cannot sign with a ECDSA_P256 key");
        assertThatThrownBy(() -> new IotDetachedFormat()
                        .sign(
                                new SignRequest(
                                        new Subject.Digest(HashAlgorithm.SHA256, new byte[32]),
                                        key(KeyAlgorithm.ECDSA_P256),
                                        metadata()),
                                new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not digests");
        Case freertos = cases().findFirst().orElseThrow();
        Path signed = Files.write(dir.resolve("signed.json"), sign(freertos, key(KeyAlgorithm.ECDSA_P256)));
        assertThatThrownBy(() -> freertos.format()
                        .sign(
                                new SignRequest(new Subject.File(signed), key(KeyAlgorithm.ECDSA_P256), metadata()),
                                new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("already a signed");
    }

    @Test
    void plainFilesAreUnsigned() throws Exception {
        VerificationResult result = Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .build()
                .verify(new Subject.File(firmware), new byte[0]);
        assertThat(result.checks().get(0).reason()).isEqualTo(ReasonCode.UNSIGNED);
    }
}
