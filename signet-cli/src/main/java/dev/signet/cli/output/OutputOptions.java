package dev.signet.cli.output;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Option;

/** The {@code --output text|json} option shared by the client commands. */
public final class OutputOptions {

    /** How a command prints its result. */
    public enum Format {
        text,
        json
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    /** The options as if {@code --output FORMAT} were given, for a command parsed without picocli. */
    public static OutputOptions of(Format format) {
        OutputOptions options = new OutputOptions();
        options.format = Objects.requireNonNull(format, "format");
        return options;
    }

    public boolean json() {
        return format == Format.json;
    }

    /** Prints {@code value} as JSON when {@code --output json}, else runs {@code text}. */
    public void print(PrintWriter out, Map<String, ?> value, Runnable text) {
        if (json()) {
            out.println(Json.write(value));
        } else {
            text.run();
        }
        out.flush();
    }
}
