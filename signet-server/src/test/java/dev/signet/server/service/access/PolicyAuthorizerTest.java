package dev.signet.server.service.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.policy.PolicyCache;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.iam.IamUser;
import dev.signet.server.service.iam.IamUserRepository;
import dev.signet.server.service.iam.InlinePolicyRepository;
import dev.signet.server.service.permission.PermissionRepository;
import dev.signet.server.service.permission.ProfilePermission;
import dev.signet.server.service.permission.ProfileResourcePolicies;
import dev.signet.server.store.Database;
import dev.signet.server.store.JdbiIamGroupRepository;
import dev.signet.server.store.JdbiIamRoleRepository;
import dev.signet.server.store.JdbiIamUserRepository;
import dev.signet.server.store.JdbiInlinePolicyRepository;
import dev.signet.server.store.JdbiManagedPolicyRepository;
import dev.signet.server.store.TestDatabase;
import dev.signet.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorizer over real IAM storage (SQLite): callers of another account (constructed here; the
 * end-to-end test with accounts made through the route is AccountsSdkTest) need both an identity-based and the profile's
 * resource-based allow; policies are cached until an IAM change or the staleness bound; a policy
 * that cannot be read denies; policy variables and principal keys reach the evaluator.
 */
class PolicyAuthorizerTest {
    static final String OWNER = "000000000000";
    static final String OTHER = "111111111111";
    static final String PROFILE = "arn:aws:signer:us-east-1:" + OWNER + ":/signing-profiles/release";
    static final RequestOrigin LOCAL = new RequestOrigin("127.0.0.1", false);
    static final AtomicInteger IDS = new AtomicInteger();

    static Database database;
    static IamUserRepository users;
    static InlinePolicyRepository inline;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final FakePermissions permissions = new FakePermissions();
    IdentityPolicies identities;
    /** The resource policies, written through as ProfilePermissionService writes them. */
    ProfileResourcePolicies profiles;

    PolicyAuthorizer authorizer;

