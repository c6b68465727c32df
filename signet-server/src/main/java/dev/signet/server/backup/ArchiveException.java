package dev.signet.server.backup;

import java.io.IOException;

/**
 * A backup archive that is refused: not an archive, a wrong passphrase, altered or truncated
 * content, or an entry a restore does not write (a path outside the data directory's layout, a
 * duplicate, an unknown entry type). The message says which, for the operator.
 */
public final class ArchiveException extends IOException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
