package dev.signet.core.ca;

import dev.signet.core.crypto.KeyHandle;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * One generation of the CA's root: generation 1 is the root made at the first start, each root
 * renewal adds the next. A renewed root has a self-signed certificate and a cross certificate (its
 * subject and key, signed by the previous root), so verifiers that trust only an older root still
 * accept chains that end in it; and a reverse cross certificate (the previous root's subject and key,
 * signed by this root), so verifiers that trust only this root accept chains that end in the
 * previous one (certificates issued before the renewal).
 *
 * @param cross the cross certificate; empty for generation 1, present for every later one
 * @param reverseCross the reverse cross certificate; empty for generation 1 and for a root renewed
 *     by a Signet that did not make one
 */
public record RootCa(
        int generation,
        KeyHandle key,
        X509Certificate certificate,
        Optional<X509Certificate> cross,
        Optional<X509Certificate> reverseCross) {
    public RootCa {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(cross, "cross");
        Objects.requireNonNull(reverseCross, "reverseCross");
        if (generation < 1 || (generation == 1) != cross.isEmpty()) {
            throw new IllegalArgumentException("root generation " + generation + " must have a cross certificate"
                    + " exactly when it is not the first");
        }
        if (generation == 1 && reverseCross.isPresent()) {
            throw new IllegalArgumentException("the first root has no reverse cross certificate");
        }
    }

    /** The first root: no cross certificates. */
    static RootCa first(KeyHandle key, X509Certificate certificate) {
        return new RootCa(1, key, certificate, Optional.empty(), Optional.empty());
    }
}
