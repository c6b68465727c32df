package dev.signet.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.core.testing.Processes;
import dev.signet.server.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real AWS CLI against a {@link TestServer}: version 1 (the {@code aws} on PATH, from the Python
 * environment) or version 2 (Debian's {@code awscli} package, {@code /usr/bin/aws}), with default
 * settings, the server's credentials, region us-east-1 and a config file of the test's own. Runs go
 * through {@link Processes}: bounded, and a hung CLI is killed with its descendants and fails the
 * test. A missing CLI, or one of the wrong major version, fails the test.
 */
public final class AwsCli {
    /** Where Debian's awscli package (AWS CLI v2) installs the binary; the PATH's {@code aws} is v1. */
    public static final String V2_BINARY = "/usr/bin/aws";

    /** What {@code aws --version} printed, or why it failed, by binary. */
    private static final Map<String, String> VERSIONS = new HashMap<>();

    private final String binary;
    private final int majorVersion;
    private final TestServer server;
    private final Path work;
    private final Path config;

    /** Exit code, standard output and standard error of one run. */
    public record Result(int exit, String out, String err) {}

    private AwsCli(String binary, int majorVersion, TestServer server, Path work) {
        this.binary = binary;
        this.majorVersion = majorVersion;
        this.server = server;
        this.work = work;
        this.config = work.resolve("aws-config");
    }

    /**
     * Version {@code major} (1 or 2), checked with {@code aws --version}: once per binary and test
     * JVM (each run is a Python start), the answer, good or bad, kept for the later calls.
     */
    public static AwsCli of(int major, TestServer server, Path work) throws IOException, InterruptedException {
        AwsCli cli = new AwsCli(major == 2 ? V2_BINARY : "aws", major, server, work);
        cli.config("");
        String text = versionOf(cli);
        if (!text.startsWith("aws-cli/" + major + ".")) {
            throw new AssertionError("AWS CLI v" + major + " (" + cli.binary + ") is required; got: " + text);
        }
        return cli;
    }

    private static synchronized String versionOf(AwsCli cli) throws IOException, InterruptedException {
        String known = VERSIONS.get(cli.binary);
        if (known == null) {
            Result version = cli.exec(120, "--version");
            known = version.exit() == 0
                    ? version.out() + version.err()
                    : "exit " + version.exit() + ": " + version.out() + version.err();
            VERSIONS.put(cli.binary, known);
        }
        return known;
    }

    public int majorVersion() {
        return majorVersion;
    }

    /**
     * Sets the CLI's config file ({@code AWS_CONFIG_FILE}): region us-east-1 plus {@code settings}
     * (lines of the {@code [profile signet]} section the CLI runs with).
     */
    public void config(String settings) throws IOException {
        Files.writeString(config, "[profile signet]\nregion = us-east-1\n" + settings);
    }

    /** Runs {@code aws --endpoint-url ENDPOINT --output json ARGS...}, bounded to five minutes. */
    public Result run(String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("--endpoint-url", server.endpoint().toString(), "--output", "json"));
        command.addAll(List.of(args));
        return exec(300, command.toArray(String[]::new));
    }

    /** Runs and fails the test unless the CLI exits 0; returns its JSON output (empty object for none). */
    public JsonNode ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError(
                    "aws v" + majorVersion + " " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.err());
        }
        return r.out().isBlank() || !r.out().strip().startsWith("{")
                ? Json.mapper().createObjectNode()
                : Json.mapper().readTree(r.out());
    }

    /** Runs as {@link #run} does, signing with the given access key instead of the server's admin key. */
    public Result runWithKey(String accessKeyId, String secretAccessKey, String... args)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("--endpoint-url", server.endpoint().toString(), "--output", "json"));
        command.addAll(List.of(args));
        return exec(
                300,
                Map.of("AWS_ACCESS_KEY_ID", accessKeyId, "AWS_SECRET_ACCESS_KEY", secretAccessKey),
                command.toArray(String[]::new));
    }

    /** As {@link #ok}, signing with the given access key. */
    public JsonNode okWithKey(String accessKeyId, String secretAccessKey, String... args)
            throws IOException, InterruptedException {
        Result r = runWithKey(accessKeyId, secretAccessKey, args);
        if (r.exit() != 0) {
            throw new AssertionError(
                    "aws v" + majorVersion + " " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.err());
        }
        return Json.mapper().readTree(r.out());
    }

    /** As {@link #ok}, signing with temporary credentials (their session token in {@code AWS_SESSION_TOKEN}). */
    public JsonNode okWithSession(String accessKeyId, String secretAccessKey, String sessionToken, String... args)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("--endpoint-url", server.endpoint().toString(), "--output", "json"));
        command.addAll(List.of(args));
        Result r = exec(
                300,
                Map.of(
                        "AWS_ACCESS_KEY_ID",
                        accessKeyId,
                        "AWS_SECRET_ACCESS_KEY",
                        secretAccessKey,
                        "AWS_SESSION_TOKEN",
                        sessionToken),
                command.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError(
                    "aws v" + majorVersion + " " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.err());
        }
        return Json.mapper().readTree(r.out());
    }

    private Result exec(int seconds, String... args) throws IOException, InterruptedException {
        return exec(seconds, Map.of(), args);
    }

    private Result exec(int seconds, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment()
                .put(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        server.dataDir().resolve("credentials").toString());
        pb.environment().put("AWS_PROFILE", "signet");
        pb.environment().put("AWS_CONFIG_FILE", config.toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().put("AWS_PAGER", "");
        pb.environment().putAll(environment);
        Processes.Result r = Processes.runSeparately(pb, Duration.ofSeconds(seconds));
        return new Result(r.exitCode(), r.output(), r.error());
    }
}
