package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/signet} finds the command's name past the global options exactly as {@link
 * GlobalOptions#commandIndex} does, and launches {@code server} as a server (the jar's main class,
 * default JIT) and everything else as a one-shot client. Runs the real script in its dry-run mode
 * ({@code SIGNET_LAUNCH_DRY_RUN=1}: it prints the launch and exits before building or starting Java).
 */
class LauncherArgumentsTest {
    private static final Path LAUNCHER =
            Path.of("..").toAbsolutePath().normalize().resolve("bin/signet");

    static Stream<Arguments> invocations() {
        return Stream.of(
                Arguments.of((Object) new String[] {"server"}),
                Arguments.of((Object) new String[] {"--data", "d", "server", "--port", "0"}),
                Arguments.of((Object) new String[] {"--data=d", "--debug", "server"}),
                Arguments.of((Object) new String[] {"--data", "server", "profile", "list"}),
                Arguments.of((Object) new String[] {"-o", "json", "verify", "f.txt"}),
                Arguments.of((Object) new String[] {"-ojson", "--endpoint", "http://127.0.0.1:1", "sign", "f"}),
                Arguments.of((Object) new String[] {"--output=json", "--endpoint=http://x", "verify", "f"}),
                Arguments.of((Object) new String[] {"verify", "--data", "d", "f"}),
                Arguments.of((Object) new String[] {"--help"}),
                Arguments.of((Object) new String[] {"--data", "d"}),
                Arguments.of((Object) new String[] {}));
    }

    @ParameterizedTest
    @MethodSource("invocations")
    void theLauncherAndTheCliAgreeOnTheCommand(String[] args) throws Exception {
        int index = GlobalOptions.commandIndex(args);
        String expected = index < args.length ? args[index] : "";

        List<String> lines = dryRun(args);

        assertThat(lines).first().isEqualTo("command: " + expected);
        String launch = lines.get(1);
        if (expected.equals("server")) {
            assertThat(launch).contains("-jar ").doesNotContain("TieredStopAtLevel");
        } else {
            assertThat(launch).contains("-XX:TieredStopAtLevel=1", "dev.signet.cli.Main");
        }
        assertThat(launch.contains("-Xmn96m")).isEqualTo(expected.equals("sign"));
    }

    private static List<String> dryRun(String[] args) {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SIGNET_LAUNCH_DRY_RUN", "1");
        Processes.Result result = Processes.run(pb, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().lines().toList();
    }
}
