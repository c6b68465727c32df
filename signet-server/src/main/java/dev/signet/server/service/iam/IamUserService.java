package dev.signet.server.service.iam;

import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.principals.AccessKeys;
import dev.signet.server.service.principals.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * IAM's user operations in the caller's account: CreateUser, GetUser, ListUsers, DeleteUser,
 * TagUser. Every member is checked against the IAM model before anything is read or changed
 * ({@link IamValidation}). The account's administrator is not an IAM user: it is never listed, and
 * GetUser without a name describes it as it describes an IAM user.
 */
public final class IamUserService {
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final IamUserRepository users;
    private final AccessKeys accessKeys;
    private final Arns arns;
    private final PageTokens markers;
    private final Clock clock;
    private final Runnable deleted;
    private final SecureRandom random = new SecureRandom();

    /** A user with its tags, as GetUser and CreateUser return it. */
    public record UserDetails(IamUser user, Map<String, String> tags) {
        public UserDetails {
            Objects.requireNonNull(user, "user");
            tags = Map.copyOf(tags);
        }
    }

    /** One page of ListUsers; {@code marker} is present when the listing is truncated. */
    public record UserPage(List<IamUser> users, Optional<String> marker) {
        public UserPage {
            users = List.copyOf(users);
            Objects.requireNonNull(marker, "marker");
        }
    }

    public IamUserService(IamUserRepository users, AccessKeys accessKeys, Arns arns, PageTokens markers, Clock clock) {
        this(users, accessKeys, arns, markers, clock, () -> {});
    }

    /**
     * As above, running {@code deleted} after each user is deleted (so that what was issued to the
     * user on this node, such as its temporary credentials, stops working at once).
     */
    public IamUserService(
            IamUserRepository users,
            AccessKeys accessKeys,
            Arns arns,
            PageTokens markers,
            Clock clock,
            Runnable deleted) {
        this.deleted = Objects.requireNonNull(deleted, "deleted");
        this.users = Objects.requireNonNull(users, "users");
        this.accessKeys = Objects.requireNonNull(accessKeys, "accessKeys");
        this.arns = Objects.requireNonNull(arns, "arns");
        this.markers = Objects.requireNonNull(markers, "markers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public UserDetails create(Caller caller, Optional<String> path, String userName, Map<String, String> tags) {
        IamValidation.userName("userName", userName);
        String p = path.map(v -> IamValidation.path("path", v)).orElse("/");
        Map<String, String> checked = IamValidation.tags(tags);
        IamUser user = new IamUser(
                newUserId(),
                caller.accountId(),
                p,
                userName,
                arns.iamUser(caller.accountId(), p, userName),
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        if (users.create(user, checked) == IamUserRepository.Outcome.ALREADY_EXISTS) {
            throw IamErrors.userExists(userName);
        }
        return new UserDetails(user, checked);
    }

    /** The named user, or the caller itself when no name is given. */
    public UserDetails get(Caller caller, Optional<String> userName) {
        if (userName.isPresent()) {
            IamUser user = find(caller, userName.get());
            return new UserDetails(user, users.tags(user.userId()));
        }
        if (!caller.isAdministrator()) {
            IamUser self =
                    users.findById(caller.userId()).orElseThrow(() -> IamErrors.noSuchUser(caller.principalArn()));
            return new UserDetails(self, users.tags(self.userId()));
        }
        Principal admin = accessKeys
                .principalOf(caller.accessKeyId())
                .orElseThrow(() -> ServiceException.internal("the caller's access key has no principal"));
        return new UserDetails(
                new IamUser(
                        caller.userId(),
                        caller.accountId(),
                        "/",
                        admin.name(),
                        admin.arn(),
                        admin.createdAt().truncatedTo(ChronoUnit.SECONDS)),
                Map.of());
    }

    public UserPage list(Caller caller, Optional<String> pathPrefix, Optional<String> marker, Optional<Integer> max) {
        String prefix =
                pathPrefix.map(v -> IamValidation.pathPrefix("pathPrefix", v)).orElse("/");
        marker.ifPresent(m -> IamValidation.marker("marker", m));
        int limit = IamValidation.maxItems(max);
        String fingerprint = "ListUsers\n" + caller.accountId() + "\n" + prefix;
        IamListing.Page<IamUser> page = IamListing.page(
                markers,
                fingerprint,
                marker,
                limit,
                "PathPrefix",
                (after, n) -> users.list(caller.accountId(), prefix, after, n),
                IamUser::userName);
        return new UserPage(page.items(), page.marker());
    }

    /** Deletes a user that holds no access keys, inline policies or group memberships (IAM's DeleteConflict otherwise). */
    public void delete(Caller caller, String userName) {
        IamValidation.existingUserName("userName", userName);
        // exhaustive: an outcome added later must be handled here before this compiles
        String conflict = switch (users.delete(caller.accountId(), userName)) {
            case DONE -> {
                deleted.run();
                yield null;
            }
            case NOT_FOUND -> throw IamErrors.noSuchUser(userName);
            case HAS_ACCESS_KEYS -> "Cannot delete entity, must delete access keys first.";
            case HAS_POLICIES -> "Cannot delete entity, must delete policies first.";
            case HAS_GROUPS -> "Cannot delete entity, must remove user from all groups first.";
            case HAS_ATTACHED_POLICIES -> "Cannot delete entity, must detach all policies first.";
            case ALREADY_EXISTS, TOO_MANY_TAGS -> throw new IllegalStateException("not an outcome of delete");
        };
        if (conflict != null) {
            throw IamErrors.deleteConflict(conflict);
        }
    }

    /** Adds or overwrites tags; more than {@value IamValidation#MAX_TAGS} in all is LimitExceeded. */
    public void tag(Caller caller, String userName, Map<String, String> tags) {
        IamValidation.existingUserName("userName", userName);
        Map<String, String> checked = IamValidation.tags(tags);
        if (checked.isEmpty()) {
            throw IamErrors.validation("tags", "[]", "Member must have length greater than or equal to 1");
        }
        IamUser user = find(caller, userName);
        IamUserRepository.Outcome outcome = users.tag(user.userId(), checked, IamValidation.MAX_TAGS);
        if (outcome == IamUserRepository.Outcome.TOO_MANY_TAGS) {
            throw IamErrors.limitExceeded("The number of tags has reached the maximum limit.");
        }
        if (outcome != IamUserRepository.Outcome.DONE) {
            // deleted since it was found
            throw IamErrors.noSuchUser(userName);
        }
    }

    /** The user of that name in the caller's account, or NoSuchEntity. */
    IamUser find(Caller caller, String userName) {
        IamValidation.existingUserName("userName", userName);
        return users.find(caller.accountId(), userName).orElseThrow(() -> IamErrors.noSuchUser(userName));
    }

    private String newUserId() {
        StringBuilder id = new StringBuilder("AIDA");
        for (int i = 0; i < 17; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
