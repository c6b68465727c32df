package dev.signet.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.core.crypto.KeyAlgorithm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet verify FILE} without {@code --signature}: signatures embedded in a signed Lambda zip. */
class EmbeddedVerifyCommandTest {
    @TempDir
    Path dir;

    private CliRunner cli;
    private Path unsigned;

    @BeforeEach
    void signAZip() throws Exception {
        cli = new CliRunner(Map.of(), dir);
        OfflineSigner signer = new OfflineSigner(dir.resolve("signer"), KeyAlgorithm.ECDSA_P384);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("index.js"));
            zip.write("exports.handler = async () => 1;\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        unsigned = Files.write(dir.resolve("function.zip"), bytes.toByteArray());
        Files.write(dir.resolve("signed.zip"), signer.sign(unsigned, "AWSLambda-SHA384-ECDSA"));
        signer.writeRoot(dir.resolve("root.pem"));
    }

    @Test
    void signedZipVerifiesWithoutADetachedSignature() {
        CliRunner.Result r = cli.run("verify", "signed.zip", "--trust", "root.pem");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("OK INTEGRITY: intact lambda-zip signature", "VALID: ");
    }

    @Test
    void changedByteOrNoSignatureIsInvalid() throws Exception {
        byte[] signed = Files.readAllBytes(dir.resolve("signed.zip"));
        signed[35] ^= 0x01;
        Files.write(dir.resolve("signed.zip"), signed);
        CliRunner.Result tampered = cli.run("verify", "signed.zip", "--trust", "root.pem");
        assertThat(tampered.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(tampered.out()).containsPattern("FAIL INTEGRITY (INTEGRITY|MALFORMED)");

        CliRunner.Result none = cli.run("verify", "function.zip", "--trust", "root.pem");
        assertThat(none.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(none.out()).contains("FAIL INTEGRITY UNSIGNED");
    }
}
