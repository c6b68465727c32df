package dev.signet.cli.client;

import dev.signet.core.sigv4.AccessKey;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a client command sends its requests and as whom.
 *
 * @param endpoint the server's base URL, e.g. {@code http://127.0.0.1:8080}
 * @param region the SigV4 signing region
 * @param key the access key to sign with
 * @param dataDir the local data directory the settings were looked up in
 */
public record ClientSettings(URI endpoint, String region, AccessKey key, Path dataDir) {
    public ClientSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dataDir, "dataDir");
    }
}
