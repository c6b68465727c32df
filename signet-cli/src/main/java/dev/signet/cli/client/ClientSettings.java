package dev.signet.cli.client;

import dev.signet.cli.credentials.Credentials;
import dev.signet.core.sigv4.AccessKey;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a client command sends its requests and as whom.
 *
 * @param endpoint the server's base URL, e.g. {@code http://127.0.0.1:8080}
 * @param region the SigV4 signing region
 * @param credentials what to sign with: an access key, and a session token for temporary credentials
 * @param dataDir the local data directory the settings were looked up in
 */
public record ClientSettings(URI endpoint, String region, Credentials credentials, Path dataDir) {
    public ClientSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /** Settings signing with the long-term {@code key}. */
    public ClientSettings(URI endpoint, String region, AccessKey key, Path dataDir) {
        this(endpoint, region, Credentials.longTerm(key, "access key " + key.id()), dataDir);
    }
}
