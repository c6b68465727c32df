package dev.signet.server.objects;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where object content lives. {@link Type#FILESYSTEM}: under the data directory (the embedded
 * default; the S3 fields are empty). {@link Type#S3}: in a bucket of an S3-compatible store, its
 * index in the database.
 *
 * @param endpoint the S3 endpoint (empty: the SDK's for {@code region})
 * @param region the S3 region (empty: the SDK's default chain)
 * @param bucket the bucket (required for S3)
 * @param prefix key prefix under which Signet writes, "" for none
 * @param pathStyle path-style requests ({@code endpoint/bucket/key}) instead of virtual-host ones
 * @param accessKeyId the access key id (empty: the SDK's default credentials chain)
 * @param secretAccessKeyFile the file holding the secret access key, given with {@code accessKeyId}
 */
public record ObjectStoreSettings(
        Type type,
        Optional<URI> endpoint,
        Optional<String> region,
        Optional<String> bucket,
        String prefix,
        boolean pathStyle,
        Optional<String> accessKeyId,
        Optional<Path> secretAccessKeyFile) {
    /** The kinds of object store. */
    public enum Type {
        FILESYSTEM,
        S3
    }

    public ObjectStoreSettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKeyFile, "secretAccessKeyFile");
        if (type == Type.S3 && bucket.isEmpty()) {
            throw new IllegalArgumentException("an S3 object store needs a bucket");
        }
        if (accessKeyId.isPresent() != secretAccessKeyFile.isPresent()) {
            throw new IllegalArgumentException("accessKeyId and secretAccessKeyFile go together");
        }
    }

    /** Files under the data directory. */
    public static ObjectStoreSettings filesystem() {
        return new ObjectStoreSettings(
                Type.FILESYSTEM,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "",
                false,
                Optional.empty(),
                Optional.empty());
    }
}
