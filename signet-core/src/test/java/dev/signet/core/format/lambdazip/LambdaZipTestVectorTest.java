package dev.signet.core.format.lambdazip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.ca.Pem;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.Check;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed lambda-zip vector ({@code vectors/lambda-zip}, documented in docs/formats.md). */
class LambdaZipTestVectorTest {
    private static final Path VECTOR = Path.of("src/test/resources/vectors/lambda-zip");

    @TempDir
    Path dir;

    private static Properties expected() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(VECTOR.resolve("expected.properties"))) {
            p.load(in);
        }
        return p;
    }

    private static VerificationResult verifyAt(Path zip, Instant at) throws Exception {
        return Verifier.builder()
                .trustedRoots(Pem.decodeCertificates(Files.readString(VECTOR.resolve("root.pem"))))
                .clock(Clock.fixed(at, ZoneOffset.UTC))
                .build()
                .verify(new Subject.File(zip), new byte[0]);
    }

    @Test
    void signedVectorVerifiesKeepsTheOriginalAndStillUnzips() throws Exception {
        Properties p = expected();
        Path signed = VECTOR.resolve("function.signed.zip");
        VerificationResult result = verifyAt(signed, Instant.parse(p.getProperty("verifyAt")));
        assertThat(result.valid()).as(result.toString()).isTrue();

        byte[] original = Files.readAllBytes(VECTOR.resolve("function.zip"));
        long central = ZipLayout.read(VECTOR.resolve("function.zip")).centralOffset();
        assertThat(Arrays.copyOf(Files.readAllBytes(signed), (int) central))
                .isEqualTo(Arrays.copyOf(original, (int) central));
        assertThat(Tools.run("unzip", "-t", signed.toString()).exitCode()).isZero();

        VerificationResult late =
                verifyAt(signed, Instant.parse(p.getProperty("expiresAt")).plusSeconds(1));
        assertThat(late.checks().get(2).check()).isEqualTo(Check.EXPIRY);
        assertThat(late.checks().get(2).reason()).isEqualTo(ReasonCode.EXPIRED);

        byte[] changed = Files.readAllBytes(signed);
        changed[40] ^= 1;
        VerificationResult tampered =
                verifyAt(Files.write(dir.resolve("t.zip"), changed), Instant.parse(p.getProperty("verifyAt")));
        assertThat(tampered.checks().get(0).reason()).isIn(ReasonCode.INTEGRITY, ReasonCode.MALFORMED);
    }

    /**
     * The SignPayload vector: {@code function.payload.json} is the payload the client sends for
     * {@code function.zip}, {@code function.block.jws} the block in the signed vector (what SignPayload
     * answers); the block verifies against the payload alone, and embedding it gives {@code
     * function.signed.zip} byte for byte.
     */
    @Test
    void payloadVectorIsWhatTheClientSendsAndTheBlockEmbedsIntoTheSignedVector() throws Exception {
        ClientSigning client =
                ClientSignings.forPlatform("AWSLambda-SHA384-ECDSA").orElseThrow();
        byte[] payload = Files.readAllBytes(VECTOR.resolve("function.payload.json"));
        byte[] block = Files.readAllBytes(VECTOR.resolve("function.block.jws"));
        ClientSigning.Prepared prepared =
                client.prepare("AWSLambda-SHA384-ECDSA", VECTOR.resolve("function.zip"), n -> {});
        assertThat(prepared.payload()).isEqualTo(payload);

        SignatureEvidence evidence = new LambdaZipFormat()
                .verify(new Subject.Payload("application/vnd.signet.lambda-zip-digest.v1+json", payload), block);
        assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prepared.finish(block, out);
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(VECTOR.resolve("function.signed.zip")));
    }
}
