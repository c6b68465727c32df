package dev.signet.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet verify FILE} without {@code --signature}: the signature embedded in a signed JAR. */
class VerifyEmbeddedTest {
    @TempDir
    Path dir;

    private CliRunner cli;
    private Path signed;

    @BeforeEach
    void signAJar() throws Exception {
        cli = new CliRunner(Map.of(), dir);
        OfflineSigner signer = new OfflineSigner(dir.resolve("signer"));
        Path jar = dir.resolve("app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream raw = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(raw, manifest)) {
            out.putNextEntry(new ZipEntry("app/data.txt"));
            out.write("embedded signature test\n".repeat(20).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        signed = Files.write(dir.resolve("app-signed.jar"), signer.sign(jar, "Signet-JAR-SHA256-ECDSA"));
        signer.writeRoot(dir.resolve("root.pem"));
    }

    @Test
    void aSignedJarVerifiesWithoutADetachedSignature() {
        CliRunner.Result r = cli.run("verify", "app-signed.jar", "--trust", "root.pem");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("VALID");
    }

    @Test
    void anUnsignedFileIsUnsigned() throws Exception {
        Files.writeString(dir.resolve("plain.txt"), "no signature here");
        CliRunner.Result r = cli.run("verify", "plain.txt", "--trust", "root.pem");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.out()).contains("UNSIGNED");
    }
}
