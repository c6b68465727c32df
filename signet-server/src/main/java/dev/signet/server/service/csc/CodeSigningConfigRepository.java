package dev.signet.server.service.csc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stored code signing configs and the function-to-config associations, per owner account. Listings
 * are in ascending key order (config id, function ARN) and start after an exclusive position.
 */
public interface CodeSigningConfigRepository {

    /** Stores a new config; false when its id is taken. */
    boolean create(CodeSigningConfig config);

    Optional<CodeSigningConfig> find(String ownerAccount, String id);

    /** Replaces a stored config; false when it does not exist (any more). */
    boolean update(CodeSigningConfig config);

    /** Deletes a config unless functions still use it; never leaves an association dangling. */
    DeleteOutcome delete(String ownerAccount, String id);

    /** Up to {@code limit} configs of the owner with an id greater than {@code afterId}. */
    List<CodeSigningConfig> list(String ownerAccount, Optional<String> afterId, int limit);

    /**
     * Attaches the config to a function, replacing any config it had; false when the config does not
     * exist, in which case nothing changes.
     */
    boolean attach(String ownerAccount, String functionArn, String configId, Instant at);

    /** The id of the config the function uses. */
    Optional<String> configOf(String ownerAccount, String functionArn);

    /** Removes the function's association; false when it had none. */
    boolean detach(String ownerAccount, String functionArn);

    /** Up to {@code limit} function ARNs using the config, greater than {@code afterArn}. */
    List<String> functionsOf(String ownerAccount, String configId, Optional<String> afterArn, int limit);

    /** What {@link #delete} did. */
    enum DeleteOutcome {
        DELETED,
        NOT_FOUND,
        IN_USE
    }
}
