package dev.signet.server.objects.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Where an S3 object store keeps its content ({@code objects.*} with {@code objects.type: s3}): the
 * bucket at an S3-compatible endpoint, under a key prefix. Signet's own buckets, keys and versions
 * are in the database; this bucket holds only content objects named by random UUIDs.
 *
 * @param endpoint {@code objects.endpoint}: an http(s) URL; empty: AWS's endpoint for the region
 * @param region {@code objects.region}: the region requests are signed for
 * @param bucket {@code objects.bucket}: the bucket, which must exist (Signet never creates it)
 * @param prefix {@code objects.prefix}: the key prefix of every content object, "" or ending with
 *     {@code /} (one is added)
 * @param pathStyle {@code objects.path-style}: address the bucket in the path, not the host name
 *     (most S3-compatible servers need it)
 * @param credentials an access key for the endpoint; empty: the AWS SDK's default chain
 *     (environment, profile, container or instance role)
 * @param partSize how much of an upload is held in memory (off the Java heap) and sent as one request: a write up to
 *     this size is one PutObject, a larger one a multipart upload of parts of this size (5 MiB to
 *     512 MiB)
 * @param partBuffers how many part buffers the store keeps at most, shared by every write in
 *     progress (1 to 64): the memory uploads may take is {@code partSize * partBuffers}; a write
 *     beyond waits for a free one
 * @param orphanGrace how old an unreferenced content object must be before the start-up sweep
 *     deletes it: another node may have written it and not yet committed its row
 */
public record S3ObjectSettings(
        Optional<URI> endpoint,
        String region,
        String bucket,
        String prefix,
        boolean pathStyle,
        Optional<AccessKey> credentials,
        int partSize,
        int partBuffers,
        Duration orphanGrace) {
    /**
     * The part size when none is configured: S3's smallest multipart part, because each write in
     * progress holds one part buffer (the SDK's and CLI's 8 MiB would cost 3 MiB more each).
     */
    public static final int DEFAULT_PART_SIZE = 5 * 1024 * 1024;
    /**
     * The number of part buffers when none is configured: 4, so uploads hold at most 20 MiB (with 8,
     * a 1 GiB upload through the AWS CLI made all 8: 40 MiB, an eighth of the server's 300 MB
     * budget). A fifth write in progress waits for a buffer while the others send theirs, which on
     * a node of a few cores costs little throughput: the cores are busy already.
     */
    public static final int DEFAULT_PART_BUFFERS = 4;
    /** The orphan grace when none is configured. */
    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofDays(1);

    static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    static final int MAX_PART_SIZE = 512 * 1024 * 1024;

    /** An access key id and its secret; the secret never appears in {@link #toString}. */
    public record AccessKey(String accessKeyId, String secretAccessKey) {
        public AccessKey {
            if (accessKeyId == null || accessKeyId.isBlank()) {
                throw new IllegalArgumentException("objects access key id is empty");
            }
            if (secretAccessKey == null || secretAccessKey.isEmpty()) {
                throw new IllegalArgumentException("objects secret access key is empty");
            }
        }

        @Override
        public String toString() {
            return "AccessKey[" + accessKeyId + ", secret redacted]";
        }
    }

    public S3ObjectSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(orphanGrace, "orphanGrace");
        endpoint.ifPresent(S3ObjectSettings::checkEndpoint);
        if (region == null || !region.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("objects.region must be a region name such as us-east-1");
        }
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("objects.bucket must be an S3 bucket name (3-63 of a-z 0-9 . -)");
        }
        prefix = normalizePrefix(prefix);
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("the S3 part size must be 5 MiB to 512 MiB");
        }
        if (partBuffers < 1 || partBuffers > 64) {
            throw new IllegalArgumentException("the number of S3 part buffers must be 1 to 64");
        }
        if (orphanGrace.isNegative()) {
            throw new IllegalArgumentException("the orphan grace must not be negative");
        }
    }

    /** Settings with the default part size and orphan grace. */
    public S3ObjectSettings(
            Optional<URI> endpoint,
            String region,
            String bucket,
            String prefix,
            boolean pathStyle,
            Optional<AccessKey> credentials) {
        this(
                endpoint,
                region,
                bucket,
                prefix,
                pathStyle,
                credentials,
                DEFAULT_PART_SIZE,
                DEFAULT_PART_BUFFERS,
                DEFAULT_ORPHAN_GRACE);
    }

    /**
     * Settings from the configuration's {@code objects.*} values, with the default part size, part
     * buffers and grace. An empty region is the AWS SDK's default region chain's (environment,
     * profile); the secret access key is the first line of {@code objects.secret-access-key-file},
     * read here.
     *
     * @throws IllegalArgumentException naming the setting when a value cannot work
     * @throws IOException when the secret file cannot be read
     */
    public static S3ObjectSettings fromConfiguration(
            Optional<URI> endpoint,
            Optional<String> region,
            String bucket,
            String prefix,
            boolean pathStyle,
            Optional<String> accessKeyId,
            Optional<Path> secretAccessKeyFile)
            throws IOException {
        if (accessKeyId.isPresent() != secretAccessKeyFile.isPresent()) {
            throw new IllegalArgumentException("objects.access-key-id and objects.secret-access-key-file go together");
        }
        Optional<AccessKey> key = Optional.empty();
        if (accessKeyId.isPresent()) {
            String text = Files.readString(secretAccessKeyFile.get());
            int end = text.indexOf('\n');
            String secret = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
            if (secret.isEmpty()) {
                throw new IllegalArgumentException(
                        "objects.secret-access-key-file " + secretAccessKeyFile.get() + " holds no secret");
            }
            key = Optional.of(new AccessKey(accessKeyId.get(), secret));
        }
        String resolved = region.or(S3ObjectSettings::defaultRegion)
                .orElseThrow(() -> new IllegalArgumentException(
                        "objects.region is not set and the AWS SDK's default region chain names none"));
        return new S3ObjectSettings(endpoint, resolved, bucket, prefix, pathStyle, key);
    }

    private static Optional<String> defaultRegion() {
        try {
            return Optional.of(new DefaultAwsRegionProviderChain().getRegion().id());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }

    /** The same settings with another part size. */
    public S3ObjectSettings withPartSize(int size) {
        return new S3ObjectSettings(
                endpoint, region, bucket, prefix, pathStyle, credentials, size, partBuffers, orphanGrace);
    }

    /** The same settings with another orphan grace. */
    public S3ObjectSettings withOrphanGrace(Duration grace) {
        return new S3ObjectSettings(
                endpoint, region, bucket, prefix, pathStyle, credentials, partSize, partBuffers, grace);
    }

    /** The endpoint as the start-up messages name it. */
    String endpointName() {
        return endpoint.map(URI::toString).orElse("(AWS, region " + region + ")");
    }

    private static void checkEndpoint(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("objects.endpoint must be an http(s) URL with a host: " + uri);
        }
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        if (prefix.startsWith("/") || prefix.length() > 512 || prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                    "objects.prefix must not start with / and holds at most 512 printable characters");
        }
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }
}
