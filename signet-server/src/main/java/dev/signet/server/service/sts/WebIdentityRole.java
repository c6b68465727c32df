package dev.signet.server.service.sts;

import java.util.Objects;

/**
 * AssumeRoleWithWebIdentity's result: the role session (as AssumeRole's) and what the token said.
 *
 * @param subject the token's {@code sub} (SubjectFromWebIdentityToken)
 * @param audience the token's audience that is a client id of the provider
 * @param provider the token's issuer ({@code iss})
 */
public record WebIdentityRole(AssumedRole assumed, String subject, String audience, String provider) {
    public WebIdentityRole {
        Objects.requireNonNull(assumed, "assumed");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(provider, "provider");
    }
}
