package dev.signet.cli.output;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;

/** What the global {@code -o/--output text|json} option asks of a command's printing. */
public final class OutputOptions {

    /** How a command prints its result. */
    public enum Format {
        text,
        json
    }

    private final Format format;

    private OutputOptions(Format format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The options as if {@code --output FORMAT} were given. */
    public static OutputOptions of(Format format) {
        return new OutputOptions(format);
    }

    public boolean json() {
        return format == Format.json;
    }

    /** Prints {@code value} as JSON when {@code --output json}, else runs {@code text}. */
    public void print(PrintWriter out, Map<String, ?> value, Runnable text) {
        if (json()) {
            out.println(JsonOutput.write(value));
        } else {
            text.run();
        }
        out.flush();
    }
}
