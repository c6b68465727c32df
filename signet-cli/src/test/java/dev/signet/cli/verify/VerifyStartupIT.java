package dev.signet.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet verify} stays light: run from the shaded jar, it never loads the AWS SDK, the
 * server, the HTTP stack, ACCP or the BouncyCastle JCA provider; a plain verification loads no
 * logging library, and picocli builds the model of {@code verify} alone (no other command's options,
 * no client classes their methods name). A structural check of start-up cost, not a timing
 * assertion.
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

    /**
     * What a plain {@code verify FILE --signature SIG --trust ROOT} does not load either: the logging
     * library, and what building the other commands' models would (their option types, the client
     * classes their methods take or return).
     */
    private static final List<String> FORBIDDEN_IN_PLAIN_VERIFY = List.of(
            "org.slf4j.",
            "dev.signet.cli.http.",
            "dev.signet.cli.client.PayloadSigningClient ",
            "dev.signet.cli.client.SignedPayload ",
            "dev.signet.cli.client.ProfileView ",
            "dev.signet.cli.profile.ProfilePutCommand",
            "dev.signet.cli.certificate.CertificateImportCommand ",
            "dev.signet.cli.ca.CaExportCommand ",
            "dev.signet.cli.ca.RootFetcher",
            "dev.signet.cli.trustbundle.TrustBundleExportCommand ");

    @TempDir
    Path dir;

    /** A time-stamped signature, as the server makes them: the token is checked on the JDK's providers too. */
    @Test
    void verifyLoadsNoServerOrSdkClasses() throws Exception {
        OfflineSigner signer = new OfflineSigner(dir.resolve("signer"));
        Path file = Files.writeString(dir.resolve("f.txt"), "light");
        Files.write(dir.resolve("f.txt.p7s"), signer.signTimestamped(file));
        signer.writeRoot(dir.resolve("root.pem"));

        String output = runJar(0, "verify", "f.txt", "--signature", "f.txt.p7s", "--trust", "root.pem");
        assertThat(output).contains("OK TIMESTAMP: time-stamped at", "VALID: ");
        assertThat(output.lines().filter(l -> l.contains("class,load")))
                .noneMatch(l -> FORBIDDEN_IN_PLAIN_VERIFY.stream().anyMatch(l::contains))
                .anyMatch(l -> l.contains(" picocli.CommandLine "));
    }

    /** The offline deploy gate, too: policy file and trust bundle, signet-core alone. */
    @Test
    void offlineGateLoadsNoServerOrSdkClasses() throws Exception {
        OfflineSigner signer = new OfflineSigner(dir.resolve("signer"));
        Path file = Files.writeString(dir.resolve("f.txt"), "light");
        Files.write(dir.resolve("f.txt.p7s"), signer.sign(file));
        signer.writeTrustBundle(dir.resolve("bundle.jose"));
        Files.writeString(
                dir.resolve("policy.json"),
                "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + OfflineSigner.profileVersionArn()
                        + "\"]},\"CodeSigningPolicies\":{\"UntrustedArtifactOnDeployment\":\"Enforce\"}}");

        String output = runJar(
                0,
                "verify",
                "f.txt",
                "--signature",
                "f.txt.p7s",
                "--csc",
                "policy.json",
                "--offline",
                "--trust-bundle",
                "bundle.jose");
        assertThat(output).contains("OK PUBLISHER", "OK REVOCATION", "ALLOWED: f.txt (policy Enforce, 0 warnings)");
    }

    /** Runs the shaded jar in {@link #dir}, logging class loads; asserts no forbidden class loaded. */
    private String runJar(int expectedExit, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:stdout",
                "-jar",
                System.getProperty("signet.jar")));
        command.addAll(List.of(args));
        Processes.Result run =
                Processes.run(new ProcessBuilder(command).directory(dir.toFile()), Duration.ofSeconds(120));
        String output = run.output();

        assertThat(run.exitCode()).as(output).isEqualTo(expectedExit);
        List<String> loaded =
                output.lines().filter(l -> l.contains("class,load")).toList();
        assertThat(loaded).isNotEmpty();
        assertThat(loaded).noneMatch(l -> FORBIDDEN.stream().anyMatch(l::contains));
        return output;
    }
}
