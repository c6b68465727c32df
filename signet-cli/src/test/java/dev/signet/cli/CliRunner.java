package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@code signet} in process with a given environment and captures what it prints. */
public final class CliRunner {
    private final Map<String, String> env;
    private final Path workingDir;

    public CliRunner(Map<String, String> env, Path workingDir) {
        this.env = Map.copyOf(env);
        this.workingDir = workingDir;
    }

    /** One invocation's exit code and output. */
    public record Result(int exitCode, String out, String err) {}

    /** {@code r}, which must have exited 0 (its output is the failure's message). */
    public static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return r;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new CliContext(new PrintWriter(out), new PrintWriter(err), env, workingDir), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** As {@link #run}, with every subcommand built, as picocli's eager model of the whole command tree would be. */
    public Result runWithEveryCommand(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err), env, workingDir);
        int code = Main.fullCommandLine(context).execute(args);
        context.out().flush();
        context.err().flush();
        return new Result(code, out.toString(), err.toString());
    }
}
