package dev.signet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command may touch of its surroundings: where to print, the environment variables and the
 * working directory. Injected so that tests run commands in process without touching the real
 * environment.
 */
public record CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, Path workingDir) {
    public CliContext {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(workingDir, "workingDir");
    }

    /** The real process: System.out/err, the process environment and {@code user.dir}. */
    public static CliContext system() {
        return new CliContext(
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                System.getenv(),
                Path.of(System.getProperty("user.dir")));
    }

    /** A non-blank environment variable. */
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A path as the user typed it, resolved against the working directory. */
    public Path resolve(Path path) {
        return workingDir.resolve(path).normalize();
    }
}
