package dev.signet.cli.server;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.GlobalOptions;
import dev.signet.cli.SignetCommand;
import dev.signet.server.SignetServer;
import dev.signet.server.SignetServerException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet admin restore --from FILE --data DIR}: a backup archive restored into a data
 * directory that does not exist or is empty; nothing appears at {@code DIR} unless the whole archive
 * authenticated.
 */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Restore a backup archive (signet admin backup) into --data DIR, which must not exist or be empty.",
            "The archive is checked whole before DIR appears; a refused archive leaves no DIR. Then start",
            "signet server --data DIR."
        })
public final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The archive to restore.")
    Path from;

    @ArgGroup(exclusive = false, multiplicity = "1")
    PassphraseOptions passphrase;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        GlobalOptions global = SignetCommand.global(spec);
        Path data = global.data()
                .orElseThrow(() -> CliException.usage("give the data directory to restore into: --data DIR"));
        char[] secret = passphrase.read(1);
        SignetServer.Restored restored;
        try {
            restored = SignetServer.restore(from, data, secret);
        } catch (SignetServerException e) {
            throw new CliException(ExitCode.REJECTED, e.getMessage());
        } finally {
            Arrays.fill(secret, '\0');
        }
        context.out()
                .println("restored " + restored.files() + " files (" + restored.bytes() + " bytes) of the backup of "
                        + restored.created() + " into " + restored.dataDir());
        if (!restored.databaseIncluded()) {
            context.out()
                    .println("the backup's database is PostgreSQL: restore it with pg_restore and give this node"
                            + " its settings (database.url) before starting it");
        }
        if (!restored.contentIncluded()) {
            context.out()
                    .println("the backup's object content is in its S3 bucket: give this node the same"
                            + " objects settings");
        }
        if (!restored.externalKeys().isEmpty()) {
            context.out()
                    .println("these keys are on a PKCS#11 token, not in the archive; they sign only on a node"
                            + " whose keys.pkcs11 settings reach that token:");
            restored.externalKeys().forEach(key -> context.out().println("  " + key));
        }
        context.out().println("start it with: signet server --data " + restored.dataDir());
        return ExitCode.OK;
    }
}
