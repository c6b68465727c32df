package dev.signet.server.service.sts;

import dev.signet.core.policy.AttachedPolicy;
import dev.signet.core.policy.CallerPrincipal;
import dev.signet.core.policy.Decision;
import dev.signet.core.policy.MalformedPolicyException;
import dev.signet.core.policy.PolicyCache;
import dev.signet.core.policy.PolicyEvaluator;
import dev.signet.core.policy.PolicyKind;
import dev.signet.core.policy.PolicySet;
import dev.signet.core.policy.RequestContext;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.AccessDeniedException;
import dev.signet.server.service.iam.IamRole;
import dev.signet.server.service.iam.IamRoleRepository;
import dev.signet.server.service.principals.PrincipalRepository;
import dev.signet.server.service.principals.StoredAccessKey;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STS's operations that issue temporary credentials ({@link TemporaryCredentials}).
 *
 * <ul>
 *   <li>GetSessionToken: credentials that act as the caller (an IAM user: 900..129,600 s, default
 *       43,200; the administrator, as AWS's account root: at most 3,600 s). Refused to callers that
 *       already use temporary credentials, as AWS refuses them.
 *   <li>AssumeRole: the role's trust policy (as the resource-based policy) and the caller's
 *       identity-based policies ({@link CallerPolicies}) are evaluated together by core's {@link
 *       PolicyEvaluator} for {@code sts:AssumeRole} on the role's ARN, and for {@code sts:TagSession}
 *       when session tags are given and {@code sts:SetSourceIdentity} when a source identity is, as
 *       AWS requires; condition keys {@code sts:ExternalId}, {@code sts:RoleSessionName}, {@code
 *       sts:SourceIdentity}, {@code aws:RequestTag/*}, {@code aws:TagKeys}, {@code aws:CurrentTime},
 *       {@code aws:EpochTime}, {@code aws:MultiFactorAuthPresent} (false). Any denial is AccessDenied
 *       with AWS's message and issues nothing. Durations: 900..the role's MaxSessionDuration, default
 *       3,600; at most 3,600 for a session that assumes a role (role chaining), which keeps its source
 *       identity.
 * </ul>
 *
 * Session policies ({@code Policy}, {@code PolicyArns}), MFA and transitive tags are not served:
 * the routes refuse them rather than ignore a restriction the caller asked for.
 */
public final class StsService {
    private static final Logger LOG = LoggerFactory.getLogger(StsService.class);
    static final int ROOT_SESSION_MAX = 3600;
    static final int CHAINED_SESSION_MAX = 3600;
    private static final int TRUST_MAX_CHARS = 131_072;

    private final TemporaryCredentials credentials;
    private final IamRoleRepository roles;
    private final PrincipalRepository principals;
    private final CallerPolicies callerPolicies;
    private final Clock clock;
    private final PolicyCache trustPolicies = new PolicyCache(1024);

    public StsService(
            TemporaryCredentials credentials,
            IamRoleRepository roles,
            PrincipalRepository principals,
            CallerPolicies callerPolicies,
            Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.callerPolicies = Objects.requireNonNull(callerPolicies, "callerPolicies");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** GetSessionToken: credentials that act as the caller, its principal and permissions. */
    public IssuedCredentials getSessionToken(Caller caller, Optional<Integer> durationSeconds) {
        if (caller.isTemporary()) {
            throw new AccessDeniedException("Cannot call GetSessionToken with session credentials");
        }
        int seconds = StsValidation.duration(durationSeconds.orElse(43_200), 900, 129_600);
        if (caller.isAdministrator()) {
            // AWS: "the session for account owners defaults to one hour" when asked for more
            seconds = Math.min(seconds, ROOT_SESSION_MAX);
        }
        String principalId = principals
                .findAccessKey(caller.accessKeyId())
                .map(StoredAccessKey::principalId)
                .orElseThrow(
                        () -> new AccessDeniedException("The access key that signed the request no longer exists."));
        Instant expiration = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds);
        return credentials.issue(
                principalId,
                keyId -> new Caller(keyId, caller.principalArn(), caller.accountId(), caller.userId(), caller.kind()),
                expiration);
    }

    /** AssumeRole: see the class documentation. */
    public AssumedRole assumeRole(Caller caller, AssumeRoleRequest request) {
        StsValidation.RoleArn arn = StsValidation.roleArn(request.roleArn());
        String sessionName = StsValidation.sessionName(request.roleSessionName());
        Optional<String> externalId = StsValidation.externalId(request.externalId());
        Map<String, String> tags = StsValidation.tags(request.tags());
        Optional<String> requestedSource = StsValidation.sourceIdentity(request.sourceIdentity());
        Optional<String> inheritedSource = caller.roleSession().flatMap(Caller.RoleSession::sourceIdentity);
        if (inheritedSource.isPresent() && requestedSource.isPresent() && !inheritedSource.equals(requestedSource)) {
            throw new AccessDeniedException(
                    "The source identity of a role session cannot be changed by the sessions it assumes.");
        }
        Optional<String> sourceIdentity = requestedSource.or(() -> inheritedSource);
        boolean chained = caller.kind() == Caller.Kind.ROLE_SESSION;
        IamRole role = role(caller, arn, request.roleArn());
        int seconds = duration(request.durationSeconds(), role, chained);
        Optional<Integer> packed = tags.isEmpty() ? Optional.empty() : Optional.of(StsValidation.packedSize(tags));

        Instant now = clock.instant();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("aws:CurrentTime", List.of(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))));
        keys.put("aws:EpochTime", List.of(String.valueOf(now.getEpochSecond())));
        keys.put("aws:MultiFactorAuthPresent", List.of("false"));
        keys.put("sts:RoleSessionName", List.of(sessionName));
        externalId.ifPresent(id -> keys.put("sts:ExternalId", List.of(id)));
        sourceIdentity.ifPresent(id -> keys.put("sts:SourceIdentity", List.of(id)));
        tags.forEach((k, v) -> keys.put("aws:RequestTag/" + k, List.of(v)));
        if (!tags.isEmpty()) {
            keys.put("aws:TagKeys", List.copyOf(tags.keySet()));
        }
        PolicySet policies = withTrust(caller, role);
        authorize(caller, role, policies, keys, "sts:AssumeRole");
        if (!tags.isEmpty()) {
            authorize(caller, role, policies, keys, "sts:TagSession");
        }
        if (requestedSource.isPresent() && inheritedSource.isEmpty()) {
            authorize(caller, role, policies, keys, "sts:SetSourceIdentity");
        }

        String sessionArn = "arn:" + arn.partition() + ":sts::" + role.accountId() + ":assumed-role/" + role.roleName()
                + "/" + sessionName;
        String assumedRoleId = role.roleId() + ":" + sessionName;
        Caller.RoleSession session =
                new Caller.RoleSession(role.arn(), role.roleName(), role.roleId(), sessionName, tags, sourceIdentity);
        Instant expiration = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds);
        IssuedCredentials issued = credentials.issue(
                role.roleId(),
                keyId -> Caller.roleSession(keyId, sessionArn, role.accountId(), assumedRoleId, session),
                expiration);
        return new AssumedRole(issued, assumedRoleId, sessionArn, packed, sourceIdentity);
    }

    /**
     * The role the ARN names. Unknown in the caller's account: NoSuchEntity; in another account:
     * AccessDenied, which says nothing about whether it exists.
     */
    private IamRole role(Caller caller, StsValidation.RoleArn arn, String requested) {
        Optional<IamRole> role =
                roles.find(arn.account(), arn.name()).filter(r -> r.arn().equals(requested));
        if (role.isPresent()) {
            return role.get();
        }
        if (arn.account().equals(caller.accountId())) {
            throw new ServiceException("NoSuchEntity", 404, "The role with name " + arn.name() + " cannot be found.");
        }
        throw notAuthorized(caller, "sts:AssumeRole", requested);
    }

    private static int duration(Optional<Integer> requested, IamRole role, boolean chained) {
        int seconds = StsValidation.duration(requested.orElse(3600), 900, 43_200);
        if (seconds > role.maxSessionDuration()) {
            throw new ServiceException(
                    "ValidationError",
                    400,
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        if (chained && seconds > CHAINED_SESSION_MAX) {
            throw new ServiceException(
                    "ValidationError",
                    400,
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role"
                            + " chaining.");
        }
        return seconds;
    }

    private PolicySet withTrust(Caller caller, IamRole role) {
        PolicySet identity;
        try {
            identity = callerPolicies.of(caller);
        } catch (IllegalStateException e) {
            // a stored policy that cannot be read might have held a Deny: refuse, as the authorizer does
            LOG.error("The policies of {} cannot be read; AssumeRole refused", caller.principalArn(), e);
            throw notAuthorized(caller, "sts:AssumeRole", role.arn());
        }
        AttachedPolicy trust;
        try {
            trust = new AttachedPolicy(
                    "trust policy of " + role.roleName(),
                    trustPolicies.get(role.assumeRolePolicy(), PolicyKind.TRUST, TRUST_MAX_CHARS));
        } catch (MalformedPolicyException e) {
            // stored documents were parsed when stored; one that no longer parses trusts nobody
            LOG.warn("The trust policy of role {} does not parse: {}", role.arn(), e.getMessage());
            throw notAuthorized(caller, "sts:AssumeRole", role.arn());
        }
        return new PolicySet(identity.identity(), Optional.of(trust), identity.boundary());
    }

    /** Evaluates {@code action} on the role with the trust policy and the caller's policies; AccessDenied unless allowed. */
    private static void authorize(
            Caller caller, IamRole role, PolicySet policies, Map<String, List<String>> keys, String action) {
        RequestContext.Builder context =
                RequestContext.builder(principal(caller), action, role.arn()).resourceAccount(role.accountId());
        keys.forEach(context::key);
        Decision decision = PolicyEvaluator.evaluate(policies, context.build());
        if (!decision.allowed()) {
            throw notAuthorized(caller, action, role.arn());
        }
    }

    /** The caller as the policy language sees it; the administrator is its account's root. */
    static CallerPrincipal principal(Caller caller) {
        return switch (caller.kind()) {
            case ADMINISTRATOR -> CallerPrincipal.root(caller.accountId());
            case USER -> CallerPrincipal.user(caller.principalArn(), caller.userId(), Map.of());
            case ROLE_SESSION -> {
                Caller.RoleSession session = caller.roleSession().orElseThrow();
                yield CallerPrincipal.roleSession(
                        caller.principalArn(), session.roleArn(), caller.userId(), session.tags());
            }
        };
    }

    private static AccessDeniedException notAuthorized(Caller caller, String action, String roleArn) {
        return new AccessDeniedException("User: " + caller.principalArn() + " is not authorized to perform: " + action
                + " on resource: " + roleArn);
    }
}
