package dev.signet.cli.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.testing.ServerProcess;
import dev.signet.core.testing.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README honest: runs its tested shell blocks ({@link ReadmeScript}: the five-minute
 * walkthrough, the deploy gate, the AWS CLI session) as written, in a fresh directory whose {@code
 * bin/signet} is the real launcher, against the server its server block starts ({@code bin/signet
 * server}, with {@code --port 0} added: 8080 may be taken), and checks every exit code and printed
 * line the README states, then that the server stops cleanly on SIGTERM. The AWS CLI is whatever
 * {@code aws} is on PATH (v1 in the test environment); the environment's AWS settings are cleared.
 */
class ReadmeIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration BLOCK = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @Test
    void theReadmeDoesWhatItSays() throws Exception {
        List<ReadmeScript.Block> blocks =
                ReadmeScript.blocks(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        assertThat(blocks).extracting(ReadmeScript.Block::kind).startsWith("server", "shell");
        Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(dir.resolve("bin/signet"), ROOT.resolve("bin/signet"));
        Files.writeString(dir.resolve("aws-config"), "");

        ReadmeScript.Command serverCommand =
                ReadmeScript.commands(blocks.get(0)).get(0);
        assertThat(serverCommand.text()).isEqualTo("bin/signet server");
        List<String> problems = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(
                environment(new ProcessBuilder(dir.resolve("bin/signet").toString(), "server", "--port", "0")))) {
            int port = server.endpoint().getPort();
            assertThat(server.lines())
                    .as("the listening line, as the README shows it (with the port chosen)")
                    .contains(serverCommand.expectedOutput().get(0).replace(":8080", ":" + port));

            for (int b = 1; b < blocks.size(); b++) {
                problems.addAll(run(b, blocks.get(b)));
            }

            server.stop();
            assertThat(dir.resolve("signet-data/endpoint"))
                    .as("a clean shutdown removes the endpoint file")
                    .doesNotExist();
        }
        assertThat(problems).as("what the README says and what happened differ").isEmpty();
    }

    private List<String> run(int index, ReadmeScript.Block block) throws Exception {
        assertThat(block.kind()).isEqualTo("shell");
        List<ReadmeScript.Command> commands = ReadmeScript.commands(block);
        Path script = Files.writeString(dir.resolve("block-" + index + ".sh"), ReadmeScript.script(commands));
        Processes.Result result = Processes.run(environment(new ProcessBuilder("bash", script.toString())), BLOCK);
        Map<Integer, ReadmeScript.Outcome> outcomes = ReadmeScript.outcomes(result.output());
        List<String> problems = new ArrayList<>();
        for (int k = 0; k < commands.size(); k++) {
            ReadmeScript.mismatch(commands.get(k), Optional.ofNullable(outcomes.get(k)))
                    .ifPresent(p -> problems.add("block " + index + ": " + p));
        }
        return problems;
    }

    private ProcessBuilder environment(ProcessBuilder pb) {
        pb.directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("SIGNET_"));
        pb.environment().put("AWS_CONFIG_FILE", dir.resolve("aws-config").toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return pb;
    }
}
