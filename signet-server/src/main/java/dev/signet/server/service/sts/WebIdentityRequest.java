package dev.signet.server.service.sts;

import java.util.Objects;
import java.util.Optional;

/**
 * What AssumeRoleWithWebIdentity asks for, as received (validated by {@link WebIdentityFederation}).
 * {@code toString} leaves the token out: it is a bearer credential.
 */
public record WebIdentityRequest(
        String roleArn, String roleSessionName, String webIdentityToken, Optional<Integer> durationSeconds) {
    public WebIdentityRequest {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(roleSessionName, "roleSessionName");
        Objects.requireNonNull(webIdentityToken, "webIdentityToken");
        Objects.requireNonNull(durationSeconds, "durationSeconds");
    }

    @Override
    public String toString() {
        return "WebIdentityRequest[" + roleArn + ", " + roleSessionName + "]";
    }
}
