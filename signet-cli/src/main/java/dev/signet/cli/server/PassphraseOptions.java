package dev.signet.cli.server;

import dev.signet.cli.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a backup archive's passphrase comes from: the first line of a file, or an environment
 * variable. Never a flag's value, which other users see in the process list and the shell history.
 */
public final class PassphraseOptions {
    /** The shortest passphrase a new backup takes. */
    static final int MINIMUM_LENGTH = 12;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(
                names = "--passphrase-file",
                paramLabel = "FILE",
                description = "Read the archive passphrase from the first line of FILE.")
        Path file;

        @Option(
                names = "--passphrase-env",
                paramLabel = "NAME",
                description = "Read the archive passphrase from the environment variable NAME.")
        String variable;
    }

    /**
     * The passphrase, at least {@code minimum} characters.
     *
     * @throws CliException (usage) when the file or variable is missing, unreadable, or too short
     */
    char[] read(int minimum) {
        String passphrase;
        String from;
        if (source.file != null) {
            from = "the passphrase file " + source.file;
            try {
                String text = Files.readString(source.file, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                passphrase = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
            } catch (IOException e) {
                throw CliException.usage(
                        "cannot read " + from + " (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            from = "the environment variable " + source.variable;
            passphrase = System.getenv(source.variable);
            if (passphrase == null) {
                throw CliException.usage(from + " is not set");
            }
        }
        if (passphrase.isEmpty()) {
            throw CliException.usage(from + " holds an empty passphrase");
        }
        if (passphrase.length() < minimum) {
            throw CliException.usage(from + " holds a passphrase of " + passphrase.length()
                    + " characters: use at least " + minimum + " (e.g. openssl rand -base64 32)");
        }
        return passphrase.toCharArray();
    }
}
