package dev.signet.core.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who makes a request, as policy evaluation sees it.
 *
 * @param type the kind of principal; it decides which policy principals name it (see {@link
 *     PrincipalSpec}) and how a same-account resource-based policy grants to it
 * @param arn the caller's ARN (a user's, a role session's {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION},
 *     the account root's), or the service name or identity provider for SERVICE and WEB_IDENTITY,
 *     or {@code anonymous}
 * @param account the 12-digit account the principal belongs to; empty for SERVICE, WEB_IDENTITY and ANONYMOUS
 * @param roleArn for a role session, the role's ARN (with its path, which the session ARN does not carry)
 * @param userId the unique id ({@code aws:userid}), if known
 * @param tags the principal's tags ({@code aws:PrincipalTag/KEY})
 */
public record CallerPrincipal(
        PrincipalType type,
        String arn,
        String account,
        Optional<String> roleArn,
        Optional<String> userId,
        Map<String, String> tags) {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    /** The kinds of caller. */
    public enum PrincipalType {
        USER,
        ROLE_SESSION,
        ROOT,
        SERVICE,
        WEB_IDENTITY,
        ANONYMOUS
    }

    public CallerPrincipal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(userId, "userId");
        tags = Map.copyOf(tags);
        boolean hasAccount =
                type == PrincipalType.USER || type == PrincipalType.ROLE_SESSION || type == PrincipalType.ROOT;
        if (hasAccount != ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException(type + " principal " + arn + " has account \"" + account + "\"");
        }
        if ((type == PrincipalType.ROLE_SESSION) != roleArn.isPresent()) {
            throw new IllegalArgumentException("a role ARN is given exactly for role sessions: " + arn);
        }
    }

    /** An IAM user: {@code arn:aws:iam::ACCOUNT:user/PATH/NAME}. */
    public static CallerPrincipal user(String arn, String userId, Map<String, String> tags) {
        return new CallerPrincipal(
                PrincipalType.USER, arn, accountOf(arn), Optional.empty(), Optional.of(userId), tags);
    }

    /** A role session: the session's ARN and the role's ARN. */
    public static CallerPrincipal roleSession(
            String sessionArn, String roleArn, String userId, Map<String, String> tags) {
        return new CallerPrincipal(
                PrincipalType.ROLE_SESSION,
                sessionArn,
                accountOf(sessionArn),
                Optional.of(roleArn),
                Optional.of(userId),
                tags);
    }

    /** The account's root user. */
    public static CallerPrincipal root(String account) {
        return new CallerPrincipal(
                PrincipalType.ROOT,
                "arn:aws:iam::" + account + ":root",
                account,
                Optional.empty(),
                Optional.of(account),
                Map.of());
    }

    /** An AWS service principal such as {@code lambda.amazonaws.com}. */
    public static CallerPrincipal service(String name) {
        return new CallerPrincipal(PrincipalType.SERVICE, name, "", Optional.empty(), Optional.empty(), Map.of());
    }

    /** A web identity (OIDC) caller of AssumeRoleWithWebIdentity: the provider's ARN or host. */
    public static CallerPrincipal webIdentity(String provider) {
        return new CallerPrincipal(
                PrincipalType.WEB_IDENTITY, provider, "", Optional.empty(), Optional.empty(), Map.of());
    }

    public static CallerPrincipal anonymous() {
        return new CallerPrincipal(
                PrincipalType.ANONYMOUS, "anonymous", "", Optional.empty(), Optional.empty(), Map.of());
    }

    private static String accountOf(String arn) {
        String[] parts = ArnPattern.split(arn);
        if (parts == null) {
            throw new IllegalArgumentException("not an ARN: " + arn);
        }
        return parts[4];
    }

    /** The ARN {@code aws:PrincipalArn} reports: the role's for a session, else the caller's. */
    public String principalArn() {
        return roleArn.orElse(arn);
    }

    /** A user's name: the last segment of the user ARN's path. */
    public Optional<String> username() {
        if (type != PrincipalType.USER) {
            return Optional.empty();
        }
        return Optional.of(arn.substring(arn.lastIndexOf('/') + 1));
    }

    /**
     * Puts the condition keys this principal contributes (global keys AWS derives from the caller)
     * into {@code out}, lower-cased, each with its one value: called for every request, so it builds
     * no intermediate map.
     */
    void putDerivedKeys(Map<String, List<String>> out) {
        if (type == PrincipalType.ANONYMOUS || type == PrincipalType.SERVICE || type == PrincipalType.WEB_IDENTITY) {
            return;
        }
        out.put("aws:principalarn", List.of(principalArn()));
        out.put("aws:principalaccount", List.of(account));
        out.put(
                "aws:principaltype",
                List.of(
                        switch (type) {
                            case USER -> "User";
                            case ROLE_SESSION -> "AssumedRole";
                            default -> "Account";
                        }));
        userId.ifPresent(id -> out.put("aws:userid", List.of(id)));
        username().ifPresent(name -> out.put("aws:username", List.of(name)));
        tags.forEach(
                (key, value) -> out.put("aws:principaltag/" + key.toLowerCase(java.util.Locale.ROOT), List.of(value)));
    }
}
