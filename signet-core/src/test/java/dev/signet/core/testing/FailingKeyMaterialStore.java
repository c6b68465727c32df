package dev.signet.core.testing;

import dev.signet.core.crypto.KeyMaterialStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A store whose writes fail after the first {@code allowed}: a process killed between writes. */
public final class FailingKeyMaterialStore implements KeyMaterialStore {
    private final KeyMaterialStore inner;
    private final AtomicInteger left;

    public FailingKeyMaterialStore(KeyMaterialStore inner, int allowed) {
        this.inner = inner;
        this.left = new AtomicInteger(allowed);
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        return inner.read(name);
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        if (left.getAndDecrement() <= 0) {
            throw new IOException("simulated crash before writing " + name);
        }
        inner.write(name, content);
    }

    @Override
    public List<String> names() throws IOException {
        return inner.names();
    }

    @Override
    public KeyMaterialStore folder(String name) {
        return inner.folder(name);
    }

    @Override
    public String describe() {
        return "a failing " + inner.describe();
    }
}
