package dev.signet.server.service.sts;

import dev.signet.server.service.ServiceException;
import dev.signet.server.service.iam.IamErrors;
import dev.signet.server.service.iam.IamValidation;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The STS model's constraints (sts-2011-06-15: {@code roleSessionNameType}, {@code externalIdType},
 * {@code sourceIdentityType}, {@code roleDurationSecondsType}, {@code durationSecondsType}, {@code
 * tagListType}) with STS's ValidationError wording; and the packed size of session tags.
 */
final class StsValidation {
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:\\/-]*");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:([a-z0-9-]+):iam::(\\d{12}):role((?:/[\\u0021-\\u007E]+)?/)([\\w+=,.@-]{1,64})");
    /**
     * The bytes of session tag keys and values that fill the packed limit: Signet's stand-in for
     * AWS's (unpublished) packed binary form, so PackedPolicySize is {@code ceil(100 * bytes / this)}
     * and more than 100 is PackedPolicyTooLarge.
     */
    static final int PACKED_TAG_BYTES = 2048;

    private StsValidation() {}

    /** A role ARN's parts: partition, account, path, name. */
    record RoleArn(String partition, String account, String path, String name) {}

    static RoleArn roleArn(String value) {
        IamValidation.string("roleArn", value, 20, 2048, Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\uFFFF]+"));
        var m = ROLE_ARN.matcher(value);
        if (!m.matches() || m.group(3).length() > 512) {
            throw IamErrors.validation("roleArn", value, "Member must be the ARN of an IAM role");
        }
        return new RoleArn(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    static String sessionName(String value) {
        return IamValidation.string("roleSessionName", value, 2, 64, SESSION_NAME);
    }

    static Optional<String> externalId(Optional<String> value) {
        return value.map(v -> IamValidation.string("externalId", v, 2, 1224, EXTERNAL_ID));
    }

    /** {@code sourceIdentityType}; AWS also refuses the prefix {@code aws:} (any case). */
    static Optional<String> sourceIdentity(Optional<String> value) {
        value.ifPresent(v -> {
            IamValidation.string("sourceIdentity", v, 2, 64, SESSION_NAME);
            if (v.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw IamErrors.validation("sourceIdentity", v, "Member must not start with aws:");
            }
        });
        return value;
    }

    /** A duration within {@code min}..{@code max} of the model's type, else ValidationError. */
    static int duration(int value, int min, int max) {
        if (value < min || value > max) {
            throw IamErrors.validation(
                    "durationSeconds",
                    String.valueOf(value),
                    "Member must have value "
                            + (value < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return value;
    }

    /** Session tags: the IAM tag constraints, and keys unique regardless of case as STS requires. */
    static Map<String, String> tags(Map<String, String> tags) {
        Map<String, String> checked = IamValidation.tags(tags);
        Set<String> keys = new HashSet<>();
        for (String key : checked.keySet()) {
            if (!keys.add(key.toLowerCase(Locale.ROOT))) {
                throw new ServiceException(
                        "InvalidParameterValue",
                        400,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        return checked;
    }

    /** The session tags' PackedPolicySize in percent; PackedPolicyTooLarge above 100. */
    static int packedSize(Map<String, String> tags) {
        long bytes = 0;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            bytes += tag.getKey().getBytes(StandardCharsets.UTF_8).length
                    + tag.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        int percent = (int) ((bytes * 100 + PACKED_TAG_BYTES - 1) / PACKED_TAG_BYTES);
        if (percent > 100) {
            throw new ServiceException(
                    "PackedPolicyTooLarge",
                    400,
                    "Packed size of consolidated policies and session tags exceeds the limit: " + percent
                            + "% of the allowed size.");
        }
        return percent;
    }
}
