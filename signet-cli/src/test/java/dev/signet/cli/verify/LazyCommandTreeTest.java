package dev.signet.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Main} builds picocli's model of the invoked command alone (the one the arguments name past
 * the global options): for every invocation, what it prints and its exit code are exactly what the
 * command tree built whole gives. Plain verifications (valid, invalid, untrusted, usage errors the
 * command reports), every way picocli refuses or redirects a {@code verify} (help, unknown and
 * repeated options, global options in the wrong place, argument files), and the other commands'
 * help and usage errors.
 */
class LazyCommandTreeTest {
    @TempDir
    Path dir;

    private CliRunner cli;

    @BeforeEach
    void signAFile() throws Exception {
        cli = new CliRunner(Map.of(), dir);
        OfflineSigner signer = new OfflineSigner(dir.resolve("signer"));
        Path file = Files.writeString(dir.resolve("f.txt"), "quick");
        Files.write(dir.resolve("f.txt.p7s"), signer.signTimestamped(file));
        signer.writeRoot(dir.resolve("root.pem"));
        new OfflineSigner(dir.resolve("other")).writeRoot(dir.resolve("other.pem"));
        Files.writeString(dir.resolve("tampered.txt"), "quicK");
        Files.writeString(dir.resolve("garbage.p7s"), "not a signature");
        Files.writeString(dir.resolve("bad.pem"), "hello");
        Files.createDirectories(dir.resolve("data/ca"));
        Files.copy(dir.resolve("root.pem"), dir.resolve("data/ca/root.pem"));
    }

