package dev.signet.server.service.access;

import dev.signet.core.policy.AttachedPolicy;
import dev.signet.core.policy.CallerPrincipal;
import dev.signet.core.policy.Decision;
import dev.signet.core.policy.PolicyEvaluator;
import dev.signet.core.policy.PolicySet;
import dev.signet.core.policy.RequestContext;
import dev.signet.server.service.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides with IAM's rules ({@link PolicyEvaluator}): the caller's identity-based policies, the
 * resource's policy (a signing profile's AddProfilePermission statements) and the request's
 * condition keys. The account's administrator is the account's root user: everything in its own
 * account. An IAM user has what its policies (and its groups') allow. A caller of a kind this class
 * does not know is denied, and so is every request whose evaluation fails for any reason.
 * {@code sts:GetCallerIdentity} is allowed to every caller, as AWS does.
 *
 * <p>Condition keys set for every request: {@code aws:SourceIp}, {@code aws:CurrentTime}, {@code
 * aws:EpochTime} (the service clock), {@code aws:SecureTransport}, {@code
 * aws:MultiFactorAuthPresent} ({@code false}), and from the principal {@code aws:PrincipalArn},
 * {@code aws:PrincipalAccount}, {@code aws:PrincipalType}, {@code aws:username}, {@code
 * aws:userid} and {@code aws:PrincipalTag/*}; the request adds its own ({@link AccessRequest#keys}).
 */
public final class PolicyAuthorizer implements Authorizer {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyAuthorizer.class);
    private static final String ALWAYS_ALLOWED = "sts:GetCallerIdentity";
    private static final List<String> FALSE = List.of("false");
    private static final List<String> TRUE = List.of("true");

    private final IdentityPolicies identities;
    private final ResourcePolicies resources;
    private final ResourceOwners owners;
    private final Clock clock;
    /** Each account's root user, with no identity-based policies (it needs none in its account). */
    private final Map<String, IdentityPolicies.Identity> roots = new ConcurrentHashMap<>();
    /** The time keys of the current second, reused by every request within it. */
    private volatile TimeKeys time = new TimeKeys(Long.MIN_VALUE, List.of(), List.of());

    private record TimeKeys(long epochSecond, List<String> currentTime, List<String> epochTime) {}

    public PolicyAuthorizer(IdentityPolicies identities, ResourcePolicies resources, Clock clock) {
        this(identities, resources, ResourceOwners.NONE, clock);
    }

    /**
     * As above, asking {@code owners} for the account of a resource whose ARN names none (S3
     * buckets and objects): a request for another account's bucket is cross-account.
     */
    public PolicyAuthorizer(
            IdentityPolicies identities, ResourcePolicies resources, ResourceOwners owners, Clock clock) {
        this.identities = Objects.requireNonNull(identities, "identities");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.owners = Objects.requireNonNull(owners, "owners");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void authorize(Caller caller, AccessRequest request, RequestOrigin origin) {
        if (request.action().equals(ALWAYS_ALLOWED) && request.also().isEmpty()) {
            return;
        }
        if (rootInOwnAccount(caller, request)) {
            return;
        }
        Decided decided = decide(caller, request, origin);
        if (!decided.decision().allowed()) {
            throw new AccessDeniedException(message(caller, decided));
        }
        for (AccessRequest other : request.also()) {
            authorize(caller, other, origin);
        }
    }

    /**
     * AWS's message for the denial, naming the caller by the ARN Signet reports for it everywhere
     * (the administrator's user ARN rather than the root ARN it is evaluated as).
     */
    private static String message(Caller caller, Decided decided) {
        String message = decided.decision().accessDeniedMessage(decided.context());
        String evaluatedAs = "User: " + decided.context().principal().arn();
        return message.startsWith(evaluatedAs)
                ? "User: " + caller.principalArn() + message.substring(evaluatedAs.length())
                : message;
    }

    /** A decision with the context it was made in (what its message names). */
    record Decided(Decision decision, RequestContext context) {}

    /**
     * The evaluator's decision for one request (without its {@code also}). Fails closed: a caller
     * of an unknown kind, or any failure while reading policies or evaluating, is a denial.
     */
    Decided decide(Caller caller, AccessRequest request, RequestOrigin origin) {
        try {
            IdentityPolicies.Identity identity = switch (caller.kind()) {
                case ADMINISTRATOR -> roots.computeIfAbsent(caller.accountId(), PolicyAuthorizer::root);
                case USER -> identities.user(caller.userId(), caller.principalArn());
                case ROLE_SESSION ->
                    roleSession(caller).orElseThrow(() -> AccessDeniedException.noPolicyAllows(caller, request));
            };
            Optional<AttachedPolicy> resourcePolicy = resources.of(request.resource());
            PolicySet policies = resourcePolicy.isEmpty()
                    ? identity.policies()
                    : new PolicySet(
                            identity.policies().identity(),
                            resourcePolicy,
                            identity.policies().boundary());
            RequestContext context = context(identity.principal(), caller, request, origin);
            return new Decided(PolicyEvaluator.evaluate(policies, context), context);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("access evaluation failed for {} {}; denied", caller.principalArn(), request.action(), e);
            throw AccessDeniedException.noPolicyAllows(caller, request);
        }
    }

    /**
     * The evaluator's answer, without evaluating, for the commonest request: the account's root
     * user on a resource of its own account that has no resource-based policy (nothing there can
     * deny it, so it is allowed).
     */
    private boolean rootInOwnAccount(Caller caller, AccessRequest request) {
        if (caller.kind() != Caller.Kind.ADMINISTRATOR || !request.also().isEmpty()) {
            return false;
        }
        try {
            return ownAccount(request.resource(), caller.accountId())
                    && owners.ownerOf(request.action(), request.resource())
                            .map(caller.accountId()::equals)
                            .orElse(true)
                    && resources.of(request.resource()).isEmpty();
        } catch (RuntimeException e) {
            return false; // decided (and refused) by the full evaluation
        }
    }

    /**
     * A role session evaluated with its role's identity-based policies, its principal tags the
     * role's overridden by the session's; empty when the role is gone or was created anew under the
     * same name (another role id), which ends the session's permissions at once.
     */
    private Optional<IdentityPolicies.Identity> roleSession(Caller caller) {
        Caller.RoleSession session = caller.roleSession().orElseThrow();
        return identities
                .role(caller.accountId(), session.roleName())
                .filter(role -> role.roleId().equals(session.roleId()))
                .map(role -> {
                    Map<String, String> tags = new java.util.HashMap<>(role.tags());
                    tags.putAll(session.tags());
                    return new IdentityPolicies.Identity(
                            CallerPrincipal.roleSession(caller.principalArn(), role.roleArn(), caller.userId(), tags),
                            PolicySet.identityOnly(role.policies()));
                });
    }

    private static IdentityPolicies.Identity root(String account) {
        return new IdentityPolicies.Identity(CallerPrincipal.root(account), PolicySet.identityOnly(List.of()));
    }

    private RequestContext context(
            CallerPrincipal principal, Caller caller, AccessRequest request, RequestOrigin origin) {
        TimeKeys now = timeKeys();
        RequestContext.Builder context = RequestContext.builder(principal, request.action(), request.resource())
                .resourceAccount(resourceAccount(request, caller.accountId(), owners))
                .key("aws:SourceIp", origin.sourceIp())
                .key("aws:CurrentTime", now.currentTime())
                .key("aws:EpochTime", now.epochTime())
                .key("aws:SecureTransport", origin.secureTransport() ? TRUE : FALSE)
                .key("aws:MultiFactorAuthPresent", FALSE);
        for (Map.Entry<String, List<String>> key : request.keys().entrySet()) {
            context.key(key.getKey(), key.getValue());
        }
        return context.build();
    }

    private TimeKeys timeKeys() {
        Instant now = clock.instant();
        TimeKeys keys = time;
        if (keys.epochSecond() != now.getEpochSecond()) {
            Instant second = Instant.ofEpochSecond(now.getEpochSecond());
            keys = new TimeKeys(
                    now.getEpochSecond(), List.of(second.toString()), List.of(Long.toString(now.getEpochSecond())));
            time = keys;
        }
        return keys;
    }

    /** Whether the resource's account (as {@link #resourceAccount} reads it) is {@code account}, without allocating. */
    static boolean ownAccount(String resource, String account) {
        int start = accountStart(resource);
        if (start < 0) {
            return true;
        }
        int end = resource.indexOf(':', start);
        return !isAccountId(resource, start, end)
                || (end - start == account.length() && resource.startsWith(account, start));
    }

    /** Where the account segment of an ARN starts; -1 when {@code resource} is not an ARN. */
    private static int accountStart(String resource) {
        if (!resource.startsWith("arn:")) {
            return -1;
        }
        int at = 0;
        for (int i = 0; i < 4; i++) {
            at = resource.indexOf(':', at) + 1;
            if (at == 0) {
                return -1;
            }
        }
        return resource.indexOf(':', at) < 0 ? -1 : at;
    }

    /**
     * The account in the resource's ARN ({@code arn:P:SERVICE:REGION:ACCOUNT:...}); the caller's
     * own for a resource whose ARN holds none (S3 buckets and objects, {@code *}): those are the
     * deployment's, which is the caller's account.
     */
    static String resourceAccount(String resource, String callerAccount) {
        return resourceAccount(new AccessRequest("*:*", resource), callerAccount, ResourceOwners.NONE);
    }

    /**
     * As above, but a resource whose ARN holds no account is {@code owners}' answer when it has one
     * (an S3 bucket's owner), the caller's only when the resource is unknown (it does not exist:
     * the route says so).
     */
    static String resourceAccount(AccessRequest request, String callerAccount, ResourceOwners owners) {
        String resource = request.resource();
        int at = accountStart(resource);
        if (at >= 0) {
            int end = resource.indexOf(':', at);
            if (isAccountId(resource, at, end)) {
                return resource.substring(at, end);
            }
        }
        return owners.ownerOf(request.action(), resource).orElse(callerAccount);
    }

    /**
     * Whether {@code resource[start, end)} is a 12-digit account id. An ARN without one (S3's) or
     * with another word there ({@code aws} in an AWS managed policy's ARN) names a resource of no
     * other account: it is taken to be the caller's, and is simply not found if it does not exist.
     */
    private static boolean isAccountId(String resource, int start, int end) {
        if (end - start != 12) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = resource.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
