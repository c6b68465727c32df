package dev.signet.core.ca;

import dev.signet.core.crypto.KeyHandle;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * One generation of the CA's root: generation 1 is the root made at the first start, each root
 * renewal adds the next. A renewed root has a self-signed certificate and a cross certificate (its
 * subject and key, signed by the previous root), so verifiers that trust only an older root still
 * accept chains that end in it.
 *
 * @param cross the cross certificate; empty for generation 1, present for every later one
 */
public record RootCa(int generation, KeyHandle key, X509Certificate certificate, Optional<X509Certificate> cross) {
    public RootCa {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(cross, "cross");
        if (generation < 1 || (generation == 1) != cross.isEmpty()) {
            throw new IllegalArgumentException("root generation " + generation + " must have a cross certificate"
                    + " exactly when it is not the first");
        }
    }
}
