package dev.signet.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.ExitCode;
import dev.signet.cli.testing.ServerProcess;
import dev.signet.cli.testing.SignetJar;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.core.testing.Processes;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet admin account create} through the shaded jar as {@code bin/signet} runs it, against
 * a {@code signet server} process: the bootstrap key from DATA/credentials creates an account and
 * writes its administrator's key as a profile; that key is another account's (it sees none of the
 * bootstrap account's profiles) and may not create accounts.
 */
class AdminAccountIT {
    @TempDir
    Path dir;

    @Test
    void createsAnAccountWhoseKeyIsAnotherAccountsAdministrator() throws Exception {
        try (ServerProcess server = ServerProcess.start(command(Map.of(), "server", "--port", "0", "--data", "data"))) {
            Processes.Result put = run(
                    Map.of(),
                    "profile",
                    "put",
                    "bootstrap_only",
                    "--platform",
                    "Signet-CMS-SHA256-ECDSA",
                    "--data",
                    "data");
            assertThat(put.exitCode()).as(put.output()).isZero();

            Processes.Result created = run(
                    Map.of(),
                    "admin",
                    "account",
                    "create",
                    "--name",
                    "team b",
                    "--credentials-out",
                    "b-credentials",
                    "--profile-name",
                    "team-b",
                    "--data",
                    "data");
            assertThat(created.exitCode()).as(created.output()).isZero();
            assertThat(created.output()).contains("written to:", "[team-b]").doesNotContain("secret access key");
            AccessKey key = CredentialsFile.read(dir.resolve("b-credentials"))
                    .flatMap(f -> f.accessKey("team-b"))
                    .orElseThrow();
            assertThat(created.output()).contains("access key id:     " + key.id());

            Map<String, String> asB = Map.of("AWS_ACCESS_KEY_ID", key.id(), "AWS_SECRET_ACCESS_KEY", key.secret());
            Processes.Result profiles = run(asB, "profile", "list", "--data", "data");
            assertThat(profiles.exitCode()).as(profiles.output()).isZero();
            assertThat(profiles.output()).doesNotContain("bootstrap_only");
            Processes.Result refused = run(asB, "admin", "account", "create", "--data", "data");
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(ExitCode.REJECTED);
            assertThat(refused.output()).contains("403 AccessDeniedException", "signet:CreateAccount");

            Processes.Result list = run(Map.of(), "admin", "account", "list", "--data", "data");
            assertThat(list.exitCode()).as(list.output()).isZero();
            assertThat(list.output().lines().filter(l -> l.contains("ACTIVE"))).hasSize(2);
            assertThat(list.output()).contains("team b");
        }
    }

    private Processes.Result run(Map<String, String> env, String... args) {
        return SignetJar.run(dir, env, args);
    }

    private ProcessBuilder command(Map<String, String> env, String... args) {
        return SignetJar.command(dir, env, args);
    }
}
