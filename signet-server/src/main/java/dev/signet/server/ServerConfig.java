package dev.signet.server;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.server.http.HttpServer;
import dev.signet.server.objects.s3.S3ObjectSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a server. The embedded default listens on 127.0.0.1:8080 with everything under
 * {@code ./signet-data}.
 *
 * @param host the address to bind
 * @param port the port, 0 for any free one
 * @param dataDir where the database, objects, keys, CA and credentials live
 * @param clock the service's clock: signing times, expiry, revocation, verification decisions.
 *     Request freshness (SigV4 skew, presigned URL expiry) is measured by the host's real clock, so
 *     tests can move service time without breaking authentication.
 * @param endpointHost the host name of the URL the server announces ({@link SignetServer#endpoint()},
 *     the "listening on" line), e.g. {@code signet.localhost} (see {@code http.LoopbackName});
 *     empty: the bind address (127.0.0.1 for a wildcard). Requests are served whatever Host they
 *     name.
 * @param abandonedUploadAge how long an S3 multipart upload may stay neither completed nor aborted
 *     before the server aborts it (default 7 days, by the service clock)
 * @param idleTimeout how long a request may go without a byte moving either way (a body sent
 *     slower, or shorter than its Content-Length, is answered 400 after this), 100 ms to 1 h
 * @param crlUrl where verifiers fetch this server's CRL ({@code GET /v1/ca/issuing.crl}) from, as
 *     they reach it: an {@code http://} URL (Notation fetches CRLs over http only) that certificates
 *     of profiles whose verifiers read CRLs (portable Notation profiles) name from now on; empty:
 *     they name none (the CRL is served all the same)
 * @param deployment TLS, public URL, region and account, database, object store and master key
 *     ({@link Deployment#embedded()} unless configured); plain HTTP on an address other than loopback
 *     is refused unless {@link Deployment#allowPlaintext()}
 * @param s3Objects an S3-compatible bucket for object content given as resolved settings (with its
 *     credentials), which takes precedence over {@code deployment.objects()}; empty: the deployment's
 *     object store ({@code objects.type}: files under {@code dataDir/objects}, or the bucket its
 *     {@code objects.*} settings name). The index is in the database either way
 * @param cluster the job lease and the bound on cache staleness across nodes ({@link
 *     ClusterTimings#DEFAULT} unless configured)
 * @param keys the key backends and where new profile keys go ({@link KeySettings#SOFTWARE} unless
 *     configured)
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        Clock clock,
        Optional<String> endpointHost,
        Duration abandonedUploadAge,
        Duration idleTimeout,
        Optional<URI> crlUrl,
        Deployment deployment,
        Optional<S3ObjectSettings> s3Objects,
        ClusterTimings cluster,
        KeySettings keys) {
    /** The default age after which an unfinished multipart upload is removed. */
    public static final Duration DEFAULT_ABANDONED_UPLOAD_AGE = Duration.ofDays(7);
    /** The idle timeout when none is configured: Jetty's default. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = HttpServer.DEFAULT_IDLE_TIMEOUT;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(endpointHost, "endpointHost");
        Objects.requireNonNull(abandonedUploadAge, "abandonedUploadAge");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(crlUrl, "crlUrl");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(s3Objects, "s3Objects");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(keys, "keys");
        crlUrl.ifPresent(CertificateAuthority::requireHttpUrl);
        if (deployment.tls().isEmpty() && !deployment.allowPlaintext() && !Deployment.isLoopback(host)) {
            throw new IllegalArgumentException("plain HTTP on " + host + " needs allowPlaintext (or TLS)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (abandonedUploadAge.isNegative() || abandonedUploadAge.isZero()) {
            throw new IllegalArgumentException("abandonedUploadAge must be positive");
        }
        if (idleTimeout.compareTo(Duration.ofMillis(100)) < 0 || idleTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("idleTimeout must be 100 ms..1 h");
        }
    }

    /** A server on {@code clock} announcing its bind address, with the default upload age and idle timeout. */
    public ServerConfig(String host, int port, Path dataDir, Clock clock) {
        this(
                host,
                port,
                dataDir,
                clock,
                Optional.empty(),
                DEFAULT_ABANDONED_UPLOAD_AGE,
                DEFAULT_IDLE_TIMEOUT,
                Optional.empty(),
                Deployment.embedded(),
                Optional.empty(),
                ClusterTimings.DEFAULT,
                KeySettings.SOFTWARE);
    }

    /** A server on the system clock. */
    public ServerConfig(String host, int port, Path dataDir) {
        this(host, port, dataDir, Clock.systemUTC());
    }

    /** The same configuration on another service clock. */
    public ServerConfig withClock(Clock serviceClock) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                serviceClock,
                endpointHost,
                abandonedUploadAge,
                idleTimeout,
                crlUrl,
                deployment,
                s3Objects,
                cluster,
                keys);
    }

    /** The same configuration announcing {@code name} as its endpoint's host. */
    public ServerConfig withEndpointHost(String name) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                clock,
                Optional.of(name),
                abandonedUploadAge,
                idleTimeout,
                crlUrl,
                deployment,
                s3Objects,
                cluster,
                keys);
    }

    /** The same configuration with another abandoned upload age. */
    public ServerConfig withAbandonedUploadAge(Duration age) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                clock,
                endpointHost,
                age,
                idleTimeout,
                crlUrl,
                deployment,
                s3Objects,
                cluster,
                keys);
    }

    /** The same configuration with another idle timeout. */
    public ServerConfig withIdleTimeout(Duration timeout) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                clock,
                endpointHost,
                abandonedUploadAge,
                timeout,
                crlUrl,
                deployment,
                s3Objects,
                cluster,
                keys);
    }

    /**
     * The same configuration naming {@code url} as the CRL distribution point of new certificates
     * that carry one.
     *
     * @throws IllegalArgumentException when {@code url} is not an absolute http URL
     */
    public ServerConfig withCrlUrl(URI url) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                clock,
                endpointHost,
                abandonedUploadAge,
                idleTimeout,
                Optional.of(url),
                deployment,
                s3Objects,
                cluster,
                keys);
    }

    /** The same configuration keeping object content in the S3-compatible bucket {@code settings} name. */
    public ServerConfig withS3Objects(S3ObjectSettings settings) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                clock,
                endpointHost,
                abandonedUploadAge,
                idleTimeout,
                crlUrl,
                deployment,
                Optional.of(settings),
                cluster,
                keys);
    }

    /** The same configuration deployed as {@code newDeployment} says. */
    public ServerConfig withDeployment(Deployment newDeployment) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                clock,
                endpointHost,
                abandonedUploadAge,
                idleTimeout,
                crlUrl,
                newDeployment,
                s3Objects,
                cluster,
                keys);
    }

    /** The same configuration with other cluster timings (job lease, cache staleness bound). */
    public ServerConfig withCluster(ClusterTimings timings) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                clock,
                endpointHost,
                abandonedUploadAge,
                idleTimeout,
                crlUrl,
                deployment,
                s3Objects,
                timings,
                keys);
    }

    /** The same configuration with other key backends. */
    public ServerConfig withKeys(KeySettings keySettings) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                clock,
                endpointHost,
                abandonedUploadAge,
                idleTimeout,
                crlUrl,
                deployment,
                s3Objects,
                cluster,
                keySettings);
    }

    public static ServerConfig embeddedDefault() {
        return new ServerConfig("127.0.0.1", 8080, Path.of("signet-data"));
    }
}
