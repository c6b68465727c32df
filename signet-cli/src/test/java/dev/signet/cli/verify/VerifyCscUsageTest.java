package dev.signet.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code signet verify --csc} refuses inconsistent flags before touching a server or a bundle. */
class VerifyCscUsageTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0";

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("app.zip"), "app");
        Files.writeString(dir.resolve("policy.json"), "{}");
        Files.writeString(dir.resolve("bundle.jose"), "x.y.z");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        new String[] {"app.zip", "--csc", ARN, "--offline", "--trust-bundle", "bundle.jose"},
                        "aws lambda get-code-signing-config"),
                Arguments.of(new String[] {"app.zip", "--csc", "policy.json", "--offline"}, "--trust-bundle"),
                Arguments.of(
                        new String[] {"app.zip", "--csc", "policy.json", "--trust-bundle", "bundle.jose"},
                        "--trust-bundle is for --offline"),
                Arguments.of(new String[] {"app.zip", "--offline", "--trust-bundle", "bundle.jose"}, "--csc"),
                Arguments.of(new String[] {"app.zip", "--csc", "nope.json"}, "no such policy file"),
                Arguments.of(new String[] {"--csc", "policy.json"}, "give FILE"),
                Arguments.of(new String[] {"--image", "localhost:5000/r@sha256:00", "--csc", ARN}, "--image"),
                Arguments.of(new String[] {"app.zip", "--csc", ARN, "--trust", "root.pem"}, "--trust pins"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void usageErrorsExitTwo(String[] args, String hint) {
        String[] all = Stream.concat(Stream.of("verify"), Stream.of(args)).toArray(String[]::new);
        CliRunner.Result r = new CliRunner(Map.of(), dir).run(all);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains(hint);
        assertThat(r.out()).isEmpty();
    }
}
