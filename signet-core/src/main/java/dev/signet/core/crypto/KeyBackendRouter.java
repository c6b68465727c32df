package dev.signet.core.crypto;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Several key backends seen as one: a key is used in the backend its handle names ({@link
 * KeyHandle#backend()}), and new keys (generated or imported) go to one target backend. Views over
 * the same backends with other targets ({@link #generatingIn}) let each kind of key (profile keys,
 * the CA's, the TSA's) be created where the configuration says while every key stays usable. A key
 * naming a backend that is not configured is refused. Thread-safe when the backends are.
 */
public final class KeyBackendRouter implements KeyBackend {
    private final Map<String, KeyBackend> backends;
    private final KeyBackend target;

    /** Routes over {@code backends} (distinct names), creating new keys in the one named {@code target}. */
    public KeyBackendRouter(List<KeyBackend> backends, String target) {
        Map<String, KeyBackend> byName = new LinkedHashMap<>();
        for (KeyBackend backend : backends) {
            if (byName.put(backend.name(), backend) != null) {
                throw new IllegalArgumentException("two key backends named " + backend.name());
            }
        }
        this.backends = Map.copyOf(byName);
        this.target = byName.get(Objects.requireNonNull(target, "target"));
        if (this.target == null) {
            throw new IllegalArgumentException("no key backend named " + target + " is configured");
        }
    }

    /** The same backends, creating new keys in {@code name}. */
    public KeyBackendRouter generatingIn(String name) {
        return new KeyBackendRouter(List.copyOf(backends.values()), name);
    }

    /** The names of the configured backends. */
    public Set<String> names() {
        return backends.keySet();
    }

    /** The target's name: where new keys go. */
    @Override
    public String name() {
        return target.name();
    }

    @Override
    public KeyHandle generate(KeyAlgorithm algorithm) {
        return target.generate(algorithm);
    }

    @Override
    public KeyHandle importKey(PrivateKey key, PublicKey publicKey) {
        return target.importKey(key, publicKey);
    }

    @Override
    public PublicKey publicKey(KeyHandle key) {
        return of(key).publicKey(key);
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureAlgorithm algorithm, byte[] data) {
        return of(key).sign(key, algorithm, data);
    }

    @Override
    public byte[] signDigest(KeyHandle key, SignatureAlgorithm algorithm, byte[] digest) {
        return of(key).signDigest(key, algorithm, digest);
    }

    /** Every configured backend must be usable: a node that cannot reach one cannot sign with its keys. */
    @Override
    public void probe() {
        for (KeyBackend backend : backends.values()) {
            backend.probe();
        }
    }

    private KeyBackend of(KeyHandle key) {
        KeyBackend backend = backends.get(Objects.requireNonNull(key, "key").backend());
        if (backend == null) {
            throw new KeyBackendException(
                    "key " + key.uri() + " is held by the " + key.backend() + " key backend, which is not configured");
        }
        return backend;
    }
}
