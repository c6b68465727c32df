package dev.signet.core.platform;

import java.util.List;
import java.util.Optional;

/** The signing platforms, loaded from data ({@code platforms.json} on the class path). */
public final class PlatformRegistry {

    public static PlatformRegistry builtIn() {
        throw new UnsupportedOperationException("TODO core");
    }

    public List<SigningPlatform> all() {
        throw new UnsupportedOperationException("TODO core");
    }

    public Optional<SigningPlatform> find(String platformId) {
        throw new UnsupportedOperationException("TODO core");
    }
}
