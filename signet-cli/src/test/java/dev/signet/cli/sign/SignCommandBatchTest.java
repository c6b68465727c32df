package dev.signet.cli.sign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet sign FILE...} with many files against the real server (in process, free port): the
 * files are signed several at a time, yet every signature lands next to its own file, verifies, and
 * is reported in the order the files were given on the command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignCommandBatchTest {
    private static final String PROFILE = "cli_batch";
    private static final int FILES = 40;

    @TempDir
    static Path dir;

    private SignetServer server;
    private CliRunner cli;
    private String endpoint;

    @BeforeAll
    void startServer() {
        Path data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data));
        endpoint = server.endpoint().toString();
        cli = new CliRunner(Map.of("SIGNET_HOME", data.toString()), dir);
        CliRunner.Result put = run("profile", "put", PROFILE, "--platform", "Signet-CMS-SHA256-ECDSA");
        assertThat(put.exitCode()).as(put.err()).isZero();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private CliRunner.Result run(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("--endpoint");
        all.add(endpoint);
        return cli.run(all.toArray(String[]::new));
    }

    private CliRunner.Result run(String... args) {
        return run(List.of(args));
    }

    /** FILES files in a shuffled command-line order (so input order is not name order). */
    private List<String> shuffledFiles(String prefix) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            String name = prefix + i + ".txt";
            Files.writeString(dir.resolve(name), ("small file " + i + "\n").repeat(16));
            names.add(name);
        }
        Collections.shuffle(names, new Random(42));
        return names;
    }

    @Test
    void signsManyFilesEachIntoItsOwnSignatureReportedInArgumentOrder() throws Exception {
        List<String> names = shuffledFiles("batch");
        List<String> args = new ArrayList<>(List.of("sign", "--profile", PROFILE));
        args.addAll(names);

        CliRunner.Result sign = run(args);

        assertThat(sign.exitCode()).as(sign.err()).isZero();
        assertThat(sign.err()).isEmpty();
        List<String> lines = sign.out().lines().toList();
        assertThat(lines).hasSize(2 * FILES);
        for (int i = 0; i < FILES; i++) {
            Path file = dir.resolve(names.get(i));
            assertThat(lines.get(2 * i)).isEqualTo("signed " + file + " -> " + file + ".p7s");
            assertThat(lines.get(2 * i + 1)).matches("job [0-9a-f-]{36}");
        }
        assertThat(lines.stream().filter(l -> l.startsWith("job ")).distinct()).hasSize(FILES);
        for (String name : names) {
            CliRunner.Result verify = cli.run("verify", name, "--signature", name + ".p7s");
            assertThat(verify.exitCode()).as(name + ": " + verify.out()).isZero();
        }
        // a signature is over its own file: another file of the batch fails against it
        CliRunner.Result crossed = cli.run("verify", names.get(0), "--signature", names.get(1) + ".p7s");
        assertThat(crossed.exitCode()).isEqualTo(ExitCode.INVALID);
    }

    @Test
    void reportsTheBatchAsJsonInArgumentOrder() throws Exception {
        List<String> names = shuffledFiles("json");
        List<String> args = new ArrayList<>(List.of("sign", "--profile", PROFILE, "--output", "json"));
        args.addAll(names);

        CliRunner.Result sign = run(args);

        assertThat(sign.exitCode()).as(sign.err()).isZero();
        int last = -1;
        for (String name : names) {
            int at = sign.out().indexOf("\"" + dir.resolve(name) + ".p7s\"");
            assertThat(at).as(name).isGreaterThan(last);
            last = at;
        }
    }

    @Test
    void anUnknownProfileSignsNothing() throws Exception {
        List<String> names = shuffledFiles("unknown");
        List<String> args = new ArrayList<>(List.of("sign", "--profile", "no_such_profile"));
        args.addAll(names);

        CliRunner.Result sign = run(args);

        assertThat(sign.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(sign.err()).startsWith("signet: ResourceNotFoundException");
        assertThat(sign.out()).isEmpty();
        for (String name : names) {
            assertThat(dir.resolve(name + ".p7s")).doesNotExist();
        }
    }
}
