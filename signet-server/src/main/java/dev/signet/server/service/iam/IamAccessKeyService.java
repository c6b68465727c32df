package dev.signet.server.service.iam;

import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.principals.AccessKeyUse;
import dev.signet.server.service.principals.AccessKeys;
import dev.signet.server.service.principals.IssuedAccessKey;
import dev.signet.server.service.principals.Principal;
import dev.signet.server.service.principals.StoredAccessKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * IAM's access key operations: CreateAccessKey (at most {@value #MAX_KEYS} per user, active or
 * not), ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed. Without a user
 * name they act on the caller's own keys, as IAM does (for the administrator, its own). A key
 * deactivated or deleted stops authenticating on this node at once and on the others within the
 * key cache's staleness bound ({@link AccessKeys}).
 */
public final class IamAccessKeyService {
    /** IAM's quota AccessKeysPerUser. */
    public static final int MAX_KEYS = 2;

    private final IamUserService users;
    private final IamUserRepository userRepository;
    private final AccessKeys accessKeys;

    /** Whose keys an operation acts on: a principal and the user name IAM reports for it. */
    private record Owner(String principalId, String userName) {}

    /** A key just created, with its secret (shown once). */
    public record CreatedKey(String userName, IssuedAccessKey key, Instant createdAt) {}

    /** A user's keys, oldest first. */
    public record KeyList(String userName, List<StoredAccessKey> keys) {
        public KeyList {
            keys = List.copyOf(keys);
        }
    }

    /** A key's last use; empty when it has not been used yet. */
    public record LastUsed(String userName, Optional<AccessKeyUse> use) {}

    public IamAccessKeyService(IamUserService users, IamUserRepository userRepository, AccessKeys accessKeys) {
        this.users = Objects.requireNonNull(users, "users");
        this.userRepository = Objects.requireNonNull(userRepository, "userRepository");
        this.accessKeys = Objects.requireNonNull(accessKeys, "accessKeys");
    }

    public CreatedKey create(Caller caller, Optional<String> userName) {
        Owner owner = owner(caller, userName);
        IssuedAccessKey issued = accessKeys
                .issue(owner.principalId(), MAX_KEYS)
                .orElseThrow(() -> IamErrors.limitExceeded("Cannot exceed quota for AccessKeysPerUser: " + MAX_KEYS));
        StoredAccessKey stored = accessKeys
                .find(issued.accessKeyId())
                .orElseThrow(() -> ServiceException.internal("a key just issued is not stored"));
        return new CreatedKey(owner.userName(), issued, stored.createdAt());
    }

    public KeyList list(Caller caller, Optional<String> userName, Optional<String> marker, Optional<Integer> max) {
        marker.ifPresent(m -> IamValidation.marker("marker", m));
        IamValidation.maxItems(max);
        Owner owner = owner(caller, userName);
        // at most MAX_KEYS keys: one page always holds them all, so a marker has nothing to continue
        return new KeyList(owner.userName(), accessKeys.keysOf(owner.principalId()));
    }

    public void update(Caller caller, Optional<String> userName, String accessKeyId, String status) {
        IamValidation.accessKeyId("accessKeyId", accessKeyId);
        StoredAccessKey.Status newStatus = switch (status) {
            case "Active" -> StoredAccessKey.Status.ACTIVE;
            case "Inactive" -> StoredAccessKey.Status.INACTIVE;
            default ->
                throw IamErrors.validation(
                        "status", status, "Member must satisfy enum value set: [Active, Inactive, Expired]");
        };
        Owner owner = owner(caller, userName);
        if (!accessKeys.setStatus(owner.principalId(), accessKeyId, newStatus)) {
            throw IamErrors.noSuchAccessKey(accessKeyId);
        }
    }

    public void delete(Caller caller, Optional<String> userName, String accessKeyId) {
        IamValidation.accessKeyId("accessKeyId", accessKeyId);
        Owner owner = owner(caller, userName);
        if (!accessKeys.delete(owner.principalId(), accessKeyId)) {
            throw IamErrors.noSuchAccessKey(accessKeyId);
        }
    }

    /** The last use of a key of the caller's account. */
    public LastUsed lastUsed(Caller caller, String accessKeyId) {
        IamValidation.accessKeyId("accessKeyId", accessKeyId);
        Principal holder = accessKeys
                .principalOf(accessKeyId)
                .filter(p -> p.accountId().equals(caller.accountId()))
                .orElseThrow(() -> IamErrors.noSuchAccessKey(accessKeyId));
        String userName = holder.kind() == Caller.Kind.USER
                ? userRepository
                        .findById(holder.principalId())
                        .map(IamUser::userName)
                        .orElse(holder.name())
                : holder.name();
        return new LastUsed(userName, accessKeys.lastUse(accessKeyId));
    }

    private Owner owner(Caller caller, Optional<String> userName) {
        if (userName.isPresent()) {
            IamUser user = users.find(caller, userName.get());
            return new Owner(user.userId(), user.userName());
        }
        if (!caller.isAdministrator()) {
            IamUser self = userRepository
                    .findById(caller.userId())
                    .orElseThrow(() -> IamErrors.noSuchUser(caller.principalArn()));
            return new Owner(self.userId(), self.userName());
        }
        Principal admin = accessKeys
                .principalOf(caller.accessKeyId())
                .orElseThrow(() -> ServiceException.internal("the caller's access key has no principal"));
        return new Owner(admin.principalId(), admin.name());
    }
}
