package dev.signet.cli.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules ReadmeIT reads the README by: a block that states something false is caught. */
class ReadmeScriptTest {
    private static final String SAMPLE = String.join(
            "\n",
            "Some prose.",
            "",
            "<!-- ReadmeIT: shell -->",
            "```sh",
            "# 1. say hello; exit code 0",
            "echo hello \\",
            "  world",
            "# hello world",
            "printf 'a\\nb\\nc\\n'",
            "# a",
            "# ...",
            "# c",
            "",
            "# 2. fail on purpose; exit code 3",
            "true",
            "sh -c 'echo gone >&2; exit 3'",
            "# go...",
            "```",
            "",
            "```sh",
            "echo not tested",
            "```",
            "");

    @Test
    void readsCommandsExitCodesAndExpectedLines() {
        List<ReadmeScript.Block> blocks = ReadmeScript.blocks(SAMPLE);
        assertThat(blocks).hasSize(1);
        List<ReadmeScript.Command> commands = ReadmeScript.commands(blocks.get(0));
        assertThat(commands)
                .containsExactly(
                        new ReadmeScript.Command("echo hello  world", 0, List.of("hello world")),
                        new ReadmeScript.Command("printf 'a\\nb\\nc\\n'", 0, List.of("a", "...", "c")),
                        new ReadmeScript.Command("true", 0, List.of()),
                        new ReadmeScript.Command("sh -c 'echo gone >&2; exit 3'", 3, List.of("go...")));
    }

    @Test
    void aTrueBlockPassesAndAFalseOneIsCaught(@TempDir Path dir) throws Exception {
        assertThat(mismatches(SAMPLE, dir)).isEmpty();

        String wrongOutput = SAMPLE.replace("# c\n", "# d\n");
        assertThat(mismatches(wrongOutput, dir)).singleElement().asString().contains("did not print `d`");
        String wrongExit = SAMPLE.replace("exit code 3", "exit code 1");
        assertThat(mismatches(wrongExit, dir)).singleElement().asString().contains("exited 3, the README says 1");
        String wrongOrder = SAMPLE.replace("# a\n# ...\n# c\n", "# c\n# a\n");
        assertThat(mismatches(wrongOrder, dir)).singleElement().asString().contains("did not print `a`");
    }

    @Test
    void aMarkerMustPrecedeAShellBlock() {
        assertThatThrownBy(() -> ReadmeScript.blocks("<!-- ReadmeIT: shell -->\ntext\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must precede a ```sh block");
        assertThatThrownBy(() -> ReadmeScript.blocks("<!-- ReadmeIT: shell -->\n```sh\necho\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated");
    }

    @Test
    void ellipsisStandsForAnyText() {
        assertThat(ReadmeScript.matches("OK PUBLISHER: ...", "OK PUBLISHER: allowed by x"))
                .isTrue();
        assertThat(ReadmeScript.matches("arn:...:/signing-jobs/...", "arn:aws:signer:x:/signing-jobs/1"))
                .isTrue();
        assertThat(ReadmeScript.matches("ALLOWED: a (b)", "ALLOWED: a (b) extra"))
                .isFalse();
        assertThat(ReadmeScript.matches("a.b", "axb")).isFalse();
    }

    private static List<String> mismatches(String markdown, Path dir) throws Exception {
        List<ReadmeScript.Command> commands =
                ReadmeScript.commands(ReadmeScript.blocks(markdown).get(0));
        Path script = Files.writeString(dir.resolve("block.sh"), ReadmeScript.script(commands));
        Processes.Result run = Processes.run(
                new ProcessBuilder("bash", script.toString()).directory(dir.toFile()), Duration.ofSeconds(60));
        Map<Integer, ReadmeScript.Outcome> outcomes = ReadmeScript.outcomes(run.output());
        return java.util.stream.IntStream.range(0, commands.size())
                .mapToObj(k -> ReadmeScript.mismatch(commands.get(k), Optional.ofNullable(outcomes.get(k))))
                .flatMap(Optional::stream)
                .toList();
    }
}
