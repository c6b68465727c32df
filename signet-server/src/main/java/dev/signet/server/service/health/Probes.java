package dev.signet.server.service.health;

import dev.signet.core.crypto.KeyBackend;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/** The readiness probes of the parts a node depends on; each is cheap and changes nothing lasting. */
public final class Probes {
    private Probes() {}

    /** A connection from the pool that the driver finds valid within {@code bound}. */
    public static Readiness.Probe database(DataSource dataSource, Duration bound) {
        int seconds = (int) Math.max(1, bound.toSeconds());
        return () -> {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid(seconds)) {
                    throw new ProbeFailedException("the database connection is not valid", null);
                }
            } catch (SQLException e) {
                throw new ProbeFailedException("the database cannot be reached: " + e.getMessage(), e);
            }
        };
    }

    /** {@link ObjectStore#probe}. */
    public static Readiness.Probe objectStore(ObjectStore objects) {
        return () -> {
            try {
                objects.probe();
            } catch (ObjectStoreException e) {
                throw new ProbeFailedException("the object store cannot store content: " + e.getMessage(), e);
            }
        };
    }

    /** {@link KeyBackend#probe}. */
    public static Readiness.Probe keyBackend(KeyBackend keys) {
        return keys::probe;
    }
}
