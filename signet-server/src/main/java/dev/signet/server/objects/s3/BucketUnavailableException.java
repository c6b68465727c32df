package dev.signet.server.objects.s3;

import java.io.IOException;

/**
 * The S3 object store cannot start: its bucket does not exist, refuses the credentials, or its
 * endpoint cannot be reached. The message is one line naming the setting to look at.
 */
public final class BucketUnavailableException extends IOException {
    public BucketUnavailableException(String message) {
        super(message);
    }
}
