package dev.signet.cli.testing;

import dev.signet.core.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar signet.jar ARGS} (the shaded jar the IT phase is given as {@code signet.jar}) in
 * a directory, with the environment's AWS settings and {@code SIGNET_HOME} removed and {@code env}
 * added: a command as {@code bin/signet} runs it.
 */
public final class SignetJar {
    private static final Duration COMMAND = Duration.ofSeconds(120);

    private SignetJar() {}

    /** The process to run (e.g. for {@link ServerProcess#start}). */
    public static ProcessBuilder command(Path dir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(System.getProperty("signet.jar"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("SIGNET_HOME"));
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs a command to its end, bounded to two minutes. */
    public static Processes.Result run(Path dir, Map<String, String> env, String... args) {
        return Processes.run(command(dir, env, args), COMMAND);
    }
}
