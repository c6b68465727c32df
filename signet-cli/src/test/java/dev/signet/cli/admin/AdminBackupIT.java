package dev.signet.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.ExitCode;
import dev.signet.cli.testing.ServerProcess;
import dev.signet.cli.testing.SignetJar;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet admin backup} and {@code signet admin restore} through the shaded jar as {@code
 * bin/signet} runs them: a backup of a running {@code signet server} process (passphrase from the
 * environment), refused restores (wrong passphrase, a tampered archive, a non-empty directory)
 * leaving nothing, a restore (passphrase from a file), and a server on the restored directory that
 * verifies the old signature against the same root and signs with the same certificate and the
 * same access key.
 */
class AdminBackupIT {
    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path dir;

    @Test
    void aBackupOfARunningServerRestoresToANodeThatSignsWithTheSameKeys() throws Exception {
        Files.writeString(dir.resolve("app.bin"), "release 2.0\n");
        Files.writeString(dir.resolve("passphrase"), PASSPHRASE + "\n");
        Files.writeString(dir.resolve("wrong"), "not the passphrase\n");
        Map<String, String> env = Map.of("BACKUP_PASSPHRASE", PASSPHRASE);
        try (ServerProcess server = ServerProcess.start(command(Map.of(), "server", "--port", "0", "--data", "data"))) {
            ok(run(Map.of(), "profile", "put", "kept", "--platform", "Signet-CMS-SHA256-ECDSA", "--data", "data"));
            ok(run(Map.of(), "sign", "app.bin", "--profile", "kept", "--data", "data"));

            Processes.Result asFlag = run(env, "admin", "backup", "--out", "x", "--passphrase", PASSPHRASE);
            assertThat(asFlag.exitCode()).as(asFlag.output()).isEqualTo(ExitCode.USAGE);

            Processes.Result backup = run(
                    env,
                    "admin",
                    "backup",
                    "--out",
                    "node.backup",
                    "--passphrase-env",
                    "BACKUP_PASSPHRASE",
                    "--data",
                    "data");
            ok(backup);
            assertThat(backup.output()).contains("wrote ", "node.backup", "encrypted");
            assertThat(server.stop()).isZero();
        }

        Processes.Result wrong = restore("node.backup", "wrong");
        assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(ExitCode.REJECTED);
        assertThat(wrong.output()).contains("wrong passphrase");
        assertThat(dir.resolve("restored")).doesNotExist();

        byte[] archive = Files.readAllBytes(dir.resolve("node.backup"));
        archive[archive.length / 2] ^= 0x20;
        Files.write(dir.resolve("tampered.backup"), archive);
        Processes.Result tampered = restore("tampered.backup", "passphrase");
        assertThat(tampered.exitCode()).as(tampered.output()).isEqualTo(ExitCode.REJECTED);
        assertThat(tampered.output()).contains("altered");
        assertThat(dir.resolve("restored")).doesNotExist();
        assertThat(dir.resolve("restored.restoring")).doesNotExist();

        Processes.Result restore = restore("node.backup", "passphrase");
        ok(restore);
        assertThat(restore.output()).contains("restored ", "signet server --data ");
        Processes.Result again = restore("node.backup", "passphrase");
        assertThat(again.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(again.output()).contains("is not empty");

        assertThat(Files.readAllBytes(dir.resolve("restored/credentials")))
                .isEqualTo(Files.readAllBytes(dir.resolve("data/credentials")));
        assertThat(Files.readAllBytes(dir.resolve("restored/ca/root.pem")))
                .isEqualTo(Files.readAllBytes(dir.resolve("data/ca/root.pem")));
        try (ServerProcess server =
                ServerProcess.start(command(Map.of(), "server", "--port", "0", "--data", "restored"))) {
            Processes.Result old = Openssl.cmsVerify(
                    dir.resolve("app.bin.p7s"), dir.resolve("app.bin"), dir.resolve("restored/ca/root.pem"));
            assertThat(old.ok()).as(old.output()).isTrue();
            ok(run(Map.of(), "sign", "app.bin", "--profile", "kept", "--out", "new.p7s", "--data", "restored"));
            ok(run(Map.of(), "verify", "app.bin", "--signature", "new.p7s", "--trust", "restored/ca/root.pem"));
            assertThat(signer(dir.resolve("new.p7s"))).isEqualTo(signer(dir.resolve("app.bin.p7s")));
        }
    }

    /** {@code signet admin restore --from ARCHIVE --passphrase-file FILE --data restored}. */
    private Processes.Result restore(String archive, String passphraseFile) {
        return run(
                Map.of(),
                "admin",
                "restore",
                "--from",
                archive,
                "--passphrase-file",
                passphraseFile,
                "--data",
                "restored");
    }

    private static void ok(Processes.Result result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private static X509CertificateHolder signer(Path signature) throws Exception {
        CMSSignedData cms = new CMSSignedData(Files.readAllBytes(signature));
        SignerInformation info = cms.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        var matches = cms.getCertificates().getMatches(info.getSID());
        return (X509CertificateHolder) matches.iterator().next();
    }

    private Processes.Result run(Map<String, String> env, String... args) {
        return SignetJar.run(dir, env, args);
    }

    private ProcessBuilder command(Map<String, String> env, String... args) {
        return SignetJar.command(dir, env, args);
    }
}
