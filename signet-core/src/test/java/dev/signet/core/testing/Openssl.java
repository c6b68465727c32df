package dev.signet.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real openssl; a missing openssl fails the test (it is never skipped). */
public final class Openssl {
    private Openssl() {}

    public record Result(int exitCode, String output) {}

    /**
     * {@code openssl cms -verify -binary -purpose any} of a detached DER signature over {@code content},
     * trusting {@code caFile}; {@code extra} options (e.g. {@code -attime T}) go before the inputs.
     */
    public static Result cmsVerify(Path signature, Path content, Path caFile, String... extra) {
        List<String> args = new ArrayList<>(List.of("cms", "-verify", "-binary", "-purpose", "any"));
        args.addAll(List.of(extra));
        args.addAll(List.of(
                "-CAfile",
                caFile.toString(),
                "-content",
                content.toString(),
                "-inform",
                "DER",
                "-in",
                signature.toString(),
                "-out",
                "/dev/null"));
        return run(args.toArray(String[]::new));
    }

    public static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl did not finish in 60 s: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("openssl is required by this test and could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