    @BeforeAll
    static void open() {
        database = TestDatabase.SQLITE.open();
        users = new JdbiIamUserRepository(database);
        inline = new JdbiInlinePolicyRepository(database);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    PolicyAuthorizerTest() {
        PolicyCache compiled = new PolicyCache(64);
        identities = new IdentityPolicies(
                new IdentityPolicies.Sources(
                        users,
                        new JdbiIamGroupRepository(database, "aws"),
                        new JdbiIamRoleRepository(database, "aws"),
                        inline,
                        new JdbiManagedPolicyRepository(database)),
                compiled,
                clock,
                Duration.ofSeconds(30));
        profiles = new ProfileResourcePolicies(
                permissions, id -> Optional.empty(), compiled, Arns.defaults(), clock, Duration.ofSeconds(30));
        authorizer = new PolicyAuthorizer(identities, profiles, clock);
    }

    /** A stored user of {@code account} with one inline policy (none when {@code document} is null). */
    static Caller user(String account, String document) {
        String name = "u" + IDS.incrementAndGet();
        String id = "AIDATEST" + String.format("%013d", IDS.get());
        String arn = "arn:aws:iam::" + account + ":user/" + name;
        users.create(new IamUser(id, account, "/", name, arn, Instant.EPOCH), Map.of("team", "release"));
        if (document != null) {
            inline.put(id, "p", document);
        }
        return new Caller("AKIATEST" + IDS.get(), arn, account, id, Caller.Kind.USER);
    }

    static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    static String message(Caller caller, String action, String resource, String because) {
        return "User: " + caller.principalArn() + " is not authorized to perform: " + action + " on resource: "
                + resource + " " + because;
    }

    void assertDenied(Caller caller, AccessRequest request, String message) {
        assertThatThrownBy(() -> authorizer.authorize(caller, request, LOCAL))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage(message);
    }

    @Test
    void anotherAccountNeedsBothTheIdentityAndTheResourcePolicy() {
        Caller withPolicy = user(OTHER, allow("signer:*", "*"));
        Caller withoutPolicy = user(OTHER, null);
        AccessRequest sign = new AccessRequest("signer:SignPayload", PROFILE);

        assertDenied(
                withPolicy,
                sign,
                message(
                        withPolicy,
                        "signer:SignPayload",
                        PROFILE,
                        "because no resource-based policy allows the signer:SignPayload action"));

        profiles.add(
                OWNER,
                "release",
                new ProfilePermission("share", "signer:SignPayload", OTHER, Optional.empty()),
                Optional.empty(),
                "r1");
        authorizer.authorize(withPolicy, sign, LOCAL);
        assertDenied(
                withoutPolicy,
                sign,
                message(
                        withoutPolicy,
                        "signer:SignPayload",
                        PROFILE,
                        "because no identity-based policy allows the signer:SignPayload action"));
        // the grant names one action: the rest of the profile stays the owner's
        AccessRequest get = new AccessRequest("signer:GetSigningProfile", PROFILE);
        assertDenied(
                withPolicy,
                get,
                message(
                        withPolicy,
                        "signer:GetSigningProfile",
                        PROFILE,
                        "because no resource-based policy allows the signer:GetSigningProfile action"));

        profiles.remove(OWNER, "release", "share", "r1", "r2");
        assertDenied(
                withPolicy,
                sign,
                message(
                        withPolicy,
                        "signer:SignPayload",
                        PROFILE,
                        "because no resource-based policy allows the signer:SignPayload action"));
    }

    @Test
    void theAdministratorIsTheRootOfItsOwnAccountOnly() {
        Caller admin = Caller.administrator("AKIAADMIN", "arn:aws:iam::" + OWNER + ":user/admin", OWNER);
        authorizer.authorize(admin, new AccessRequest("signer:SignPayload", PROFILE), LOCAL);
        authorizer.authorize(admin, new AccessRequest("iam:CreateUser", "arn:aws:iam::" + OWNER + ":user/x"), LOCAL);
        String foreign = "arn:aws:signer:us-east-1:" + OTHER + ":/signing-profiles/theirs";
        assertDenied(
                admin,
                new AccessRequest("signer:GetSigningProfile", foreign),
                message(
                        admin,
                        "signer:GetSigningProfile",
                        foreign,
                        "because no resource-based policy allows the signer:GetSigningProfile action"));
    }

    @Test
    void policiesAreCachedUntilAnIamChangeOrTheStalenessBound() {
        Caller caller = user(OWNER, allow("signer:ListSigningProfiles", "*"));
        AccessRequest list = new AccessRequest("signer:ListSigningProfiles", "*");
        authorizer.authorize(caller, list, LOCAL);

        // written behind the cache's back (as another node would): not seen yet
        inline.put(caller.userId(), "p", allow("signer:ListSigningJobs", "*"));
        authorizer.authorize(caller, list, LOCAL);

        identities.invalidateAll();
        assertDenied(
                caller,
                list,
                message(
                        caller,
                        "signer:ListSigningProfiles",
                        "*",
                        "because no identity-based policy allows the signer:ListSigningProfiles action"));

        inline.put(caller.userId(), "p", allow("signer:ListSigningProfiles", "*"));
        clock.advance(Duration.ofSeconds(31));
        authorizer.authorize(caller, list, LOCAL);
    }

    @Test
    void aStoredPolicyThatCannotBeReadDeniesEverything() {
        Caller caller = user(OWNER, allow("signer:*", "*"));
        inline.put(caller.userId(), "broken", "{\"Statement\":");
        identities.invalidateAll();
        assertDenied(
                caller,
                new AccessRequest("signer:ListSigningProfiles", "*"),
                message(
                        caller,
                        "signer:ListSigningProfiles",
                        "*",
                        "because no identity-based policy allows the signer:ListSigningProfiles action"));
    }

    @Test
    void principalKeysAndPolicyVariablesReachTheEvaluator() {
        String document =
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                        + "\"Resource\":\"arn:aws:s3:::home/${aws:username}/*\","
                        + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"release\"},"
                        + "\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"},"
                        + "\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}]}";
        Caller caller = user(OWNER, document);
        String name = caller.principalArn().substring(caller.principalArn().lastIndexOf('/') + 1);
        authorizer.authorize(caller, new AccessRequest("s3:GetObject", "arn:aws:s3:::home/" + name + "/a"), LOCAL);
        String others = "arn:aws:s3:::home/someone/a";
        assertDenied(
                caller,
                new AccessRequest("s3:GetObject", others),
                message(
                        caller,
                        "s3:GetObject",
                        others,
                        "because no identity-based policy allows the s3:GetObject action"));
        clock.set(Instant.parse("2027-06-01T00:00:00Z"));
        identities.invalidateAll();
        String own = "arn:aws:s3:::home/" + name + "/a";
        assertDenied(
                caller,
                new AccessRequest("s3:GetObject", own),
                message(
                        caller,
                        "s3:GetObject",
                        own,
                        "because no identity-based policy allows the s3:GetObject action"));
    }

