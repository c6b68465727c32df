package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MainTest {
    @TempDir
    Path dir;

    private CliRunner cli() {
        return new CliRunner(Map.of(), dir);
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        CliRunner.Result r = cli().run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("server", "profile", "sign", "verify", "ca", "Exit codes:");
        for (String line : ExitCode.HELP) {
            assertThat(r.out()).contains(line.strip().substring(3));
        }
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of((Object) new String[] {}),
                Arguments.of((Object) new String[] {"frobnicate"}),
                Arguments.of((Object) new String[] {"profile"}),
                Arguments.of((Object) new String[] {"ca"}),
                Arguments.of((Object) new String[] {"verify", "file.bin"}),
                Arguments.of((Object) new String[] {"verify", "--signature", "x.p7s"}),
                Arguments.of((Object) new String[] {"verify", "missing.bin", "--signature", "missing.p7s"}),
                Arguments.of((Object) new String[] {"sign", "file.bin"}),
                Arguments.of(
                        (Object) new String[] {"profile", "put", "p", "--platform", "x", "--validity-type", "weeks"}),
                Arguments.of((Object) new String[] {"profile", "put", "p", "--platform", "x", "--validity", "many"}),
                Arguments.of((Object) new String[] {"profile", "put", "p"}),
                Arguments.of((Object) new String[] {"server", "--port", "70000"}),
                Arguments.of((Object) new String[] {"server", "--port", "-1"}),
                Arguments.of((Object) new String[] {"server", "--abandoned-upload-age", "0d"}),
                Arguments.of((Object) new String[] {"server", "--abandoned-upload-age", "soon"}),
                Arguments.of((Object) new String[] {"profile", "list", "--output", "yaml"}),
                Arguments.of((Object) new String[] {"profile", "list", "--endpoint", "ftp://x"}));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExitTwoWithOneLineReason(String[] args) {
        CliRunner.Result r = cli().run(args);
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isNotBlank().doesNotContain("Exception", "\tat ");
    }

    @Test
    void clientWithoutCredentialsSaysWhereItLooked() {
        CliRunner.Result r = cli().run("profile", "list", "--data", "nowhere");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err())
                .contains(
                        "no credentials",
                        dir.resolve("nowhere").resolve("credentials").toString());
    }

    @Test
    void unreachableServerIsOneClearLine() {
        CliRunner runner = new CliRunner(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret"), dir);
        CliRunner.Result r = runner.run("profile", "list", "--endpoint", "http://127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err().strip())
                .isEqualTo("signet: cannot reach Signet at http://127.0.0.1:1: is `signet server` running?");
    }

    @Test
    void unreachableServerForCaExport() {
        CliRunner.Result r = cli().run("ca", "export", "--endpoint", "http://127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err()).contains("cannot reach Signet at http://127.0.0.1:1");
    }

    @Test
    void debugShowsTheStackTrace() {
        CliRunner.Result r = cli().run("--debug", "ca", "export", "--endpoint", "http://127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err()).contains("ConnectException", "\tat ");
    }

    @Test
    void oneShotCommandsOnSmallInputsUseTheJdkProviders() throws Exception {
        Path small = java.nio.file.Files.write(dir.resolve("small.bin"), new byte[1000]);
        Path large = dir.resolve("large.bin");
        try (var file = new java.io.RandomAccessFile(large.toFile(), "rw")) {
            file.setLength(Main.SMALL_INPUTS + 1); // sparse
        }
        assertThat(Main.jdkProvidersSuffice(new String[] {"verify", large.toString()}))
                .isTrue();
        assertThat(Main.jdkProvidersSuffice(new String[] {"sign", "-p", "app", small.toString(), small.toString()}))
                .isTrue();
        assertThat(Main.jdkProvidersSuffice(new String[] {"sign", "-p", "app", small.toString(), large.toString()}))
                .isFalse();
        assertThat(Main.jdkProvidersSuffice(new String[] {"sign", "--image", "reg/repo:tag"}))
                .isFalse();
        assertThat(Main.jdkProvidersSuffice(new String[] {"sign", "-p", "no\u0000such"}))
                .isTrue();
        assertThat(Main.jdkProvidersSuffice(new String[] {"server"})).isFalse();
        assertThat(Main.jdkProvidersSuffice(new String[0])).isFalse();
    }
}
