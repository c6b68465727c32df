package dev.signet.server.service.platform;

import dev.signet.core.platform.SigningPlatform;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of {@code ListSigningPlatforms}. */
public record PlatformPage(List<SigningPlatform> platforms, Optional<String> nextToken) {
    public PlatformPage {
        platforms = List.copyOf(platforms);
        Objects.requireNonNull(nextToken, "nextToken");
    }
}
