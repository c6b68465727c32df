package dev.signet.core.format.openpgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestVectors;
import dev.signet.core.testing.Tools;
import dev.signet.core.verify.ReasonCode;
import dev.signet.core.verify.VerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed openpgp vector ({@code vectors/openpgp}, documented in docs/formats.md): gpg checks
 * it with the vector's {@code public-key.asc} imported into a fresh home.
 */
class OpenPgpTestVectorTest {
    private static final TestVectors VECTOR = TestVectors.of("openpgp");

    @TempDir
    static Path dir;

    private static Path home;

    @BeforeAll
    static void importTheKey() throws Exception {
        home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Processes.Result imported = Tools.run(
                "gpg",
                "--homedir",
                home.toString(),
                "--batch",
                "--import",
                VECTOR.file("public-key.asc").toString());
        assertThat(imported.exitCode()).as(imported.output()).isZero();
    }

    private static Processes.Result gpg(Path signature, Path file) {
        return Tools.run(
                "gpg", "--homedir", home.toString(), "--batch", "--verify", signature.toString(), file.toString());
    }

    @Test
    void theVectorVerifiesWithSignetAndGpg() throws Exception {
        Path signature = VECTOR.file("release.txt.asc");
        Path release = VECTOR.file("release.txt");
        VerificationResult result = VECTOR.verify(release, Files.readAllBytes(signature));
        assertThat(result.valid()).as(result.toString()).isTrue();
        Processes.Result verified = gpg(signature, release);
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Good signature");
    }

    @Test
    void aFlippedByteFailsBoth() throws Exception {
        byte[] bytes = Files.readAllBytes(VECTOR.file("release.txt"));
        bytes[3] ^= 0x01;
        Path tampered = Files.write(dir.resolve("release.txt"), bytes);
        Path signature = VECTOR.file("release.txt.asc");
        VerificationResult result = VECTOR.verify(tampered, Files.readAllBytes(signature));
        assertThat(result.checks().get(0).reason()).isEqualTo(ReasonCode.INTEGRITY);
        assertThat(gpg(signature, tampered).exitCode()).isNotZero();
    }

    /**
     * The SignPayload vector: {@code release.payload.json} is what the client sends for {@code
     * release.txt} (35 bytes: no whole block, so the state is SHA-256's initial value and the tail the
     * whole file), and the committed signature, as SignPayload answers it, verifies against it.
     */
    @Test
    void thePayloadVectorIsWhatTheClientSendsAndTheSignatureVerifiesAgainstIt() throws Exception {
        ClientSigning client =
                ClientSignings.forPlatform("Signet-OpenPGP-SHA256").orElseThrow();
        byte[] payload = Files.readAllBytes(VECTOR.file("release.payload.json"));
        byte[] signature = Files.readAllBytes(VECTOR.file("release.txt.asc"));
        ClientSigning.Prepared prepared = client.prepare("Signet-OpenPGP-SHA256", VECTOR.file("release.txt"), n -> {});
        assertThat(prepared.payload()).isEqualTo(payload);
        SignatureEvidence evidence = new OpenPgpFormat()
                .verify(new Subject.Payload("application/vnd.signet.openpgp-digest.v1+json", payload), signature);
        assertThat(evidence.intact()).as(evidence.integrityDetail()).isTrue();
        assertThat(new OpenPgpFormat()
                        .statedArtifactDigest(
                                new Subject.Payload("application/vnd.signet.openpgp-digest.v1+json", payload)))
                .as("the artifact digest the job records: sha256sum release.txt")
                .contains("sha256:74277a647bbd469dc3b9dc2ccee8c554b366741107fda03f59c043b23c11ec61");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        prepared.finish(signature, out);
        assertThat(out.toByteArray()).isEqualTo(signature);
    }
}
