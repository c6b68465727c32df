package dev.signet.server.service.access;

import dev.signet.server.objects.ObjectStore;
import java.util.Objects;
import java.util.Optional;

/**
 * The owners of S3 buckets and their objects ({@code arn:PARTITION:s3:::BUCKET[/KEY]}), read from
 * the object store's bucket index on every request (CreateBucket excepted: the bucket it names is
 * to be the caller's, and a name another account owns is refused by the route as
 * BucketAlreadyExists, as S3 does). An owner is never cached, so a bucket deleted
 * and created again by another account is never reached with its old owner's rights, on any node.
 */
public final class BucketOwners implements ResourceOwners {
    private final ObjectStore objects;
    private final String prefix;

    public BucketOwners(ObjectStore objects, String partition) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.prefix = "arn:" + Objects.requireNonNull(partition, "partition") + ":s3:::";
    }

    @Override
    public Optional<String> ownerOf(String action, String resource) {
        if (!resource.startsWith(prefix) || action.equalsIgnoreCase("s3:CreateBucket")) {
            return Optional.empty();
        }
        int slash = resource.indexOf('/', prefix.length());
        String bucket = resource.substring(prefix.length(), slash < 0 ? resource.length() : slash);
        if (bucket.isEmpty() || bucket.indexOf('*') >= 0 || bucket.indexOf('?') >= 0) {
            return Optional.empty();
        }
        return objects.bucketOwner(bucket);
    }
}
