package dev.signet.server.service.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of {@code ListSigningProfiles}. */
public record ProfilePage(List<SigningProfile> profiles, Optional<String> nextToken) {
    public ProfilePage {
        profiles = List.copyOf(profiles);
        Objects.requireNonNull(nextToken, "nextToken");
    }
}
