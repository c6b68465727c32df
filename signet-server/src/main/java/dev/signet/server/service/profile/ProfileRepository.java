package dev.signet.server.service.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Durable signing profiles. A profile name is unique per owner account for ever: a canceled or
 * revoked profile keeps its name.
 */
public interface ProfileRepository {

    /**
     * Stores a new profile with its first version.
     *
     * @return false, changing nothing, when the owner already has a profile of that name
     */
    boolean create(SigningProfile profile);

    /**
     * Makes {@code version} (a new version of an existing profile) the profile's current one, if the
     * profile is still Active at {@code replacedVersion}; the replaced version stays readable with
     * {@link #findVersion}. Atomic: a concurrent rotation, cancel or revocation of the current version
     * makes this change nothing.
     *
     * @return false, changing nothing, when the profile is no longer Active at {@code replacedVersion}
     */
    boolean addVersion(SigningProfile version, String replacedVersion, Instant createdAt);

    /**
     * Stores {@code version}, a {@link CertificateState#PendingCertificate} version of an existing
     * profile, beside its current version (which stays current), if the profile is still Active at
     * {@code currentVersion} and has no other pending version. Atomic.
     *
     * @return false, changing nothing, when the profile is no longer Active at {@code currentVersion}
     *     or already has a pending version
     */
    boolean addPendingVersion(SigningProfile version, String currentVersion, Instant createdAt);

    /**
     * The version stored by {@link #addPendingVersion} and still waiting for its certificate (not the
     * current version), if any.
     */
    Optional<SigningProfile> findPendingVersion(String ownerAccount, String name);

    /**
     * The current version of every Active profile of every account, by owner and name: for the
     * deployment-wide certificate expiry gauge (a deployment has hundreds of profiles, not millions).
     */
    List<SigningProfile> activeProfiles();

    /** The profile at its current version. */
    Optional<SigningProfile> find(String ownerAccount, String name);

    /** The profile at one given version, whatever the current one. */
    Optional<SigningProfile> findVersion(String ownerAccount, String name, String version);

    /**
     * Moves a profile from {@code expected} to {@code status}.
     *
     * @return false when the profile does not exist or is not in {@code expected}
     */
    boolean updateStatus(
            String ownerAccount, String name, ProfileStatus expected, ProfileStatus status, Optional<String> reason);

    /**
     * Installs the chain of an outside CA's certificate in a {@link CertificateState#PendingCertificate}
     * version, which becomes {@link CertificateState#External} and the profile's current version (a
     * rotated profile's pending version replaces the version that signed until then), and clears the
     * profile's status reason, atomically.
     *
     * @return false, changing nothing, when that version is not waiting for its certificate or the
     *     profile is not Active
     */
    boolean installExternalChain(String ownerAccount, String name, String version, String chainPem);

    /** Profiles matching {@code filter}, by name, after {@code afterName}; at most {@code limit}. */
    List<SigningProfile> list(ProfileFilter filter, Optional<String> afterName, int limit);

    /**
     * Replaces a profile's tags (every version shares them) with {@code change} applied to the
     * current ones, atomically: concurrent changes never overwrite each other. An exception thrown
     * by {@code change} changes nothing and reaches the caller.
     *
     * @return the new tags, or empty when the profile does not exist
     */
    Optional<Map<String, String>> changeTags(
            String ownerAccount, String name, UnaryOperator<Map<String, String>> change);
}
