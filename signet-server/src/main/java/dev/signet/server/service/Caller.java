package dev.signet.server.service;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The authenticated principal behind a request.
 *
 * @param accessKeyId the access key the request was signed with
 * @param principalArn the principal's ARN, e.g. {@code arn:aws:iam::000000000000:user/admin};
 *     what {@code requestedBy} and {@code jobInvoker} report
 * @param accountId the 12-digit account the principal belongs to
 * @param userId the principal's unique id as STS reports it ({@code aws:userid}): an IAM user's
 *     {@code AIDA...} id, the account id for the account's administrator
 * @param kind whether the principal is the account's administrator, an IAM user or a role session;
 *     only the administrator is allowed anything before policies are evaluated ({@code
 *     service.access})
 * @param roleSession for {@link Kind#ROLE_SESSION} (and only then), the role the session acts as and
 *     what AssumeRole gave it
 */
public record Caller(
        String accessKeyId,
        String principalArn,
        String accountId,
        String userId,
        Kind kind,
        Optional<RoleSession> roleSession) {

    /** The prefix of every temporary access key id, as AWS's. */
    public static final String TEMPORARY_PREFIX = "ASIA";

    /** What kind of principal signed the request. */
    public enum Kind {
        /** The account's bootstrap administrator: may do everything in its account. */
        ADMINISTRATOR,
        /**
         * An IAM user created with CreateUser (also with GetSessionToken's temporary credentials,
         * which act as the user): may do what its policies allow.
         */
        USER,
        /**
         * A session of an IAM role (STS AssumeRole): {@code principalArn} is
         * {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}, {@code userId} {@code
         * ROLEID:SESSION}; may do what the role's policies allow.
         */
        ROLE_SESSION
    }

    /**
     * What a role session carries for authorization: the role (its ARN with its path, name and
     * {@code AROA...} id: the policies that apply are the role's), the session name, the session
     * tags ({@code aws:PrincipalTag/*}) and the source identity ({@code sts:SourceIdentity}).
     */
    public record RoleSession(
            String roleArn,
            String roleName,
            String roleId,
            String sessionName,
            Map<String, String> tags,
            Optional<String> sourceIdentity) {
        public RoleSession {
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(roleName, "roleName");
            Objects.requireNonNull(roleId, "roleId");
            Objects.requireNonNull(sessionName, "sessionName");
            tags = Map.copyOf(tags);
            Objects.requireNonNull(sourceIdentity, "sourceIdentity");
        }
    }

    public Caller {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(roleSession, "roleSession");
        if ((kind == Kind.ROLE_SESSION) != roleSession.isPresent()) {
            throw new IllegalArgumentException("a role session (and only one) names its role: " + principalArn);
        }
    }

    /** A principal that is not a role session. */
    public Caller(String accessKeyId, String principalArn, String accountId, String userId, Kind kind) {
        this(accessKeyId, principalArn, accountId, userId, kind, Optional.empty());
    }

    /** A role session: kind {@link Kind#ROLE_SESSION}. */
    public static Caller roleSession(
            String accessKeyId, String sessionArn, String accountId, String userId, RoleSession session) {
        return new Caller(accessKeyId, sessionArn, accountId, userId, Kind.ROLE_SESSION, Optional.of(session));
    }

    /** The account's administrator signing with {@code accessKeyId}. */
    public static Caller administrator(String accessKeyId, String principalArn, String accountId) {
        return new Caller(accessKeyId, principalArn, accountId, accountId, Kind.ADMINISTRATOR);
    }

    public boolean isAdministrator() {
        return kind == Kind.ADMINISTRATOR;
    }

    /**
     * Whether the request was signed with temporary credentials (STS's {@code ASIA...} keys, which
     * need their session token), not with an access key of the principal.
     */
    public boolean isTemporary() {
        return accessKeyId.startsWith(TEMPORARY_PREFIX);
    }
}
