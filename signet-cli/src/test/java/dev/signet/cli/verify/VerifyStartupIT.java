package dev.signet.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet verify} stays light: run from the shaded jar, it never loads the AWS SDK, the
 * server, the HTTP stack, ACCP or the BouncyCastle JCA provider (a structural check of start-up
 * cost, not a timing assertion).
 */
class VerifyStartupIT {
    private static final List<String> FORBIDDEN = List.of(
            "software.amazon.awssdk.",
            "dev.signet.server.",
            "io.javalin.",
            "org.eclipse.jetty.",
            "org.jdbi.",
            // verification runs on the JDK's providers: no ACCP native load, no BouncyCastle provider
            "com.amazon.corretto.crypto.provider.",
            "org.bouncycastle.jce.provider.BouncyCastleProvider ");

    @TempDir
    Path dir;

    @Test
    void verifyLoadsNoServerOrSdkClasses() throws Exception {
        OfflineSigner signer = new OfflineSigner(dir.resolve("signer"));
        Path file = Files.writeString(dir.resolve("f.txt"), "light");
        Files.write(dir.resolve("f.txt.p7s"), signer.sign(file));
        signer.writeRoot(dir.resolve("root.pem"));

        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xlog:class+load=info:stdout",
                        "-jar",
                        System.getProperty("signet.jar"),
                        "verify",
                        "f.txt",
                        "--signature",
                        "f.txt.p7s",
                        "--trust",
                        "root.pem")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("VALID: ");
        List<String> loaded =
                output.lines().filter(l -> l.contains("class,load")).toList();
        assertThat(loaded).isNotEmpty();
        assertThat(loaded).noneMatch(l -> FORBIDDEN.stream().anyMatch(l::contains));
    }
}
