package dev.signet.server.service.oidc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A web identity token whose signature, issuer, audience and times were verified.
 *
 * @param providerArn the registered provider's ARN: the trust policy's {@code Federated} principal
 * @param issuer the token's {@code iss}
 * @param subject the token's {@code sub}
 * @param audience the token's audience that is one of the provider's client ids
 * @param conditionKeys the claims as AWS names them in policies: {@code HOST/PATH:sub}, {@code
 *     HOST/PATH:aud}, {@code HOST/PATH:amr} and every other string (or list of strings) claim by its
 *     name, e.g. {@code token.actions.githubusercontent.com:repository}
 */
public record VerifiedToken(
        String providerArn, String issuer, String subject, String audience, Map<String, List<String>> conditionKeys) {
    public VerifiedToken {
        Objects.requireNonNull(providerArn, "providerArn");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        conditionKeys = Collections.unmodifiableMap(new LinkedHashMap<>(conditionKeys));
    }
}
