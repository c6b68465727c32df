package dev.signet.server.http.s3;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.objects.ObjectStoreException;

/**
 * The XML request bodies S3 routes read ({@link S3Xml}): PutBucketVersioning's
 * VersioningConfiguration and CreateBucket's CreateBucketConfiguration. Declares {@link
 * ObjectStoreException} (MalformedXML); a DOCTYPE, and so any entity, is refused.
 */
class S3XmlFuzz {
    @BoundedFuzzTest
    void parseVersioning(byte[] body) {
        FuzzBounds.parse(() -> {
            try {
                S3Xml.parseVersioning(body);
            } catch (ObjectStoreException declared) {
                // refused, as documented
            }
        });
    }

    @BoundedFuzzTest
    void checkCreateBucket(byte[] body) {
        FuzzBounds.parse(() -> {
            try {
                S3Xml.checkCreateBucket(body);
            } catch (ObjectStoreException declared) {
                // refused, as documented
            }
        });
    }
}
