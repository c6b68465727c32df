package dev.signet.server.service.csc;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What Lambda does with an artifact whose signature does not verify ({@code CodeSigningPolicy}):
 * deploy it and log a warning, or refuse it. The wire spelling is {@link #wireName()}.
 */
public enum CodeSigningPolicy {
    WARN("Warn"),
    ENFORCE("Enforce");

    private final String wireName;

    CodeSigningPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The wire names, in the model's order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(CodeSigningPolicy::wireName).toList();
    }

    public static Optional<CodeSigningPolicy> fromWire(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }
}
