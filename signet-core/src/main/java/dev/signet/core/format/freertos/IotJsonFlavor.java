package dev.signet.core.format.freertos;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One AWS IoT signing platform's variant of the JSON signature: whether the payload is embedded,
 * and which key algorithms it signs with under which hash and {@code signatureAlgorithm} name.
 */
record IotJsonFlavor(
        String id,
        Set<String> platformIds,
        boolean embedded,
        HashAlgorithm hash,
        Map<KeyAlgorithm, String> algorithms) {
    IotJsonFlavor {
        Objects.requireNonNull(id, "id");
        platformIds = Set.copyOf(platformIds);
        Objects.requireNonNull(hash, "hash");
        algorithms = Map.copyOf(algorithms);
    }

    /** The {@code signatureAlgorithm} value for a key, if this flavor signs with it. */
    Optional<String> algorithmName(KeyAlgorithm key) {
        return Optional.ofNullable(algorithms.get(key));
    }

    boolean accepts(String algorithmName) {
        return algorithms.containsValue(algorithmName);
    }
}
