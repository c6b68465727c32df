package dev.signet.server.http.s3;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.objects.ObjectStoreException;

/**
 * The XML request bodies S3 routes read ({@link S3XmlRequests}): PutBucketVersioning's
 * VersioningConfiguration, CreateBucket's CreateBucketConfiguration, CompleteMultipartUpload's part
 * list and DeleteObjects' Delete. Declares {@link ObjectStoreException} (MalformedXML and the
 * operations' own refusals); a DOCTYPE, and so any entity, is refused.
 */
class S3XmlFuzz {
    @BoundedFuzzTest
    void parseVersioning(byte[] body) {
        parse(() -> S3XmlRequests.versioning(body));
    }

    @BoundedFuzzTest
    void checkCreateBucket(byte[] body) {
        parse(() -> S3XmlRequests.locationConstraint(body));
    }

    @BoundedFuzzTest
    void completedParts(byte[] body) {
        parse(() -> S3XmlRequests.completedParts(body));
    }

    @BoundedFuzzTest
    void delete(byte[] body) {
        parse(() -> S3XmlRequests.delete(body));
    }

    private interface Parse {
        void run() throws ObjectStoreException;
    }

    private static void parse(Parse parse) {
        FuzzBounds.parse(() -> {
            try {
                parse.run();
            } catch (ObjectStoreException declared) {
                // refused, as documented
            }
        });
    }
}
