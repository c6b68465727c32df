package dev.signet.server.objects.s3;

import dev.signet.server.objects.index.IndexedObjectStore;
import dev.signet.server.store.Database;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The cluster object store: the index (buckets, versions, listings, multipart uploads) in the shared
 * database, exactly as the embedded store keeps it, and the content in one S3-compatible bucket that
 * every node shares ({@link S3ContentStore}). Opening it checks that the bucket answers, so a
 * misconfigured node stops at start-up instead of failing its first upload.
 */
public final class S3ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_CONNECTIONS = 256;

    private S3ObjectStore() {}

    /**
     * Opens the store: connects to the bucket, sweeps what crashes left there (content no row
     * references, older than the settings' grace) and returns the store, which owns the client.
     *
     * @throws BucketUnavailableException when the bucket does not exist, refuses the credentials or
     *     the endpoint cannot be reached (one line naming objects.bucket or objects.endpoint)
     */
    public static IndexedObjectStore open(S3ObjectSettings settings, Database database, Clock clock)
            throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(clock, "clock");
        S3Client client = client(settings);
        try {
            checkBucket(client, settings);
        } catch (BucketUnavailableException | RuntimeException e) {
            client.close();
            throw e;
        }
        LOG.info("Object content in s3://{}/{} at {}", settings.bucket(), settings.prefix(), settings.endpointName());
        return IndexedObjectStore.open(new S3ContentStore(client, settings, clock), database, clock);
    }

    static S3Client client(S3ObjectSettings settings) {
        AwsCredentialsProvider credentials = settings.credentials()
                .<AwsCredentialsProvider>map(k -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())))
                .orElseGet(DefaultCredentialsProvider::create);
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // UNSIGNED-PAYLOAD on http too: no second pass over every body to sign its SHA-256
                .putAuthScheme(new UnsignedPayloadAuthScheme())
                // plain bodies, not aws-chunked: the chunked signer allocates every chunk anew (as
                // much garbage as content), and not every S3-compatible server takes it
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build())
                // checksums only where S3 requires them: Signet hashes content itself, and many
                // S3-compatible servers refuse the SDK's default trailing checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(ApacheHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT)
                        // a GetObject holds its connection while its client reads: slow readers must
                        // not starve the node's writes of connections
                        .maxConnections(MAX_CONNECTIONS)
                        .build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static void checkBucket(S3Client client, S3ObjectSettings settings) throws BucketUnavailableException {
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (NoSuchBucketException e) {
            throw new BucketUnavailableException("objects.bucket '" + settings.bucket()
                    + "' does not exist at objects.endpoint " + settings.endpointName());
        } catch (S3Exception e) {
            throw new BucketUnavailableException("objects.bucket '" + settings.bucket() + "' at objects.endpoint "
                    + settings.endpointName() + " answered " + e.statusCode()
                    + (e.statusCode() == 404 ? " (no such bucket)" : e.statusCode() == 403 ? " (access denied)" : ""));
        } catch (SdkException e) {
            throw new BucketUnavailableException("objects.endpoint " + settings.endpointName()
                    + " cannot be reached for objects.bucket '" + settings.bucket() + "': " + firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
