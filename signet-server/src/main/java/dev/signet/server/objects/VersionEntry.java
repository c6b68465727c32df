package dev.signet.server.objects;

import java.util.Objects;

/** One entry of a version listing: a version, or a delete marker (size 0, no content). */
public record VersionEntry(ObjectInfo info, boolean deleteMarker) {
    public VersionEntry {
        Objects.requireNonNull(info, "info");
    }
}
