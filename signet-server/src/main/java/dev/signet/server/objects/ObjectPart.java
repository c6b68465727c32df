package dev.signet.server.objects;

import java.util.Objects;
import java.util.Optional;

/**
 * One part of an object made by a multipart upload: where it lies in the object, its ETag (hex MD5)
 * and its checksum (base64) under the object's checksum algorithm, if the object has one.
 */
public record ObjectPart(int partNumber, long offset, long size, String etag, Optional<String> checksum) {
    public ObjectPart {
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(checksum, "checksum");
        if (partNumber < 1 || offset < 0 || size < 0) {
            throw new IllegalArgumentException("bad part " + partNumber + " at " + offset + "+" + size);
        }
    }
}