    static Stream<Arguments> verifications() {
        return Stream.of(
                Arguments.of(
                        (Object) new String[] {"verify", "f.txt", "--signature", "f.txt.p7s", "--trust", "root.pem"}),
                Arguments.of((Object) new String[] {"verify", "--trust=root.pem", "--signature=f.txt.p7s", "f.txt"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--signature", "f.txt.p7s", "--data", "data"}),
                Arguments.of((Object) new String[] {
                    "verify", "f.txt", "--signature", "f.txt.p7s", "--trust", "other.pem", "--trust", "root.pem"
                }),
                Arguments.of((Object)
                        new String[] {"verify", "f.txt", "--signature", "f.txt.p7s", "--trust", "root.pem", "-o", "json"
                        }),
                Arguments.of((Object) new String[] {
                    "verify", "f.txt", "--signature", "f.txt.p7s", "--trust", "root.pem", "--output=JSON"
                }),
                Arguments.of((Object) new String[] {
                    "verify", "f.txt", "--signature", "f.txt.p7s", "--trust", "root.pem", "--output", "Text"
                }),
                // the global options before the command's name
                Arguments.of((Object) new String[] {"--data", "data", "verify", "f.txt", "--signature", "f.txt.p7s"}),
                Arguments.of((Object)
                        new String[] {"--data=data", "-o", "json", "verify", "f.txt", "--signature=f.txt.p7s"}),
                Arguments.of((Object) new String[] {
                    "--output", "json", "verify", "f.txt", "--signature", "f.txt.p7s", "--data", "data"
                }),
                Arguments.of((Object) new String[] {"--data", "empty", "verify", "f.txt", "--signature", "f.txt.p7s"}),
                // invalid, untrusted, malformed, unsigned
                Arguments.of((Object)
                        new String[] {"verify", "tampered.txt", "--signature", "f.txt.p7s", "--trust", "root.pem"}),
                Arguments.of(
                        (Object) new String[] {"verify", "f.txt", "--signature", "f.txt.p7s", "--trust", "other.pem"}),
                Arguments.of(
                        (Object) new String[] {"verify", "f.txt", "--signature", "garbage.p7s", "--trust", "root.pem"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--trust", "root.pem"}),
                // usage errors the command itself reports
                Arguments.of((Object)
                        new String[] {"verify", "missing.txt", "--signature", "f.txt.p7s", "--trust", "root.pem"}),
                Arguments.of(
                        (Object) new String[] {"verify", "f.txt", "--signature", "missing.p7s", "--trust", "root.pem"}),
                Arguments.of(
                        (Object) new String[] {"verify", "f.txt", "--signature", "f.txt.p7s", "--trust", "bad.pem"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--signature", "f.txt.p7s", "--data", "empty"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--signature", "f.txt.p7s", "--trust", "."}));
    }

    static Stream<Arguments> otherVerifyInvocations() {
        return Stream.of(
                Arguments.of((Object) new String[] {}),
                Arguments.of((Object) new String[] {"verify"}),
                Arguments.of((Object) new String[] {"sign", "f.txt"}),
                Arguments.of((Object) new String[] {"--debug", "verify", "f.txt", "--trust", "root.pem"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--trust", "root.pem", "--debug"}),
                Arguments.of((Object) new String[] {"verify", "--help"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "-h"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--version"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "-V"}),
                Arguments.of((Object) new String[] {"verify", "--trust", "root.pem"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "g.txt", "--trust", "root.pem"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--csc", "policy.json"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--offline"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--trust-bundle", "b.jose"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--endpoint", "http://127.0.0.1:1"}),
                Arguments.of((Object) new String[] {"verify", "--image", "localhost/r@sha256:00"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--insecure-registry"}),
                Arguments.of((Object) new String[] {"verify", "--", "f.txt"}),
                Arguments.of((Object) new String[] {"verify", "@args.txt"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--trust", "@root.pem"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--signature", "a", "--signature", "b"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--data", "a", "--data", "b"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "-o", "json", "-o", "json"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--signature"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--signature", "--trust", "root.pem"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--signature="}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--trust", ""}),
                Arguments.of((Object) new String[] {"verify", "", "--trust", "root.pem"}),
                Arguments.of((Object) new String[] {"verify", "-", "--trust", "root.pem"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--output", "yaml"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "-ojson"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "-o=json"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--Trust", "root.pem"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--trus", "root.pem"}),
                Arguments.of((Object) new String[] {"verify", "f.txt", "--signature", "a\u0000b"}),
                // before the command's name: only --data and -o/--output, each once in all
                Arguments.of((Object) new String[] {"--data", "a", "verify", "f.txt", "--data", "b"}),
                Arguments.of((Object) new String[] {"-o", "json", "verify", "f.txt", "--output", "text"}),
                Arguments.of((Object) new String[] {"--endpoint", "http://127.0.0.1:1", "verify", "f.txt"}),
                Arguments.of((Object) new String[] {"--trust", "root.pem", "verify", "f.txt"}),
                Arguments.of((Object) new String[] {"--data", "data", "sign", "f.txt"}),
                Arguments.of((Object) new String[] {"f.txt", "verify"}),
                Arguments.of((Object) new String[] {"--data", "data"}));
    }

    static Stream<Arguments> otherCommands() {
        return Stream.of(
                Arguments.of((Object) new String[] {"--help"}),
                Arguments.of((Object) new String[] {"-h"}),
                Arguments.of((Object) new String[] {"--version"}),
                Arguments.of((Object) new String[] {"--help", "verify"}),
                Arguments.of((Object) new String[] {"--data", "d", "--help"}),
                Arguments.of((Object) new String[] {"verfy", "f.txt"}),
                Arguments.of((Object) new String[] {"--bogus", "verify", "f.txt"}),
                Arguments.of((Object) new String[] {"--data"}),
                Arguments.of((Object) new String[] {"-o"}),
                Arguments.of((Object) new String[] {"profile"}),
                Arguments.of((Object) new String[] {"profile", "--help"}),
                Arguments.of((Object) new String[] {"profile", "lsit"}),
                Arguments.of((Object) new String[] {"profile", "put", "--help"}),
                Arguments.of((Object) new String[] {"profile", "put", "p"}),
                Arguments.of((Object) new String[] {"--data", "data", "profile", "get"}),
                Arguments.of((Object) new String[] {"sign", "--help"}),
                Arguments.of((Object) new String[] {"sign", "f.txt"}),
                Arguments.of((Object) new String[] {"sign", "f.txt", "--profile", "p", "--out", "a", "--out", "b"}),
                Arguments.of((Object) new String[] {"server", "--help"}),
                Arguments.of((Object) new String[] {"server", "--port", "x"}),
                Arguments.of((Object) new String[] {"--endpoint", "http://127.0.0.1:1", "server"}),
                Arguments.of((Object) new String[] {"ca", "export", "--fingerprint", "nope"}),
                Arguments.of((Object) new String[] {"ca"}),
                Arguments.of((Object) new String[] {"trust-bundle", "export", "-o", "bundle.jose"}),
                Arguments.of((Object) new String[] {"certificate", "import", "--help"}));
    }

    static Stream<Arguments> invocations() {
        return Stream.of(verifications(), otherVerifyInvocations(), otherCommands())
                .flatMap(s -> s);
    }

    @ParameterizedTest
    @MethodSource("invocations")
    void printsAndExitsAsTheWholeTreeDoes(String[] args) {
        CliRunner.Result lazy = cli.run(args);
        CliRunner.Result whole = cli.runWithEveryCommand(args);
        assertThat(lazy).isEqualTo(whole);
    }

    @Test
    void theComparisonCoversEveryExitCodeOfAPlainVerify() {
        assertThat(verifications().map(a -> cli.run((String[]) a.get()[0]).exitCode()))
                .contains(ExitCode.OK, ExitCode.INVALID, ExitCode.USAGE);
    }

    @Test
    void theRootsHelpListsEveryCommand() {
        CliRunner.Result help = cli.run("--help", "verify");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("server", "profile", "sign", "verify", "certificate", "ca", "trust-bundle");
    }
}
