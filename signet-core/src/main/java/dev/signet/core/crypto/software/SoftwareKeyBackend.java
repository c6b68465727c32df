package dev.signet.core.crypto.software;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * Keys generated in process and stored in {@code keyDir}, one file per key, sealed with AES-256-GCM
 * under the master key.
 */
public final class SoftwareKeyBackend implements KeyBackend {

    public SoftwareKeyBackend(MasterKey masterKey, Path keyDir) {
        throw new UnsupportedOperationException("TODO core");
    }

    @Override
    public String name() {
        return "software";
    }

    @Override
    public KeyHandle generate(KeyAlgorithm algorithm) {
        throw new UnsupportedOperationException("TODO core");
    }

    @Override
    public PublicKey publicKey(KeyHandle key) {
        throw new UnsupportedOperationException("TODO core");
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureAlgorithm algorithm, byte[] data) {
        throw new UnsupportedOperationException("TODO core");
    }
}
