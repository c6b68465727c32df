package dev.signet.server.service.iam;

import dev.signet.core.policy.PolicyKind;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IAM's role operations in the caller's account: CreateRole, GetRole, ListRoles, DeleteRole
 * (DeleteConflict while it has inline policies), UpdateAssumeRolePolicy. A trust policy passes the
 * same {@link PolicyDocumentCheck} as any policy and IAM's default quota of 2,048 non-whitespace
 * characters (LimitExceeded). STS AssumeRole ({@code service.sts}) evaluates the trust policy; a
 * deleted role's sessions stop working.
 */
public final class IamRoleService {
    static final int TRUST_POLICY_QUOTA = 2048;
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final Pattern DESCRIPTION =
            Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");

    private final IamRoleRepository roles;
    private final PolicyDocumentCheck check;
    private final Arns arns;
    private final PageTokens markers;
    private final Clock clock;
    private final Runnable deleted;
    private final SecureRandom random = new SecureRandom();

    /** One page of ListRoles; {@code marker} is present when the listing is truncated. */
    public record RolePage(List<IamRole> roles, Optional<String> marker) {
        public RolePage {
            roles = List.copyOf(roles);
            Objects.requireNonNull(marker, "marker");
        }
    }

    /** What CreateRole asks for. */
    public record NewRole(
            Optional<String> path,
            String roleName,
            String assumeRolePolicy,
            Optional<String> description,
            Optional<Integer> maxSessionDuration,
            Map<String, String> tags) {}

    public IamRoleService(
            IamRoleRepository roles, PolicyDocumentCheck check, Arns arns, PageTokens markers, Clock clock) {
        this(roles, check, arns, markers, clock, () -> {});
    }

    /**
     * As above, running {@code deleted} after each role is deleted (so that the role's sessions stop
     * working on this node at once).
     */
    public IamRoleService(
            IamRoleRepository roles,
            PolicyDocumentCheck check,
            Arns arns,
            PageTokens markers,
            Clock clock,
            Runnable deleted) {
        this.deleted = Objects.requireNonNull(deleted, "deleted");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.check = Objects.requireNonNull(check, "check");
        this.arns = Objects.requireNonNull(arns, "arns");
        this.markers = Objects.requireNonNull(markers, "markers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public IamRole create(Caller caller, NewRole request) {
        IamValidation.roleName("roleName", request.roleName());
        String path = request.path().map(v -> IamValidation.path("path", v)).orElse("/");
        trustPolicy(request.assumeRolePolicy());
        request.description().ifPresent(d -> {
            if (d.length() > 1000 || !DESCRIPTION.matcher(d).matches()) {
                throw IamErrors.validation(
                        "description",
                        d,
                        d.length() > 1000
                                ? "Member must have length less than or equal to 1000"
                                : "Member must satisfy regular expression pattern: " + DESCRIPTION.pattern());
            }
        });
        int duration = request.maxSessionDuration().orElse(3600);
        if (duration < 3600 || duration > 43200) {
            throw IamErrors.validation(
                    "maxSessionDuration",
                    String.valueOf(duration),
                    "Member must have value "
                            + (duration < 3600 ? "greater than or equal to 3600" : "less than or equal to 43200"));
        }
        Map<String, String> tags = IamValidation.tags(request.tags());
        IamRole role = new IamRole(
                newRoleId(),
                caller.accountId(),
                path,
                request.roleName(),
                "arn:" + arns.partition() + ":iam::" + caller.accountId() + ":role" + path + request.roleName(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS),
                request.assumeRolePolicy(),
                request.description(),
                duration,
                tags);
        if (roles.create(role) == IamRoleRepository.Outcome.ALREADY_EXISTS) {
            throw new ServiceException(
                    "EntityAlreadyExists", 409, "Role with name " + request.roleName() + " already exists.");
        }
        return role;
    }

    /** The role of that name in the caller's account, or NoSuchEntity. */
    public IamRole get(Caller caller, String roleName) {
        IamValidation.roleName("roleName", roleName);
        return roles.find(caller.accountId(), roleName)
                .orElseThrow(() -> new ServiceException(
                        "NoSuchEntity", 404, "The role with name " + roleName + " cannot be found."));
    }

    public RolePage list(Caller caller, Optional<String> pathPrefix, Optional<String> marker, Optional<Integer> max) {
        String prefix =
                pathPrefix.map(v -> IamValidation.pathPrefix("pathPrefix", v)).orElse("/");
        marker.ifPresent(m -> IamValidation.marker("marker", m));
        int limit = IamValidation.maxItems(max);
        String fingerprint = "ListRoles\n" + caller.accountId() + "\n" + prefix;
        IamListing.Page<IamRole> page = IamListing.page(
                markers,
                fingerprint,
                marker,
                limit,
                "PathPrefix",
                (after, n) -> roles.list(caller.accountId(), prefix, after, n),
                IamRole::roleName);
        return new RolePage(page.items(), page.marker());
    }

    public void delete(Caller caller, String roleName) {
        IamRole role = get(caller, roleName);
        String conflict = switch (roles.delete(role.roleId())) {
            case DONE -> {
                deleted.run();
                yield null;
            }
            case HAS_POLICIES -> "Cannot delete entity, must delete policies first.";
            case HAS_ATTACHED_POLICIES -> "Cannot delete entity, must detach all policies first.";
            case ALREADY_EXISTS -> throw new IllegalStateException("not an outcome of delete");
        };
        if (conflict != null) {
            throw IamErrors.deleteConflict(conflict);
        }
    }

    public void updateAssumeRolePolicy(Caller caller, String roleName, String document) {
        IamRole role = get(caller, roleName);
        trustPolicy(document);
        if (!roles.updateAssumeRolePolicy(role.roleId(), document)) {
            throw new ServiceException("NoSuchEntity", 404, "The role with name " + roleName + " cannot be found.");
        }
    }

    private void trustPolicy(String document) {
        IamValidation.policyDocument("assumeRolePolicyDocument", document);
        check.check(document, PolicyKind.TRUST);
        if (document.chars().filter(c -> !Character.isWhitespace(c)).count() > TRUST_POLICY_QUOTA) {
            throw IamErrors.limitExceeded("Cannot exceed quota for ACLSizePerRole: " + TRUST_POLICY_QUOTA);
        }
    }

    private String newRoleId() {
        StringBuilder id = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
