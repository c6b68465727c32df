package dev.signet.server.service.permission;

import java.util.List;
import java.util.Optional;

/**
 * Durable resource policies of signing profiles. Every change is a compare-and-set on the policy's
 * revision id, so two writers that read the same revision cannot both win.
 */
public interface PermissionRepository {

    /** What a policy change did. */
    enum Change {
        APPLIED,
        /** the expected revision is not the current one; nothing changed */
        STALE_REVISION,
        /** a statement with that id exists already; nothing changed */
        DUPLICATE_STATEMENT,
        /** no statement with that id exists; nothing changed */
        NO_SUCH_STATEMENT
    }

    /** The current revision id, empty when the profile never had a policy. */
    Optional<String> revision(String ownerAccount, String profileName);

    /** Every statement, ordered by statement id. */
    List<ProfilePermission> statements(String ownerAccount, String profileName);

    /**
     * Adds a statement and moves the policy to {@code newRevision}.
     *
     * @param expectedRevision when present, the change applies only at this revision
     */
    Change add(
            String ownerAccount,
            String profileName,
            ProfilePermission permission,
            Optional<String> expectedRevision,
            String newRevision);

    /** Removes a statement at {@code expectedRevision} and moves the policy to {@code newRevision}. */
    Change remove(
            String ownerAccount, String profileName, String statementId, String expectedRevision, String newRevision);
}