    @Test
    void everyRequestInAlsoMustBeAllowed() {
        Caller caller = user(OWNER, allow("s3:PutObject", "arn:aws:s3:::out/*"));
        AccessRequest copy = new AccessRequest("s3:PutObject", "arn:aws:s3:::out/copy")
                .and(new AccessRequest("s3:GetObject", "arn:aws:s3:::secret/key"));
        assertDenied(
                caller,
                copy,
                message(
                        caller,
                        "s3:GetObject",
                        "arn:aws:s3:::secret/key",
                        "because no identity-based policy allows the s3:GetObject action"));
    }

    @Test
    void everyCallerMayAskWhoItIs() {
        authorizer.authorize(user(OWNER, null), new AccessRequest("sts:GetCallerIdentity", "*"), LOCAL);
    }

    @Test
    void resourceAccountIsTheArnsOrTheCallers() {
        assertThat(PolicyAuthorizer.resourceAccount(PROFILE, OTHER)).isEqualTo(OWNER);
        assertThat(PolicyAuthorizer.resourceAccount("arn:aws:s3:::bucket/key", OTHER))
                .isEqualTo(OTHER);
        assertThat(PolicyAuthorizer.resourceAccount("arn:aws:iam::aws:policy/AdministratorAccess", OTHER))
                .isEqualTo(OTHER);
        assertThat(PolicyAuthorizer.resourceAccount("*", OTHER)).isEqualTo(OTHER);
        assertThat(PolicyAuthorizer.ownAccount(PROFILE, OWNER)).isTrue();
        assertThat(PolicyAuthorizer.ownAccount(PROFILE, OTHER)).isFalse();
        assertThat(PolicyAuthorizer.ownAccount("arn:aws:s3:::bucket", OTHER)).isTrue();
    }

    @Test
    void aBucketOfAnotherAccountIsCrossAccountThoughItsArnNamesNoAccount() {
        ResourceOwners owners =
                (action, resource) -> resource.startsWith("arn:aws:s3:::owned") && !action.equals("s3:CreateBucket")
                        ? Optional.of(OWNER)
                        : Optional.empty();
        PolicyAuthorizer withOwners = new PolicyAuthorizer(identities, profiles, owners, clock);
        Caller otherRoot = Caller.administrator("AKIAOTHER", "arn:aws:iam::" + OTHER + ":user/admin", OTHER);
        Caller otherUser = user(OTHER, allow("s3:*", "*"));
        Caller ownerRoot = Caller.administrator("AKIAOWNER", "arn:aws:iam::" + OWNER + ":user/admin", OWNER);
        AccessRequest get = new AccessRequest("s3:GetObject", "arn:aws:s3:::owned/key");

        withOwners.authorize(ownerRoot, get, LOCAL);
        for (Caller other : List.of(otherRoot, otherUser)) {
            assertThatThrownBy(() -> withOwners.authorize(other, get, LOCAL))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessage(message(
                            other,
                            "s3:GetObject",
                            "arn:aws:s3:::owned/key",
                            "because no resource-based policy allows the s3:GetObject action"));
        }
        // a bucket no account owns yet is the caller's to create (the route refuses a taken name)
        withOwners.authorize(otherRoot, new AccessRequest("s3:CreateBucket", "arn:aws:s3:::owned"), LOCAL);
        withOwners.authorize(otherRoot, new AccessRequest("s3:GetObject", "arn:aws:s3:::mine/key"), LOCAL);
        // the copy source of another account is refused even when the destination is the caller's
        assertThatThrownBy(() -> withOwners.authorize(
                        otherRoot, new AccessRequest("s3:PutObject", "arn:aws:s3:::mine/copy").and(get), LOCAL))
                .isInstanceOf(AccessDeniedException.class);
    }

    /** The profile "release" of OWNER's resource policy, in memory. */
    static final class FakePermissions implements PermissionRepository {
        final List<ProfilePermission> statements = new ArrayList<>();

        @Override
        public Optional<String> revision(String ownerAccount, String profileName) {
            return Optional.empty();
        }

        @Override
        public List<ProfilePermission> statements(String ownerAccount, String profileName) {
            return ownerAccount.equals(OWNER) && profileName.equals("release") ? List.copyOf(statements) : List.of();
        }

        @Override
        public Change add(
                String ownerAccount,
                String profileName,
                ProfilePermission permission,
                Optional<String> expectedRevision,
                String newRevision) {
            statements.add(permission);
            return Change.APPLIED;
        }

        @Override
        public Change remove(
                String ownerAccount,
                String profileName,
                String statementId,
                String expectedRevision,
                String newRevision) {
            statements.removeIf(p -> p.statementId().equals(statementId));
            return Change.APPLIED;
        }
    }
}
