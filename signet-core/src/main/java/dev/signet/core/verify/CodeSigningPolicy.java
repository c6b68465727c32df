package dev.signet.core.verify;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A code signing config's policy: who may publish, and what an untrusted artifact does.
 *
 * @param allowedPublishers signing profile version ARNs, or signing profile ARNs meaning any of that
 *     profile's versions; 1 to 20 of them, each an ARN as Lambda's {@code Arn} shape accepts it
 * @param action Warn or Enforce
 */
public record CodeSigningPolicy(List<String> allowedPublishers, UntrustedArtifactAction action) {
    /** Lambda's {@code Arn} pattern (lambda-2015-03-31), which each allowed publisher must match. */
    private static final Pattern PUBLISHER_ARN = Pattern.compile(
            "arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)");

    /**
     * The longest allowed publisher ARN. Lambda's model sets no length on {@code Arn}; 2048 is the
     * longest ARN AWS services accept, and a bound every reader of a policy can rely on.
     */
    public static final int MAX_PUBLISHER_ARN_LENGTH = 2048;
    /** {@code SigningProfileVersionArns} holds 1 to this many ARNs. */
    public static final int MAX_PUBLISHERS = 20;

    public CodeSigningPolicy {
        allowedPublishers = List.copyOf(allowedPublishers);
        Objects.requireNonNull(action, "action");
        if (allowedPublishers.isEmpty() || allowedPublishers.size() > MAX_PUBLISHERS) {
            throw new IllegalArgumentException("a code signing policy allows 1 to " + MAX_PUBLISHERS
                    + " publishers, got " + allowedPublishers.size());
        }
        for (String arn : allowedPublishers) {
            if (!isPublisherArn(arn)) {
                throw new IllegalArgumentException(
                        "an allowed publisher must be a signing profile (version) ARN, got \""
                                + CodeSigningPolicyJson.excerpt(arn) + "\"");
            }
        }
    }

    /**
     * Whether {@code arn} may be an allowed publisher: Lambda's {@code Arn} pattern, at most {@value
     * #MAX_PUBLISHER_ARN_LENGTH} characters. The Lambda API and policy files check publishers with
     * this one rule, so a stored code signing config always makes a valid policy.
     */
    public static boolean isPublisherArn(String arn) {
        return arn != null
                && arn.length() <= MAX_PUBLISHER_ARN_LENGTH
                && PUBLISHER_ARN.matcher(arn).matches();
    }

    /**
     * Reads a policy file in Lambda's own JSON shapes (docs/formats.md, "Code signing policy
     * file"): {@code {"AllowedPublishers":{"SigningProfileVersionArns":[...]},
     * "CodeSigningPolicies":{"UntrustedArtifactOnDeployment":"Enforce"}}} as CreateCodeSigningConfig
     * takes it, or GetCodeSigningConfig's output {@code {"CodeSigningConfig":{...}}}. A missing
     * action is Warn, Lambda's default. Other members (Description, CodeSigningConfigArn, ...) are
     * ignored; duplicate members, wrong types, unknown actions and inputs over {@value
     * CodeSigningPolicyJson#MAX_BYTES} bytes are refused.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static CodeSigningPolicy parseJson(byte[] json) {
        return CodeSigningPolicyJson.parse(json);
    }
}
