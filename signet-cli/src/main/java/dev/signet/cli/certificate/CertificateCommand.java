package dev.signet.cli.certificate;

import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet certificate}: imported signing material for the IoT platforms. */
@Command(
        name = CertificateCommand.NAME,
        mixinStandardHelpOptions = true,
        description = "Manage imported signing certificates (IoT platforms).",
        subcommands = {CertificateImportCommand.class})
public final class CertificateCommand implements Callable<Integer> {
    /** The command's name (SignetCommand lists it by this name). */
    public static final String NAME = "certificate";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(SignetCommand.context(spec).err());
        return ExitCode.USAGE;
    }
}
