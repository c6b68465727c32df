package dev.signet.server.service.sts;

import java.util.Objects;
import java.util.Optional;

/**
 * AssumeRole's result: the credentials and the session's identity.
 *
 * @param assumedRoleId {@code AROA...:SESSION}
 * @param arn {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}
 * @param packedPolicySize the session tags' share of the packed limit, in percent, when tags were given
 */
public record AssumedRole(
        IssuedCredentials credentials,
        String assumedRoleId,
        String arn,
        Optional<Integer> packedPolicySize,
        Optional<String> sourceIdentity) {
    public AssumedRole {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(assumedRoleId, "assumedRoleId");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(packedPolicySize, "packedPolicySize");
        Objects.requireNonNull(sourceIdentity, "sourceIdentity");
    }
}
