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
import dev.signet.server.service.oidc.VerifiedToken;
import dev.signet.server.service.oidc.WebIdentityTokens;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STS AssumeRoleWithWebIdentity: the request carries no AWS credentials, the web identity token is
 * its only proof. The token is verified by {@link WebIdentityTokens} against the OIDC providers of
 * the role's account; the role's trust policy alone then decides, for the principal {@code
 * {"Federated": PROVIDER_ARN}} and the action {@code sts:AssumeRoleWithWebIdentity}, with the
 * token's claims as condition keys ({@code HOST/PATH:sub}, {@code :aud}, the other string claims by
 * name), {@code aws:FederatedProvider}, {@code sts:RoleSessionName}, {@code aws:CurrentTime}, {@code
 * aws:EpochTime} and {@code aws:MultiFactorAuthPresent} (false). The result is a role session like
 * AssumeRole's, acting with the role's policies.
 *
 * <p>Refused, with nothing issued: a role that does not exist (AccessDenied, which says nothing about
 * whether it exists, as to anyone without credentials), any token check (InvalidIdentityToken,
 * ExpiredTokenException, IDPCommunicationError), a trust policy that does not allow (AccessDenied),
 * a duration past the role's maximum (ValidationError).
 */
public final class WebIdentityFederation {
    static final String ACTION = "sts:AssumeRoleWithWebIdentity";
    private static final Logger LOG = LoggerFactory.getLogger(WebIdentityFederation.class);
    private static final int TRUST_MAX_CHARS = 131_072;
    private static final int MIN_TOKEN = 4;
    private static final int MAX_TOKEN = 20_000;

    private final TemporaryCredentials credentials;
    private final IamRoleRepository roles;
    private final WebIdentityTokens tokens;
    private final Clock clock;
    private final PolicyCache trustPolicies = new PolicyCache(1024);

    public WebIdentityFederation(
            TemporaryCredentials credentials, IamRoleRepository roles, WebIdentityTokens tokens, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** AssumeRoleWithWebIdentity: see the class documentation. */
    public WebIdentityRole assume(WebIdentityRequest request) {
        StsValidation.RoleArn arn = StsValidation.roleArn(request.roleArn());
        String sessionName = StsValidation.sessionName(request.roleSessionName());
        String token = request.webIdentityToken();
        if (token.length() < MIN_TOKEN || token.length() > MAX_TOKEN) {
            // never echoed: the token is a bearer credential
            throw new ServiceException(
                    "ValidationError",
                    400,
                    "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member"
                            + " must have length "
                            + (token.length() < MIN_TOKEN
                                    ? "greater than or equal to " + MIN_TOKEN
                                    : "less than or equal to " + MAX_TOKEN));
        }
        int seconds = StsValidation.duration(request.durationSeconds().orElse(3600), 900, 43_200);
        IamRole role = roles.find(arn.account(), arn.name())
                .filter(r -> r.arn().equals(request.roleArn()))
                .orElseThrow(WebIdentityFederation::notAuthorized);
        VerifiedToken verified = tokens.verify(role.accountId(), token);
        if (seconds > role.maxSessionDuration()) {
            throw new ServiceException(
                    "ValidationError",
                    400,
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        authorize(role, verified, sessionName);

        Instant now = clock.instant();
        String sessionArn = "arn:" + arn.partition() + ":sts::" + role.accountId() + ":assumed-role/" + role.roleName()
                + "/" + sessionName;
        String assumedRoleId = role.roleId() + ":" + sessionName;
        Caller.RoleSession session = new Caller.RoleSession(
                role.arn(), role.roleName(), role.roleId(), sessionName, Map.of(), Optional.empty());
        IssuedCredentials issued = credentials.issue(
                role.roleId(),
                keyId -> Caller.roleSession(keyId, sessionArn, role.accountId(), assumedRoleId, session),
                now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds));
        LOG.info(
                "AssumeRoleWithWebIdentity: {} as {} (subject {}, issuer {})",
                issued.accessKeyId(),
                sessionArn,
                verified.subject(),
                verified.issuer());
        return new WebIdentityRole(
                new AssumedRole(issued, assumedRoleId, sessionArn, Optional.empty(), Optional.empty()),
                verified.subject(),
                verified.audience(),
                verified.issuer());
    }

    private void authorize(IamRole role, VerifiedToken token, String sessionName) {
        AttachedPolicy trust;
        try {
            trust = new AttachedPolicy(
                    "trust policy of " + role.roleName(),
                    trustPolicies.get(role.assumeRolePolicy(), PolicyKind.TRUST, TRUST_MAX_CHARS));
        } catch (MalformedPolicyException e) {
            // stored documents were parsed when stored; one that no longer parses trusts nobody
            LOG.warn("The trust policy of role {} does not parse: {}", role.arn(), e.getMessage());
            throw notAuthorized();
        }
        Instant now = clock.instant();
        RequestContext.Builder context = RequestContext.builder(
                        CallerPrincipal.webIdentity(token.providerArn()), ACTION, role.arn())
                .resourceAccount(role.accountId());
        token.conditionKeys().forEach(context::key);
        context.key("aws:FederatedProvider", token.providerArn());
        context.key("sts:RoleSessionName", sessionName);
        context.key("aws:CurrentTime", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
        context.key("aws:EpochTime", String.valueOf(now.getEpochSecond()));
        context.key("aws:MultiFactorAuthPresent", "false");
        Decision decision = PolicyEvaluator.evaluate(
                new PolicySet(List.of(), Optional.of(trust), Optional.empty()), context.build());
        if (!decision.allowed()) {
            throw notAuthorized();
        }
    }

    /** AWS's message, which names neither the role nor why. */
    private static AccessDeniedException notAuthorized() {
        return new AccessDeniedException("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }
}
