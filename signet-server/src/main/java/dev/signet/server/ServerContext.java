package dev.signet.server;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.service.Arns;
import dev.signet.server.store.Database;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * What a running server is made of; services are built from it. {@code crlUrl} is the CRL
 * distribution point new certificates of profiles whose verifiers read CRLs name ({@link
 * ServerConfig#crlUrl()}).
 */
public record ServerContext(
        Path dataDir,
        Database database,
        ObjectStore objects,
        KeyBackend keys,
        CertificateAuthority ca,
        PlatformRegistry platforms,
        Arns arns,
        Clock clock,
        Optional<URI> crlUrl) {}
