package dev.signet.server.service.permission;

import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.SigningProfileService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code AddProfilePermission}, {@code RemoveProfilePermission} and {@code ListProfilePermissions}:
 * a signing profile's resource policy, changed under optimistic concurrency. A change that names a
 * {@code revisionId} other than the current one is a ConflictException and changes nothing; so is
 * a statement id that is already used. The statements are the profile's resource policy, which
 * the authorizer evaluates ({@link ProfileResourcePolicies}, which this service writes through).
 *
 * <p>Constraints the model leaves open, chosen after AWS's documentation: {@code action} is one of
 * the four Signer actions that can be shared; {@code principal} is a 12-digit account or an IAM ARN;
 * {@code statementId} is 1..100 of {@code [a-zA-Z0-9_-]}; a policy holds at most 100 statements and
 * 20,480 bytes (ServiceLimitExceededException beyond).
 */
public final class ProfilePermissionService {
    static final Set<String> ACTIONS = Set.of(
            "signer:StartSigningJob", "signer:SignPayload", "signer:GetSigningProfile", "signer:RevokeSignature");
    private static final Pattern STATEMENT_ID = Pattern.compile("[a-zA-Z0-9_-]{1,100}");
    private static final Pattern PRINCIPAL =
            Pattern.compile("[0-9]{12}|arn:[a-z-]{1,32}:iam::[0-9]{12}:(root|(user|role)/[\\w+=,.@/-]{1,512})");
    private static final int MAX_STATEMENTS = 100;
    private static final int MAX_POLICY_BYTES = 20_480;
    private static final int PAGE = 25;

    private final PermissionRepository repository;
    private final SigningProfileService profiles;
    private final Arns arns;
    private final PageTokens pageTokens;

    public ProfilePermissionService(
            PermissionRepository repository, SigningProfileService profiles, Arns arns, PageTokens pageTokens) {
        this.repository = repository;
        this.profiles = profiles;
        this.arns = arns;
        this.pageTokens = pageTokens;
    }

    /** @return the policy's new revision id */
    public String add(Caller caller, AddPermissionRequest request) {
        Validation.profileName("profileName", request.profileName());
        String statementId = statementId(request.statementId().orElse(null));
        String action = Validation.require("action", request.action().orElse(null));
        if (!ACTIONS.contains(action)) {
            throw ServiceException.validation("action must be one of "
                    + ACTIONS.stream().sorted().toList() + ", got '" + Validation.printable(action) + "'");
        }
        String principal = Validation.require("principal", request.principal().orElse(null));
        if (!PRINCIPAL.matcher(principal).matches()) {
            throw ServiceException.validation("principal must be a 12-digit account id or an IAM user, role or root"
                    + " ARN, got '" + Validation.printable(principal) + "'");
        }
        request.profileVersion().ifPresent(v -> Validation.profileVersion("profileVersion", v));
        request.revisionId().ifPresent(r -> Validation.length("revisionId", r, 1, 64));
        SigningProfile profile = profiles.get(caller, request.profileName(), Optional.empty());
        request.profileVersion().ifPresent(v -> {
            if (!v.equals(profile.version())) {
                throw ServiceException.notFound(
                        "signing profile " + profile.name() + " has no version " + Validation.printable(v));
            }
        });
        ProfilePermission permission = new ProfilePermission(statementId, action, principal, request.profileVersion());
        List<ProfilePermission> after = new ArrayList<>(repository.statements(profile.ownerAccount(), profile.name()));
        after.add(permission);
        if (after.size() > MAX_STATEMENTS || PolicyDocument.size(after, resourceOf(profile)) > MAX_POLICY_BYTES) {
            throw new ServiceException(
                    "ServiceLimitExceededException",
                    402,
                    "the resource policy of " + profile.name() + " would exceed " + MAX_STATEMENTS + " statements or "
                            + MAX_POLICY_BYTES + " bytes");
        }
        String revision = newRevision();
        PermissionRepository.Change change =
                repository.add(profile.ownerAccount(), profile.name(), permission, request.revisionId(), revision);
        return applied(change, statementId, revision);
    }

    /** @return the policy's new revision id */
    public String remove(Caller caller, String profileName, String statementId, Optional<String> revisionId) {
        Validation.profileName("profileName", profileName);
        statementId(statementId);
        String expected = Validation.require("revisionId", revisionId.orElse(null));
        SigningProfile profile = profiles.get(caller, profileName, Optional.empty());
        String revision = newRevision();
        PermissionRepository.Change change =
                repository.remove(profile.ownerAccount(), profile.name(), statementId, expected, revision);
        return applied(change, statementId, revision);
    }

    public PermissionPage list(Caller caller, String profileName, Optional<String> nextToken) {
        Validation.profileName("profileName", profileName);
        SigningProfile profile = profiles.get(caller, profileName, Optional.empty());
        String fingerprint = "permissions|" + profile.ownerAccount() + "|" + profile.name();
        Optional<String> after = pageTokens.open(fingerprint, nextToken);
        List<ProfilePermission> all = repository.statements(profile.ownerAccount(), profile.name());
        List<ProfilePermission> rest = all.stream()
                .filter(p -> after.isEmpty() || p.statementId().compareTo(after.get()) > 0)
                .toList();
        List<ProfilePermission> page = rest.subList(0, Math.min(PAGE, rest.size()));
        Optional<String> next = rest.size() > PAGE
                ? Optional.of(pageTokens.issue(fingerprint, page.get(PAGE - 1).statementId()))
                : Optional.empty();
        return new PermissionPage(
                page,
                repository.revision(profile.ownerAccount(), profile.name()),
                PolicyDocument.size(all, resourceOf(profile)),
                next);
    }

    private Function<ProfilePermission, String> resourceOf(SigningProfile profile) {
        return p -> p.profileVersion()
                .map(v -> arns.inAccount(profile.ownerAccount()).signingProfileVersion(profile.name(), v))
                .orElse(arns.inAccount(profile.ownerAccount()).signingProfile(profile.name()));
    }

    private static String applied(PermissionRepository.Change change, String statementId, String revision) {
        return switch (change) {
            case APPLIED -> revision;
            case STALE_REVISION ->
                throw ServiceException.conflict(
                        "revisionId does not match the current revision of the policy; list the permissions and retry");
            case DUPLICATE_STATEMENT ->
                throw ServiceException.conflict("a statement with statementId " + statementId + " already exists");
            case NO_SUCH_STATEMENT ->
                throw ServiceException.notFound("no statement with statementId " + statementId + " exists");
        };
    }

    private static String statementId(String value) {
        Validation.require("statementId", value);
        if (!STATEMENT_ID.matcher(value).matches()) {
            throw ServiceException.validation("statementId must be 1 to 100 characters of a-z, A-Z, 0-9, _ and -, got '"
                    + Validation.printable(value) + "'");
        }
        return value;
    }

    private static String newRevision() {
        return UUID.randomUUID().toString();
    }
}
