package dev.signet.core.format.openpgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenPGP signed where the file lies ({@link OpenPgpClientSigning}, {@link OpenPgpDigestPayload}):
 * the server finishes the hash the client began, and the signature is byte for byte the one
 * StartSigningJob makes for the file (RSA PKCS#1 v1.5 is deterministic, the subpackets are the
 * same); gpg accepts it; the payload holds the file's last {@code size mod 64} bytes at most.
 */
class OpenPgpClientSigningTest {
    private static final String PLATFORM = "Signet-OpenPGP-SHA256";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final OpenPgpFormat FORMAT = new OpenPgpFormat();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SigningKey rsa;

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir.resolve("pki"));
        rsa = pki.signingKey(KeyAlgorithm.RSA_3072, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
    }

    private static SignatureMetadata metadata() {
        return new SignatureMetadata(NOW, NOW.plus(Duration.ofDays(30)), TestPki.ARN, Optional.empty());
    }

    private static ClientSigning client() {
        return ClientSignings.forPlatform(PLATFORM).orElseThrow();
    }

    private static byte[] serverSigns(byte[] payload) throws FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.sign(
                new SignRequest(new Subject.Payload(OpenPgpDigestPayload.MEDIA_TYPE, payload), rsa, metadata()), out);
        return out.toByteArray();
    }

    private static Path file(String name, int size, int seed) throws Exception {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 64, 65, 128, 300_001})
    void theSignatureIsTheOneStartSigningJobMakesAndGpgAcceptsIt(int size) throws Exception {
        Path file = file("doc-" + size + ".bin", size, size);
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, file, n -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prepared.finish(serverSigns(prepared.payload()), out);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        FORMAT.sign(new SignRequest(new Subject.File(file), rsa, metadata()), whole);

        assertThat(out.toByteArray()).isEqualTo(whole.toByteArray());
        Path signature = Files.write(dir.resolve("doc-" + size + ".bin.asc"), out.toByteArray());
        VerificationResult result = Verifier.builder()
                .trustedRoots(List.of(pki.root()))
                .build()
                .verify(new Subject.File(file), out.toByteArray());
        assertThat(result.valid()).as(result.toString()).isTrue();
        if (size == 300_001) {
            Path home = Files.createDirectories(dir.resolve("gnupg-client"));
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            Path key = Files.writeString(dir.resolve("client-key.asc"), OpenPgpKeys.armoredPublicKey(rsa));
            assertThat(Tools.run("gpg", "--homedir", home.toString(), "--batch", "--import", key.toString())
                            .exitCode())
                    .isZero();
            Processes.Result gpg = Tools.run(
                    "gpg", "--homedir", home.toString(), "--batch", "--verify", signature.toString(), file.toString());
            assertThat(gpg.exitCode()).as(gpg.output()).isZero();
            assertThat(gpg.output()).contains("Good signature");
        }
        assertThat(client().defaultOutput(file)).isEqualTo(dir.resolve("doc-" + size + ".bin.asc"));
        assertThat(FORMAT.statedArtifactDigest(
                        new Subject.Payload(OpenPgpDigestPayload.MEDIA_TYPE, prepared.payload())))
                .as("the job's artifact digest: the file's SHA-256, finished from the state and tail")
                .contains("sha256:" + HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, file)));
    }

    @Test
    void thePayloadIsTheStateBeforeTheLastPartialBlockAndThatBlock() throws Exception {
        Path file = file("payload.bin", 1000, 5);
        byte[] content = Files.readAllBytes(file);
        AtomicLong progress = new AtomicLong();
        byte[] payload = client().prepare(PLATFORM, file, progress::addAndGet).payload();

        OpenPgpDigestPayload stated = OpenPgpDigestPayload.parse(payload);
        assertThat(stated.size()).isEqualTo(1000);
        assertThat(stated.tail()).isEqualTo(Arrays.copyOfRange(content, 960, 1000));
        assertThat(new String(payload, StandardCharsets.US_ASCII))
                .startsWith("{\"size\":1000,\"sha256State\":\"")
                .endsWith("\",\"tail\":\"" + Base64.getEncoder().encodeToString(stated.tail()) + "\"}");
        MessageDigest resumed = stated.document();
        assertThat(resumed.digest()).isEqualTo(Digests.digest(HashAlgorithm.SHA256, content));
        assertThat(progress.get()).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"size\":3,\"sha256State\":\"%s\",\"tail\":\"AAAA\",\"x\":1}",
                "{\"size\":3,\"sha256State\":\"%s\",\"tail\":\"AAAAAA==\"}",
                "{\"size\":3,\"sha256State\":\"%S\",\"tail\":\"AAAA\"}",
                "{\"size\":3,\"sha256State\":\"ab\",\"tail\":\"AAAA\"}",
                "{\"size\":3, \"sha256State\":\"%s\",\"tail\":\"AAAA\"}",
                "{\"size\":64,\"sha256State\":\"%s\",\"tail\":\"AAAA\"}",
                "{\"size\":2,\"sha256State\":\"%s\",\"tail\":\"AAF=\"}",
                "{\"size\":03,\"sha256State\":\"%s\",\"tail\":\"AAAA\"}"
            })
    void malformedPayloadsAreRefused(String shape) {
        byte[] payload = String.format(shape, "ab".repeat(32)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serverSigns(payload))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("a " + OpenPgpDigestPayload.MEDIA_TYPE + " payload");
    }

    @Test
    void anAnswerForAnotherFileIsNotWritten() throws Exception {
        ClientSigning.Prepared prepared = client().prepare(PLATFORM, file("mine.bin", 500, 1), n -> {});
        byte[] other = serverSigns(
                client().prepare(PLATFORM, file("other.bin", 500, 2), n -> {}).payload());
        assertThatThrownBy(() -> prepared.finish(other, new ByteArrayOutputStream()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("does not sign this file");
        assertThat(FORMAT.verify(new Subject.Payload(OpenPgpDigestPayload.MEDIA_TYPE, prepared.payload()), other)
                        .intact())
                .isFalse();
    }
}
