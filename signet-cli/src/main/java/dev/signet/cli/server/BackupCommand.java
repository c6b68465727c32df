package dev.signet.cli.server;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.SignetServerException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet admin backup --out FILE}: one encrypted archive of what the node the server settings
 * describe needs (docs/operations.md, "Backup and restore"), taken while its server may run.
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        modelTransformer = ServerCommand.SettingFlags.class,
        description = {
            "Write one encrypted archive of what this node needs: the database (SQLite: a consistent copy",
            "taken while the server runs), the master key, credentials, keys/, ca/, tsa/ and the object",
            "content (filesystem store). Give the same settings as to signet server (--config, SIGNET_*,",
            "flags). PostgreSQL databases need pg_dump and S3 content stays in the bucket: the command says so."
        })
public final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The archive to write (must not exist).")
    Path out;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML configuration file, as for signet server (default: $SIGNET_CONFIG, else none).")
    Path config;

    @ArgGroup(exclusive = false, multiplicity = "1")
    PassphraseOptions passphrase;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        ServerConfig server = ServerCommand.serverConfig(spec, Optional.ofNullable(config));
        char[] secret = passphrase.read(PassphraseOptions.MINIMUM_LENGTH);
        SignetServer.BackupWritten written;
        try {
            written = SignetServer.backup(server, out, secret);
        } catch (SignetServerException e) {
            throw new CliException(ExitCode.UNAVAILABLE, e.getMessage());
        } finally {
            Arrays.fill(secret, '\0');
        }
        context.out()
                .println("wrote " + written.file() + " (" + written.bytes() + " bytes, " + written.files()
                        + " files, encrypted; keep the passphrase apart from it)");
        if (written.skipped() > 0) {
            context.out()
                    .println(written.skipped() + " object files were deleted by the server while the backup ran"
                            + " (their rows are not in the database copy either)");
        }
        if (!written.databaseIncluded()) {
            context.out()
                    .println("the database is PostgreSQL and is not in the archive: back it up with pg_dump"
                            + " (docs/operations.md, \"Backup and restore\")");
        }
        if (!written.contentIncluded()) {
            context.out()
                    .println("the object content is in the S3 bucket and is not in the archive: keep the"
                            + " bucket versioned or replicated (docs/operations.md)");
        }
        for (String key : written.externalKeys()) {
            context.out().println("not in the archive (kept by its token, never exported): " + key);
        }
        return ExitCode.OK;
    }
}
