package dev.signet.server.objects.filesystem;

import dev.signet.server.objects.index.IndexedObjectStore;
import dev.signet.server.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The embedded object store: the index (buckets, versions, multipart uploads) in the database, the
 * content in files under one directory ({@link ContentFiles}), fsynced and renamed into place
 * before their rows commit.
 */
public final class FilesystemObjectStore {
    private FilesystemObjectStore() {}

    /** Opens the store under {@code root}, creating its folders and cleaning what a crash left. */
    public static IndexedObjectStore open(Path root, Database database, Clock clock) throws IOException {
        return IndexedObjectStore.open(new ContentFiles(root), database, clock);
    }
}
