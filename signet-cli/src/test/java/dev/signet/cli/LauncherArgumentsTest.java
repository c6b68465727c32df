package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.Processes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/signet} finds the command's name past the global options exactly as picocli does for
 * {@link Main} (knowing only which options take a value, from the launch files the build writes out
 * of picocli's model), and starts it with the JVM flags {@link Launch} gives that command: {@code
 * server} with the JVM's defaults, every other command as a one-shot client from the class-data
 * archive, {@code sign} with its own young generation. Runs the real script in its dry-run mode
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
                Arguments.of((Object) new String[] {"--data", "sign", "server"}),
                Arguments.of((Object) new String[] {"-o", "json", "verify", "f.txt"}),
                Arguments.of((Object) new String[] {"-ojson", "--endpoint", "http://127.0.0.1:1", "sign", "f"}),
                Arguments.of((Object) new String[] {"--output=json", "--endpoint=http://x", "verify", "f"}),
                Arguments.of((Object) new String[] {"--output", "json", "verify", "f"}),
                Arguments.of((Object) new String[] {"verify", "--data", "d", "f"}),
                Arguments.of((Object) new String[] {"-h"}),
                Arguments.of((Object) new String[] {"--help"}),
                Arguments.of((Object) new String[] {"--data", "d"}),
                Arguments.of((Object) new String[] {}));
    }

    @ParameterizedTest
    @MethodSource("invocations")
    void theLauncherAndTheCliAgreeOnTheCommandAndItsJvm(String[] args) {
        CliContext context = new CliContext(
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), Path.of("."));
        String expected = Main.Invocation.of(context, args).command().orElse("");

        List<String> lines = dryRun(args);

        assertThat(lines).first().isEqualTo("command: " + expected);
        List<String> flags =
                List.of(lines.get(1).substring("java ".length()).strip().split(" +"));
        List<String> wanted = new ArrayList<>(Launch.jvmFlags(expected.isEmpty() ? null : expected));
        if (!expected.equals("server")) {
            wanted.addAll(Launch.archiveFlags(Path.of("target/signet-client.jsa")));
        }
        assertThat(String.join(" ", flags).strip()).isEqualTo(String.join(" ", wanted));
        assertThat(flags.contains("-XX:TieredStopAtLevel=1")).isEqualTo(!expected.equals("server"));
        assertThat(flags.contains("-Xmn96m")).isEqualTo(expected.equals("sign"));
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
