package dev.signet.server.objects;

import java.util.Objects;
import java.util.Optional;

/**
 * What a delete did: removed a version (its id), or, in a versioned bucket with no version named,
 * added a delete marker (the marker's id, {@code deleteMarker} true).
 */
public record DeleteResult(Optional<String> versionId, boolean deleteMarker) {
    public DeleteResult {
        Objects.requireNonNull(versionId, "versionId");
    }
}
