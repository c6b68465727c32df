package dev.signet.server.metrics;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A key backend that counts its delegate's failures ({@code signet_key_backend_errors_total}) and
 * otherwise behaves exactly as the delegate: same name, same results, same exceptions.
 */
public final class MeteredKeyBackend implements KeyBackend {
    private final KeyBackend delegate;
    private final SignetMetrics metrics;

    public MeteredKeyBackend(KeyBackend delegate, SignetMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public KeyHandle generate(KeyAlgorithm algorithm) throws KeyBackendException {
        try {
            return delegate.generate(algorithm);
        } catch (RuntimeException e) {
            throw counted("generate", e);
        }
    }

    @Override
    public PublicKey publicKey(KeyHandle key) throws KeyBackendException {
        try {
            return delegate.publicKey(key);
        } catch (RuntimeException e) {
            throw counted("publicKey", e);
        }
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureAlgorithm algorithm, byte[] data) throws KeyBackendException {
        try {
            return delegate.sign(key, algorithm, data);
        } catch (RuntimeException e) {
            throw counted("sign", e);
        }
    }

    @Override
    public KeyHandle importKey(PrivateKey key, PublicKey publicKey) throws KeyBackendException {
        try {
            return delegate.importKey(key, publicKey);
        } catch (RuntimeException e) {
            throw counted("importKey", e);
        }
    }

    @Override
    public byte[] signDigest(KeyHandle key, SignatureAlgorithm algorithm, byte[] digest) throws KeyBackendException {
        try {
            return delegate.signDigest(key, algorithm, digest);
        } catch (RuntimeException e) {
            throw counted("signDigest", e);
        }
    }

    @Override
    public void probe() throws KeyBackendException {
        try {
            delegate.probe();
        } catch (RuntimeException e) {
            throw counted("probe", e);
        }
    }

    /** Counts the failure and hands it back to be rethrown unchanged. */
    private RuntimeException counted(String operation, RuntimeException e) {
        metrics.keyBackendError(delegate.name(), operation);
        return e;
    }
}
