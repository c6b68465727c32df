package dev.signet.cli.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's tested shell blocks, turned into a script whose run can be checked command by
 * command. A block is a fenced {@code sh} block right after a {@code <!-- ReadmeIT: KIND -->}
 * comment. Inside it:
 *
 * <ul>
 *   <li>a line ending in {@code \} continues on the next;
 *   <li>{@code # N. text} starts step N; when its text says {@code exit code K}, the step's last
 *       command must exit K; every other command must exit 0;
 *   <li>{@code # text} right after a command (or after such a line) is a line that command must
 *       print (stdout and stderr together), in order, surrounding white space ignored; {@code ...}
 *       in it stands for any text, and a line that is only {@code ...} for any further lines;
 *   <li>any other comment, and blank lines, only explain.
 * </ul>
 */
public final class ReadmeScript {
    private static final Pattern MARKER = Pattern.compile("^<!-- ReadmeIT: (\\w+) -->$");
    private static final Pattern STEP = Pattern.compile("^# \\d+\\. ");
    private static final Pattern EXIT = Pattern.compile("exit code (\\d+)");
    private static final Pattern BEGIN = Pattern.compile("^@@readme-begin (\\d+)$");
    private static final Pattern END = Pattern.compile("^@@readme-end (\\d+) (\\d+)$");

    private ReadmeScript() {}

    /** One tested block: its kind ({@code server}, {@code shell}) and its lines, in README order. */
    public record Block(String kind, List<String> lines) {
        public Block {
            lines = List.copyOf(lines);
        }
    }

    /** One command, what it must exit with and the lines it must print. */
    public record Command(String text, int expectedExit, List<String> expectedOutput) {
        public Command {
            expectedOutput = List.copyOf(expectedOutput);
        }
    }

    /** What one command did. */
    public record Outcome(int exit, List<String> output) {
        public Outcome {
            output = List.copyOf(output);
        }
    }

    /** The tested blocks of {@code markdown}, in order. */
    public static List<Block> blocks(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i).strip());
            if (!marker.matches()) {
                continue;
            }
            if (i + 1 >= lines.size() || !lines.get(i + 1).equals("```sh")) {
                throw new IllegalArgumentException(
                        "line " + (i + 1) + ": a ReadmeIT marker must precede a ```sh block");
            }
            List<String> body = new ArrayList<>();
            int j = i + 2;
            while (j < lines.size() && !lines.get(j).equals("```")) {
                body.add(lines.get(j));
                j++;
            }
            if (j == lines.size()) {
                throw new IllegalArgumentException("line " + (i + 2) + ": unterminated ```sh block");
            }
            blocks.add(new Block(marker.group(1), body));
            i = j;
        }
        return blocks;
    }

    /** The commands of a block, with what each must do. */
    public static List<Command> commands(Block block) {
        List<String> texts = new ArrayList<>();
        List<List<String>> outputs = new ArrayList<>();
        List<Integer> stepOf = new ArrayList<>();
        Map<Integer, Integer> stepExit = new TreeMap<>();
        int step = -1;
        boolean afterCommand = false;
        List<String> logical = joinContinuations(block.lines());
        for (String line : logical) {
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                afterCommand = false;
            } else if (STEP.matcher(stripped).find()) {
                step++;
                Matcher exit = EXIT.matcher(stripped);
                if (exit.find()) {
                    stepExit.put(step, Integer.parseInt(exit.group(1)));
                }
                afterCommand = false;
            } else if (stripped.startsWith("#")) {
                if (afterCommand) {
                    outputs.get(outputs.size() - 1).add(stripped.substring(1).strip());
                }
            } else {
                texts.add(line);
                outputs.add(new ArrayList<>());
                stepOf.add(step);
                afterCommand = true;
            }
        }
        List<Command> commands = new ArrayList<>();
        for (int k = 0; k < texts.size(); k++) {
            int s = stepOf.get(k);
            boolean lastOfStep = k + 1 == texts.size() || stepOf.get(k + 1) != s;
            int exit = lastOfStep && stepExit.containsKey(s) ? stepExit.get(s) : 0;
            commands.add(new Command(texts.get(k), exit, outputs.get(k)));
        }
        return commands;
    }

    private static List<String> joinContinuations(List<String> lines) {
        List<String> joined = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            boolean continues = line.endsWith("\\");
            String part = continues ? line.substring(0, line.length() - 1) : line;
            if (current == null) {
                current = new StringBuilder(part);
            } else {
                current.append(' ').append(part.strip());
            }
            if (!continues) {
                joined.add(current.toString());
                current = null;
            }
        }
        if (current != null) {
            joined.add(current.toString());
        }
        return joined;
    }

    /** A bash script running the commands in order, each framed by markers carrying its exit code. */
    public static String script(List<Command> commands) {
        StringBuilder script = new StringBuilder("exec 2>&1\n");
        for (int k = 0; k < commands.size(); k++) {
            script.append("printf '\\n@@readme-begin %d\\n' ").append(k).append('\n');
            script.append(commands.get(k).text()).append('\n');
            script.append("printf '\\n@@readme-end %d %d\\n' ").append(k).append(" $?\n");
        }
        return script.toString();
    }

    /** What each command did, by index, from the script's output. */
    public static Map<Integer, Outcome> outcomes(String output) {
        Map<Integer, Outcome> outcomes = new TreeMap<>();
        List<String> lines = null;
        int current = -1;
        for (String line : output.lines().toList()) {
            Matcher begin = BEGIN.matcher(line);
            Matcher end = END.matcher(line);
            if (begin.matches()) {
                current = Integer.parseInt(begin.group(1));
                lines = new ArrayList<>();
            } else if (end.matches() && lines != null && Integer.parseInt(end.group(1)) == current) {
                outcomes.put(current, new Outcome(Integer.parseInt(end.group(2)), lines));
                lines = null;
            } else if (lines != null && !line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return outcomes;
    }

    /** Why {@code outcome} is not what {@code command} promises; empty when it is. */
    public static Optional<String> mismatch(Command command, Optional<Outcome> outcome) {
        if (outcome.isEmpty()) {
            return Optional.of("`" + command.text() + "` did not run to its end");
        }
        Outcome o = outcome.get();
        if (o.exit() != command.expectedExit()) {
            return Optional.of("`" + command.text() + "` exited " + o.exit() + ", the README says "
                    + command.expectedExit() + "; it printed: " + o.output());
        }
        int from = 0;
        for (String expected : command.expectedOutput()) {
            if (expected.equals("...")) {
                continue;
            }
            int found = -1;
            for (int i = from; i < o.output().size(); i++) {
                if (matches(expected, o.output().get(i))) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                return Optional.of("`" + command.text() + "` did not print `" + expected + "` (in order); it printed: "
                        + o.output());
            }
            from = found + 1;
        }
        return Optional.empty();
    }

    /** Whether {@code actual} is the line {@code expected} describes ({@code ...} is any text). */
    public static boolean matches(String expected, String actual) {
        String[] parts = expected.split(Pattern.quote("..."), -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString()).matcher(actual.strip()).matches();
    }
}
