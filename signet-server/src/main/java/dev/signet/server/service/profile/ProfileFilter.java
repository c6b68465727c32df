package dev.signet.server.service.profile;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which profiles {@code ListSigningProfiles} returns: those of {@code ownerAccount} with a status in
 * {@code statuses} and, when given, on {@code platformId}.
 */
public record ProfileFilter(String ownerAccount, Set<ProfileStatus> statuses, Optional<String> platformId) {
    public ProfileFilter {
        Objects.requireNonNull(ownerAccount, "ownerAccount");
        statuses = Set.copyOf(statuses);
        Objects.requireNonNull(platformId, "platformId");
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("a filter selects at least one status");
        }
    }

    /** A stable text form, bound into page tokens so a token cannot be replayed with another filter. */
    public String fingerprint() {
        return "profiles|" + ownerAccount + "|"
                + statuses.stream().map(Enum::name).sorted().toList() + "|" + platformId.orElse("");
    }
}
