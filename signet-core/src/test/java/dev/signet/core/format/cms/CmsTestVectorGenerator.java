package dev.signet.core.format.cms;

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
import java.util.Optional;

/**
 * Writes the committed cms-detached test vector (not a test; run by hand with {@code main}). ECDSA
 * signatures are randomized and keys are fresh, so each run gives a new, equally valid vector;
 * {@link CmsTestVectorTest} checks whichever is committed.
 */
public final class CmsTestVectorGenerator {
    private CmsTestVectorGenerator() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "signet-core/src/test/resources/vectors/cms-detached");
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("signet-vector");
        TestPki pki = new TestPki(work);
        Instant signingTime = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant notBefore = signingTime.minus(Duration.ofMinutes(10));
        Instant notAfter = signingTime.plus(Duration.ofDays(3650));
        for (KeyAlgorithm algorithm : new KeyAlgorithm[] {KeyAlgorithm.ECDSA_P256, KeyAlgorithm.RSA_3072}) {
            SigningKey key = pki.signingKey(algorithm, notBefore, notAfter);
            Path input = Files.writeString(out.resolve("input.txt"), "Signet test vector: hello, world\n");
            ByteArrayOutputStream sig = new ByteArrayOutputStream();
            new CmsDetachedFormat()
                    .sign(
                            new SignRequest(
                                    new Subject.File(input),
                                    key,
                                    new SignatureMetadata(signingTime, notAfter, TestPki.ARN, Optional.empty())),
                            sig);
            Files.write(out.resolve(algorithm.name().toLowerCase() + ".p7s"), sig.toByteArray());
        }
        Files.writeString(out.resolve("root.pem"), Pem.encode(pki.root()), StandardCharsets.US_ASCII);
        Files.writeString(
                out.resolve("expected.properties"),
                "signingTime=" + signingTime + "\nverifyAt=" + signingTime.plus(Duration.ofDays(1)) + "\nexpiresAt="
                        + notAfter + "\nprofileVersionArn=" + TestPki.ARN + "\n");
    }
}
