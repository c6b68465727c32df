package dev.signet.core.format.notation;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the committed notation-jws test vectors of the current envelope styles, {@code
 * envelope.jws} (the AWS Signer plugin named) and {@code envelope-portable.jws}, into {@code
 * vectors/notation-jws-2} (not a test; run by hand with {@code main}). Keys are fresh and ECDSA is
 * randomized: each run gives new, equally valid vectors, which {@link NotationTestVectorTest} checks.
 * The vector in {@code vectors/notation-jws} is the first envelope shape (no plugin header), written
 * by this generator before that header existed and kept as issued.
 */
public final class NotationTestVectorGenerator {
    static final String PAYLOAD = "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"digest\":\"sha256:73c803930ea3ba1e54bc25c2bdc53edd0284c62ed651fe7b00369da519a3c333\",\"size\":16724}}";
    static final String JOB =
            "arn:aws:signer:us-east-1:000000000000:/signing-jobs/2f1b1a7c-5a8e-4e44-9d0e-3f5d8b2c6a10";

    private NotationTestVectorGenerator() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "signet-core/src/test/resources/vectors/notation-jws-2");
        Files.createDirectories(out);
        TestPki pki = new TestPki(Files.createTempDirectory("signet-vector"));
        Instant signingTime = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant notAfter = signingTime.plus(Duration.ofDays(3650));
        Instant expiry = signingTime.plus(Duration.ofDays(3000));
        SigningKey key = pki.signingKey(KeyAlgorithm.ECDSA_P384, signingTime.minus(Duration.ofMinutes(10)), notAfter);
        Files.writeString(out.resolve("payload.json"), PAYLOAD);
        for (EnvelopeStyle style : EnvelopeStyle.values()) {
            ByteArrayOutputStream sig = new ByteArrayOutputStream();
            new NotationJwsFormat()
                    .sign(
                            new SignRequest(
                                    new Subject.Payload(
                                            NotaryPayload.MEDIA_TYPE, PAYLOAD.getBytes(StandardCharsets.UTF_8)),
                                    key,
                                    new SignatureMetadata(signingTime, expiry, TestPki.ARN, Optional.of(JOB))
                                            .withSigningParameters(Map.of(EnvelopeStyle.PARAMETER, style.value()))),
                            sig);
            Files.write(
                    out.resolve(style == EnvelopeStyle.PLUGIN ? "envelope.jws" : "envelope-portable.jws"),
                    sig.toByteArray());
        }
        Files.writeString(out.resolve("root.pem"), Pem.encode(pki.root()), StandardCharsets.US_ASCII);
        Files.writeString(
                out.resolve("expected.properties"),
                "signingTime=" + signingTime + "\nexpiry=" + expiry + "\nverifyAt="
                        + signingTime.plus(Duration.ofDays(1)) + "\nprofileVersionArn=" + TestPki.ARN + "\njobArn="
                        + JOB + "\n");
    }
}
