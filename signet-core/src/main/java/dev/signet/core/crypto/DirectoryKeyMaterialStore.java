package dev.signet.core.crypto;

import dev.signet.core.files.AtomicFiles;
import dev.signet.core.files.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Key material as files: entry {@code name} of a folder is the file {@code dir/name}, written
 * temp+rename owner-only ({@link AtomicFiles}), in a directory created 0700 on first write. This is
 * the layout every single-node data directory has ({@code keys/*.key}, {@code ca/}, {@code tsa/}).
 */
public final class DirectoryKeyMaterialStore implements KeyMaterialStore {
    private final Path dir;

    public DirectoryKeyMaterialStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(dir.resolve(KeyMaterialStore.requireName(name))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(KeyMaterialStore.requireName(name));
        Objects.requireNonNull(content, "content");
        SecureFiles.createPrivateDirectories(dir);
        AtomicFiles.write(file, content, AtomicFiles.Mode.OWNER_ONLY);
    }

    @Override
    public List<String> names() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            // temporary files of interrupted writes start with '.', which no entry name may
            return entries.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public KeyMaterialStore folder(String name) {
        return new DirectoryKeyMaterialStore(dir.resolve(KeyMaterialStore.requireName(name)));
    }

    @Override
    public void probe() throws IOException {
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            throw new IOException("the key directory " + dir + " is not a readable directory");
        }
    }

    @Override
    public String describe() {
        return dir.toString();
    }
}
