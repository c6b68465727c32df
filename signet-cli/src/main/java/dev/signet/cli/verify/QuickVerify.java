package dev.signet.cli.verify;

import dev.signet.cli.CliContext;
import dev.signet.cli.GlobalOptions;
import dev.signet.cli.output.OutputOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The everyday {@code signet [--data DIR] [-o|--output text|json] verify FILE [--signature SIG]
 * [--trust ROOT.pem]... [--data DIR] [-o|--output text|json]} (the global options before or after
 * {@code verify}, each at most once), recognised without picocli: building picocli's model of every command
 * by reflection costs more than the verification of a small file (and picocli's Java 5 classes
 * cannot be class-data shared).
 *
 * <p>Refuses (empty result) everything else, so picocli parses it exactly as before: help and
 * version flags, {@code --csc}, {@code --image} and any option of theirs, {@code --debug}, {@code
 * --}, {@code @file} arguments, a missing or second FILE, a repeated single-valued option (a global
 * one given both before and after {@code verify} too), {@code --endpoint}, an option
 * without a value or with a value that starts with {@code -}, an unknown option, an output format
 * other than text or json, and a value that is not a path. What it accepts runs through the same
 * {@link VerifyCommand} code as picocli's parse would, so output and exit codes are identical.
 */
public final class QuickVerify {
    private final VerifyCommand command;
    private final GlobalOptions global;

    private QuickVerify(VerifyCommand command, GlobalOptions global) {
        this.command = command;
        this.global = global;
    }

    /** The parsed command when {@code args} is a plain {@code verify} invocation, else empty. */
    public static Optional<QuickVerify> parse(String... args) {
        if (System.getProperty("picocli.trimQuotes") != null) {
            return Optional.empty();
        }
        boolean sawVerify = false;
        Path file = null;
        Path signature = null;
        Path data = null;
        OutputOptions.Format format = null;
        List<Path> trust = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.isEmpty() || arg.startsWith("@")) {
                return Optional.empty();
            }
            if (!arg.startsWith("-")) {
                if (!sawVerify) {
                    if (!arg.equals("verify")) {
                        return Optional.empty();
                    }
                    sawVerify = true;
                    continue;
                }
                if (file != null) {
                    return Optional.empty();
                }
                file = path(arg);
                if (file == null) {
                    return Optional.empty();
                }
                continue;
            }
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                return Optional.empty();
            }
            // before the command's name only the global options; picocli reports anything else there
            boolean global = name.equals("--data") || name.equals("-o") || name.equals("--output");
            if (!sawVerify && !global) {
                return Optional.empty();
            }
            switch (name) {
                case "--signature" -> {
                    if (signature != null || (signature = path(value)) == null) {
                        return Optional.empty();
                    }
                }
                case "--trust" -> {
                    Path root = path(value);
                    if (root == null) {
                        return Optional.empty();
                    }
                    trust.add(root);
                }
                case "--data" -> {
                    if (data != null || (data = path(value)) == null) {
                        return Optional.empty();
                    }
                }
                case "-o", "--output" -> {
                    if (format != null || (format = format(value)) == null) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (!sawVerify || file == null) {
            return Optional.empty();
        }
        VerifyCommand command = new VerifyCommand();
        command.file = file;
        command.signature = signature;
        command.trust = trust;
        return Optional.of(
                new QuickVerify(command, GlobalOptions.of(Optional.ofNullable(data), Optional.ofNullable(format))));
    }

    /**
     * Verifies, as {@code signet verify} parsed by picocli would.
     *
     * @return the exit code
     * @throws dev.signet.cli.CliException for a usage error or unreadable input, as the command does
     */
    public int run(CliContext context) {
        return command.run(context, global);
    }

    /** As picocli converts a {@link Path} option; null where it would report a conversion error. */
    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static OutputOptions.Format format(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "text" -> OutputOptions.Format.text;
            case "json" -> OutputOptions.Format.json;
            default -> null;
        };
    }
}
