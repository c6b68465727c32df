package dev.signet.core.format.jar;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes the committed JAR SignPayload vector, {@code vectors/jar-payload/} (not a test; run by hand
 * with {@code main} from the repository root): the signature file the client builds for {@code
 * vectors/jar/app.jar} and the payload it sends for it. Both depend on the jar's bytes only, so
 * every run writes the same signature file; {@code JarTestVectorTest} checks them.
 */
public final class JarPayloadVectorGenerator {
    private JarPayloadVectorGenerator() {}

    public static void main(String[] args) throws Exception {
        Path vectors = Path.of(args.length > 0 ? args[0] : "signet-core/src/test/resources/vectors");
        ClientSigning.Prepared prepared =
                new JarClientSigning().prepare("Signet-JAR-SHA256-ECDSA", vectors.resolve("jar/app.jar"), n -> {});
        Path out = Files.createDirectories(vectors.resolve("jar-payload"));
        Files.write(out.resolve("app.payload.deflate"), prepared.payload());
        byte[] signatureFile = JarClientSigningTest.inflate(prepared.payload());
        Files.write(out.resolve("app.SF"), signatureFile);

        // the fuzz seed of JarFormatFuzz#stated: the signature file, NUL, a block signed for it
        TestPki pki = new TestPki(Files.createTempDirectory("signet-vector"));
        Instant now = Instant.now();
        SigningKey key =
                pki.signingKey(KeyAlgorithm.ECDSA_P256, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        new JarFormat()
                .sign(
                        new SignRequest(
                                new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, prepared.payload()),
                                key,
                                new SignatureMetadata(
                                        now, now.plus(Duration.ofDays(1)), TestPki.ARN, Optional.empty())),
                        block);
        ByteArrayOutputStream seed = new ByteArrayOutputStream();
        seed.write(signatureFile);
        seed.write(0);
        seed.write(block.toByteArray());
        Path seeds = Files.createDirectories(
                vectors.resolveSibling("dev/signet/core/format/jar/JarFormatFuzzInputs/stated"));
        Files.write(seeds.resolve("vector"), seed.toByteArray());
    }
}
