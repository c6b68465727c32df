package dev.signet.server;

import dev.signet.core.tsa.TimestampAuthority;

/**
 * The server's built-in time-stamp authority, kept under {@code dataDir/tsa} with its key in the
 * server's key backend. Created at bootstrap by {@link SignetServer}; opening it again reads the
 * same key and certificate.
 */
public final class Timestamping {
    private Timestamping() {}

    public static TimestampAuthority authority(ServerContext context) {
        return TimestampAuthority.openOrCreate(
                context.dataDir().resolve("tsa"), context.keys(), context.ca(), context.clock());
    }
}
