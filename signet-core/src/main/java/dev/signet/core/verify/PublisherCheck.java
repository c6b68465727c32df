package dev.signet.core.verify;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PUBLISHER: the signer must sign for an allowed profile version, or for a version of an allowed
 * profile ({@code arn:...:/signing-profiles/NAME} allows {@code arn:...:/signing-profiles/NAME/V}
 * but not {@code .../NAME2/V} nor {@code .../NAME/V/more}).
 */
final class PublisherCheck {
    /** A signing profile ARN (not a version's): the resource is {@code /signing-profiles/NAME}. */
    private static final Pattern PROFILE = Pattern.compile("arn:[^/]*:/signing-profiles/[^/]+");

    private final Set<String> allowed;

    PublisherCheck(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    CheckResult check(SignerFacts facts) {
        List<String> signer = facts.profileVersionArns();
        if (signer.isEmpty()) {
            return fail("the signer's certificate names no signing profile version and is not bound to one");
        }
        for (String arn : signer) {
            if (allows(arn)) {
                return new CheckResult(Check.PUBLISHER, true, ReasonCode.OK, "signed by allowed publisher " + arn);
            }
        }
        return fail("signed by " + String.join(", ", signer) + ", not an allowed publisher");
    }

    private boolean allows(String profileVersionArn) {
        if (allowed.contains(profileVersionArn)) {
            return true;
        }
        int slash = profileVersionArn.lastIndexOf('/');
        if (slash <= 0) {
            return false;
        }
        String profile = profileVersionArn.substring(0, slash);
        return PROFILE.matcher(profile).matches() && allowed.contains(profile);
    }

    private static CheckResult fail(String message) {
        return new CheckResult(Check.PUBLISHER, false, ReasonCode.UNTRUSTED_PUBLISHER, message);
    }
}
