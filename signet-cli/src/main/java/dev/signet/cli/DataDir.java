package dev.signet.cli;

import dev.signet.core.sigv4.CredentialsFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the local data directory: {@code --data DIR} wins, then {@code $SIGNET_HOME}, then {@code
 * ./signet-data} relative to the working directory. The server keeps everything there; clients read
 * the bootstrap credentials and the CA root from it.
 */
public final class DataDir {
    public static final String ENV = "SIGNET_HOME";
    public static final String DEFAULT = "signet-data";

    private DataDir() {}

    public static Path resolve(CliContext context, Optional<Path> option) {
        Path chosen = option.orElseGet(() -> context.env(ENV).map(Path::of).orElse(Path.of(DEFAULT)));
        return context.resolve(chosen);
    }

    /** The bootstrap credentials, in AWS credentials-file format under profile {@code signet}. */
    public static Path credentials(Path dataDir) {
        return dataDir.resolve(CredentialsFile.BOOTSTRAP_FILE);
    }

    /** The deployment's root certificate (PEM). */
    public static Path caRoot(Path dataDir) {
        return dataDir.resolve("ca").resolve("root.pem");
    }

    /** Written by {@code signet server} while it runs: the URL it listens on. */
    public static Path endpointFile(Path dataDir) {
        return dataDir.resolve("endpoint");
    }
}
