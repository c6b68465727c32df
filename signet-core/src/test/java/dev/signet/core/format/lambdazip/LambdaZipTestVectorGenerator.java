package dev.signet.core.format.lambdazip;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.ArtifactLocation;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.format.freertos.FreeRtosFormat;
import dev.signet.core.format.freertos.IotDetachedFormat;
import dev.signet.core.format.freertos.TiCc3220sfFormat;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Writes the committed lambda-zip and IoT JSON test vectors (not a test; run by hand with {@code
 * main} from the repository root). Signatures are randomized and keys fresh, so each run gives a
 * new, equally valid vector; {@code LambdaZipTestVectorTest} and {@code IotJsonTestVectorTest}
 * check whichever is committed.
 */
public final class LambdaZipTestVectorGenerator {
    static final String JOB =
            "arn:aws:signer:us-east-1:000000000000:/signing-jobs/00000000-0000-4000-8000-000000000001";

    private LambdaZipTestVectorGenerator() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "signet-core/src/test/resources/vectors");
        Path work = Files.createTempDirectory("signet-vector");
        TestPki pki = new TestPki(work);
        Instant signingTime = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant notBefore = signingTime.minus(Duration.ofMinutes(10));
        Instant notAfter = signingTime.plus(Duration.ofDays(3650));
        SignatureMetadata metadata = new SignatureMetadata(
                signingTime,
                notAfter,
                TestPki.ARN,
                Optional.of(JOB),
                Optional.of(new ArtifactLocation("firmware", "fw.bin", Optional.of("v1"))));
        String expected = "signingTime=" + signingTime + "\nverifyAt=" + signingTime.plus(Duration.ofDays(1))
                + "\nexpiresAt=" + notAfter + "\n";

        Path lambda = Files.createDirectories(root.resolve("lambda-zip"));
        Path input = Files.write(lambda.resolve("function.zip"), TestZips.function(2026));
        sign(
                new LambdaZipFormat(),
                pki.signingKey(KeyAlgorithm.ECDSA_P384, notBefore, notAfter),
                input,
                metadata,
                lambda.resolve("function.signed.zip"));
        Files.writeString(lambda.resolve("root.pem"), Pem.encode(pki.root()), StandardCharsets.US_ASCII);
        Files.writeString(lambda.resolve("expected.properties"), expected);

        Path iot = Files.createDirectories(root.resolve("iot-json"));
        Path firmware = Files.writeString(iot.resolve("firmware.bin"), "Signet IoT test vector firmware image\n");
        sign(
                new FreeRtosFormat(),
                pki.signingKey(KeyAlgorithm.ECDSA_P256, notBefore, notAfter),
                firmware,
                metadata,
                iot.resolve("freertos.json"));
        sign(
                new IotDetachedFormat(),
                pki.signingKey(KeyAlgorithm.ECDSA_P256, notBefore, notAfter),
                firmware,
                metadata,
                iot.resolve("iot-detached.json"));
        sign(
                new TiCc3220sfFormat(),
                pki.signingKey(KeyAlgorithm.RSA_2048, notBefore, notAfter),
                firmware,
                metadata,
                iot.resolve("ti-cc3220sf.json"));
        Files.writeString(iot.resolve("root.pem"), Pem.encode(pki.root()), StandardCharsets.US_ASCII);
        Files.writeString(iot.resolve("expected.properties"), expected);
    }

    private static void sign(SignatureFormat format, SigningKey key, Path input, SignatureMetadata metadata, Path out)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        format.sign(new SignRequest(new Subject.File(input), key, metadata), bytes);
        Files.write(out, bytes.toByteArray());
    }
}
