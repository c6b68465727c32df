package dev.signet.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code signet verify} over signatures made by signet-core in process: no server involved. */
class VerifyCommandTest {
    @TempDir
    Path dir;

    private CliRunner cli;
    private Path artifact;
    private Path signature;
    private Path root;

    @BeforeEach
    void signAFile() throws Exception {
        cli = new CliRunner(Map.of(), dir);
        OfflineSigner signer = new OfflineSigner(dir.resolve("signer"));
        artifact = dir.resolve("artifact.bin");
        byte[] content = new byte[100_000];
        new Random(42).nextBytes(content);
        Files.write(artifact, content);
        signature = Files.write(dir.resolve("artifact.bin.p7s"), signer.sign(artifact));
        root = signer.writeRoot(dir.resolve("root.pem"));
    }

    @Test
    void validSignatureExitsZeroWithOneOkLinePerCheck() {
        CliRunner.Result r =
                cli.run("verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--trust", "root.pem");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out())
                .contains("OK INTEGRITY", "OK CHAIN", "OK EXPIRY", "VALID: ")
                .doesNotContain("FAIL");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4_999, 99_999})
    void oneChangedByteFailsIntegrity(int position) throws Exception {
        byte[] content = Files.readAllBytes(artifact);
        content[position] ^= 0x01;
        Files.write(artifact, content);
        CliRunner.Result r =
                cli.run("verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--trust", "root.pem");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.out()).contains("FAIL INTEGRITY INTEGRITY: ", "INVALID: ");
    }

    @Test
    void anotherDeploymentsRootIsNotTrusted() throws Exception {
        Path otherRoot = new OfflineSigner(dir.resolve("other")).writeRoot(dir.resolve("other.pem"));
        CliRunner.Result r =
                cli.run("verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--trust", otherRoot.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.out()).contains("FAIL CHAIN UNTRUSTED_CHAIN: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a signature", "0\u0082\u0001\u0000garbage", "-----BEGIN PKCS7-----\n!!\n"})
    void unparsableSignatureIsMalformedNotACrash(String garbage) throws Exception {
        Files.writeString(signature, garbage);
        CliRunner.Result r =
                cli.run("verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--trust", "root.pem");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.out()).contains("FAIL INTEGRITY MALFORMED: ");
        assertThat(r.err()).isEmpty();
    }

    /**
     * A parser with a bug is Signet's failure: exit 5 and one line naming it, no verdict and no
     * MALFORMED; the stack trace with --debug.
     */
    @Test
    void aVerificationSignetCannotFinishExitsFiveWithoutAVerdict() throws Exception {
        Files.write(signature, dev.signet.core.testing.BrokenFormat.signature());
        String expected = "signet: internal error: verifying a test-broken signature over the file "
                + artifact.toRealPath() + " failed: java.lang.IllegalStateException: "
                + dev.signet.core.testing.BrokenFormat.FAILURE + " (rerun with --debug for the stack trace)";
        for (String output : new String[] {"text", "json"}) {
            CliRunner.Result r = cli.run(
                    "verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--trust", "root.pem", "-o", output);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INTERNAL);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().strip()).isEqualTo(expected);
        }
        CliRunner.Result debug =
                cli.run("--debug", "verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--trust", "root.pem");
        assertThat(debug.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(debug.err()).startsWith(expected).contains("at dev.signet.core.testing.BrokenFormat.verify");
    }

    @Test
    void emptySignatureIsUnsigned() throws Exception {
        Files.write(signature, new byte[0]);
        CliRunner.Result r =
                cli.run("verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--trust", "root.pem");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.out()).contains("FAIL INTEGRITY UNSIGNED: ");
    }

    @Test
    void jsonOutputCarriesEveryCheck() throws Exception {
        Files.write(artifact, new byte[] {1, 2, 3});
        CliRunner.Result r = cli.run(
                "verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--trust", "root.pem", "--output", "json");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.out()).contains("\"valid\": false", "\"check\": \"INTEGRITY\"", "\"reason\": \"INTEGRITY\"");
    }

    @Test
    void trustsTheLocalDataDirRootByDefault() throws Exception {
        Files.createDirectories(dir.resolve("data/ca"));
        Files.copy(root, dir.resolve("data/ca/root.pem"));
        CliRunner.Result r = cli.run("verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--data", "data");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        CliRunner.Result viaEnv = new CliRunner(
                        Map.of("SIGNET_HOME", dir.resolve("data").toString()), dir)
                .run("verify", "artifact.bin", "--signature", "artifact.bin.p7s");
        assertThat(viaEnv.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void noTrustAnchorIsAUsageError() {
        CliRunner.Result r = cli.run("verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--data", "empty");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("no trust anchor", "--trust");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "hello"})
    void badTrustFileIsAUsageError(String content) throws Exception {
        Files.writeString(dir.resolve("bad.pem"), content);
        CliRunner.Result r = cli.run("verify", "artifact.bin", "--signature", "artifact.bin.p7s", "--trust", "bad.pem");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("bad.pem");
    }
}
