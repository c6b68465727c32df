package dev.signet.server.service.access;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.Caller;
import org.junit.jupiter.api.Test;

class AdministratorOnlyAuthorizerTest {
    private static final Authorizer AUTHORIZER = new AdministratorOnlyAuthorizer();
    private static final Caller ADMIN =
            Caller.administrator("AKIAADMIN0000000", "arn:aws:iam::000000000000:user/admin", "000000000000");
    private static final Caller USER = new Caller(
            "AKIAUSER00000000",
            "arn:aws:iam::000000000000:user/dev/alice",
            "000000000000",
            "AIDAALICE00000000000",
            Caller.Kind.USER);

    @Test
    void theAdministratorMayDoAnything() {
        assertThatCode(() -> AUTHORIZER.authorize(ADMIN, AccessRequest.anyOf("signer")))
                .doesNotThrowAnyException();
        assertThatCode(() -> AUTHORIZER.authorize(
                        ADMIN, new AccessRequest("iam:DeleteUser", "arn:aws:iam::000000000000:user/x")))
                .doesNotThrowAnyException();
    }

    @Test
    void aUserMayOnlyAskWhoItIs() {
        assertThatCode(() -> AUTHORIZER.authorize(USER, new AccessRequest("sts:GetCallerIdentity", "*")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> AUTHORIZER.authorize(USER, new AccessRequest("iam:GetUser", USER.principalArn())))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage(
                        "User: arn:aws:iam::000000000000:user/dev/alice is not authorized to perform: iam:GetUser on"
                                + " resource: arn:aws:iam::000000000000:user/dev/alice because no identity-based policy allows"
                                + " the iam:GetUser action");
        assertThatThrownBy(() -> AUTHORIZER.authorize(USER, AccessRequest.anyOf("s3")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("perform: s3:* on resource: *");
    }
}
