package dev.signet.core.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the real openssl through {@link Processes}, bounded to 60 s; a missing openssl fails the test
 * (it is never skipped).
 */
public final class Openssl {
    private static final Duration BOUND = Duration.ofSeconds(60);

    private Openssl() {}

    /**
     * {@code openssl cms -verify -binary -purpose any} of a detached DER signature over {@code content},
     * trusting {@code caFile}; {@code extra} options (e.g. {@code -attime T}) go before the inputs.
     */
    public static Processes.Result cmsVerify(Path signature, Path content, Path caFile, String... extra) {
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

    public static Processes.Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return Processes.run(new ProcessBuilder(command), BOUND);
    }
}
