package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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
                Arguments.of((Object) new String[] {"profile", "list", "--endpoint", "ftp://x"}),
                Arguments.of((Object) new String[] {"--output", "yaml", "profile", "list"}),
                Arguments.of((Object) new String[] {"--endpoint", "ftp://x", "profile", "list"}),
                Arguments.of((Object) new String[] {"profile", "list", "--data", "a", "--data", "b"}),
                Arguments.of((Object) new String[] {"--endpoint", "http://127.0.0.1:1", "server"}),
                Arguments.of((Object) new String[] {"server", "-o", "json"}),
                Arguments.of((Object) new String[] {"--data"}));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExitTwoWithOneLineReason(String[] args) {
        CliRunner.Result r = cli().run(args);
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isNotBlank().doesNotContain("Exception", "\tat ");
    }

    /** Global options go before or after the command's name; the later one wins. */
    @ParameterizedTest
    @MethodSource("dataBeforeOrAfter")
    void globalOptionsGoBeforeOrAfterTheCommand(String[] args) {
        CliRunner.Result r = cli().run(args);
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err())
                .contains(
                        "no credentials",
                        dir.resolve("nowhere").resolve("credentials").toString());
    }

    static Stream<Arguments> dataBeforeOrAfter() {
        return Stream.of(
                Arguments.of((Object) new String[] {"--data", "nowhere", "profile", "list"}),
                Arguments.of((Object) new String[] {"profile", "--data=nowhere", "list"}),
                Arguments.of(
                        (Object) new String[] {"--debug", "-o", "json", "--data", "nowhere", "profile", "get", "p"}),
                Arguments.of((Object) new String[] {"--data", "elsewhere", "profile", "list", "--data", "nowhere"}),
                Arguments.of((Object) new String[] {"--data", "nowhere", "trust-bundle", "export"}));
    }

    @Test
    void endpointBeforeTheCommand() {
        CliRunner runner = new CliRunner(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret"), dir);
        CliRunner.Result r = runner.run("--endpoint", "http://127.0.0.1:1", "-o", "json", "profile", "list");
        assertThat(r.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err()).contains("cannot reach Signet at http://127.0.0.1:1");
    }

    @Test
    void outputIsTheFormatEverywhereAndOldTrustBundleUsageSaysSo() {
        CliRunner.Result r = cli().run("trust-bundle", "export", "-o", "bundle.jose");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err())
                .contains("'bundle.jose'", "-o/--output is the output format; name the file with --out FILE");
        assertThat(dir.resolve("bundle.jose")).doesNotExist();
        CliRunner.Result profile = cli().run("profile", "list", "-o", "out.json");
        assertThat(profile.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(profile.err()).doesNotContain("--out FILE");
    }

    @Test
    void theServerRefusesClientOptions() {
        CliRunner.Result r = cli().run("--endpoint", "http://127.0.0.1:1", "server", "--port", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--endpoint is for client commands");
        assertThat(dir.resolve("signet-data")).doesNotExist();
    }

    @Test
    void theCommandIsFoundPastTheGlobalOptionsAsPicocliReadsThem() {
        assertThat(command("verify", "--data", "d")).hasValue("verify");
        assertThat(command("--data", "d", "-o", "json", "--debug", "sign")).hasValue("sign");
        assertThat(command("--data=d", "-ojson", "--endpoint", "http://x", "server"))
                .hasValue("server");
        assertThat(command("--data", "server", "profile", "list")).hasValue("profile");
        assertThat(command("--data")).isEmpty();
        assertThat(command("--help")).isEmpty();
        assertThat(command("--help", "verify")).isEmpty();
        assertThat(command("verfy")).isEmpty();
        assertThat(command("--bogus", "verify")).isEmpty();
        // an option given twice before the name: picocli's error, with every command built
        assertThat(command("-ojson", "--output=text", "verify")).isEmpty();
        assertThat(Main.Invocation.of(context(), new String[] {"-o", "json", "sign", "a", "--profile", "p"})
                        .commandArgs())
                .containsExactly("a", "--profile", "p");
    }

    private Optional<String> command(String... args) {
        return Main.Invocation.of(context(), args).command();
    }

    private boolean jdkProvidersSuffice(String... args) {
        return Main.jdkProvidersSuffice(Main.Invocation.of(context(), args));
    }

    private CliContext context() {
        return new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), dir);
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
        assertThat(jdkProvidersSuffice("verify", large.toString())).isTrue();
        assertThat(jdkProvidersSuffice("sign", "-p", "app", small.toString(), small.toString()))
                .isTrue();
        assertThat(jdkProvidersSuffice("sign", "-p", "app", small.toString(), large.toString()))
                .isFalse();
        assertThat(jdkProvidersSuffice("sign", "--image", "reg/repo:tag")).isFalse();
        assertThat(jdkProvidersSuffice("sign", "-p", "no\u0000such")).isTrue();
        assertThat(jdkProvidersSuffice("server")).isFalse();
        assertThat(jdkProvidersSuffice("--data", "verify", "server")).isFalse();
        assertThat(jdkProvidersSuffice("--data", "d", "-o", "json", "verify", large.toString()))
                .isTrue();
        assertThat(jdkProvidersSuffice("--data", "d", "sign", "-p", "app", large.toString()))
                .isFalse();
        assertThat(jdkProvidersSuffice("--data", "d")).isFalse();
        assertThat(jdkProvidersSuffice()).isFalse();
    }
}
