package dev.signet.server.service.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.Caller;
import dev.signet.server.service.access.AccessDeniedException;
import dev.signet.server.service.access.AccessRequest;
import dev.signet.server.service.access.RequestOrigin;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which requests the pipeline leaves to StsService, and the IAM rule for GetSessionToken's sessions. */
class StsDecidedActionsTest {
    static final String ACCOUNT = "000000000000";
    static final Caller USER = new Caller(
            "AKIAUSER000000000000", "arn:aws:iam::" + ACCOUNT + ":user/u", ACCOUNT, "AIDAU", Caller.Kind.USER);
    static final Caller USER_SESSION = new Caller(
            "ASIAUSER000000000000", "arn:aws:iam::" + ACCOUNT + ":user/u", ACCOUNT, "AIDAU", Caller.Kind.USER);
    static final Caller ADMIN_SESSION = new Caller(
            "ASIAADMIN00000000000",
            "arn:aws:iam::" + ACCOUNT + ":user/admin",
            ACCOUNT,
            ACCOUNT,
            Caller.Kind.ADMINISTRATOR);
    static final Caller ROLE_SESSION = Caller.roleSession(
            "ASIAROLE000000000000",
            "arn:aws:sts::" + ACCOUNT + ":assumed-role/R/s",
            ACCOUNT,
            "AROAR:s",
            new Caller.RoleSession(
                    "arn:aws:iam::" + ACCOUNT + ":role/R", "R", "AROAR", "s", Map.of(), Optional.empty()));

    static final RequestOrigin ORIGIN = new RequestOrigin("127.0.0.1", false);

    /** Stands in for the pipeline's authorizer: the administrator may do everything, others nothing. */
    final StsDecidedActions authorizer = new StsDecidedActions((caller, request, origin) -> {
        if (!caller.isAdministrator()) {
            throw AccessDeniedException.noPolicyAllows(caller, request);
        }
    });

    @Test
    void assumeRoleAndGetSessionTokenAreLeftToSts() {
        authorizer.authorize(USER, new AccessRequest("sts:AssumeRole", "arn:aws:iam::" + ACCOUNT + ":role/R"), ORIGIN);
        authorizer.authorize(ROLE_SESSION, new AccessRequest("sts:AssumeRole", "*"), ORIGIN);
        authorizer.authorize(USER, new AccessRequest("sts:GetSessionToken", "*"), ORIGIN);
    }

    @Test
    void everythingElseIsTheWrappedAuthorizers() {
        assertThatThrownBy(() -> authorizer.authorize(USER, AccessRequest.anyOf("signer"), ORIGIN))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageEndingWith("because no identity-based policy allows the signer:* action");
        assertThatThrownBy(() -> authorizer.authorize(ROLE_SESSION, new AccessRequest("iam:ListUsers", "*"), ORIGIN))
                .hasMessageStartingWith("User: arn:aws:sts::" + ACCOUNT + ":assumed-role/R/s is not authorized")
                .hasMessageEndingWith("because no identity-based policy allows the iam:ListUsers action");
        authorizer.authorize(ADMIN_SESSION, AccessRequest.anyOf("signer"), ORIGIN);
    }

    @Test
    void getSessionTokenSessionsMayNotCallIam() {
        for (Caller session : new Caller[] {USER_SESSION, ADMIN_SESSION}) {
            assertThatThrownBy(() -> authorizer.authorize(session, new AccessRequest("iam:ListUsers", "*"), ORIGIN))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageEndingWith(
                            "with the temporary credentials of GetSessionToken, which may not call IAM without MFA");
        }
        assertThat(USER.isTemporary()).isFalse();
    }
}
