package dev.signet.server.service;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of request members against the constraints of the AWS model. Every failure is a {@link
 * ServiceException} of type {@code ValidationException} whose message names the member and says
 * what is wrong, so callers can fix the request without reading the model.
 */
public final class Validation {
    /** {@code ProfileName}: pattern {@code ^[a-zA-Z0-9_]{2,}}, length 2..64. */
    public static final Pattern PROFILE_NAME = Pattern.compile("[a-zA-Z0-9_]{2,64}");
    /** {@code ProfileVersion}: exactly ten letters or digits. */
    public static final Pattern PROFILE_VERSION = Pattern.compile("[a-zA-Z0-9]{10}");
    /** {@code AccountId}: twelve digits. */
    public static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    /** Job ids are UUIDs Signet generates; anything else cannot name a job. */
    public static final Pattern JOB_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final Pattern TAG_KEY = Pattern.compile("^(?!aws:)[a-zA-Z+-=._:/]+$");

    private Validation() {}

    public static String profileName(String member, String value) {
        require(member, value);
        if (!PROFILE_NAME.matcher(value).matches()) {
            throw ServiceException.validation(member + " must be 2 to 64 characters of a-z, A-Z, 0-9 and _");
        }
        return value;
    }

    public static Optional<String> accountId(String member, Optional<String> value) {
        value.ifPresent(v -> {
            if (!ACCOUNT_ID.matcher(v).matches()) {
                throw ServiceException.validation(member + " must be a 12-digit AWS account id");
            }
        });
        return value;
    }

    public static String require(String member, String value) {
        if (value == null || value.isEmpty()) {
            throw ServiceException.validation(member + " is required");
        }
        return value;
    }

    public static String length(String member, String value, int min, int max) {
        if (value.length() < min || value.length() > max) {
            throw ServiceException.validation(
                    member + " must be " + min + " to " + max + " characters long, got " + value.length());
        }
        return value;
    }

    /** {@code MaxResults}: 1..25 when given. */
    public static Optional<Integer> maxResults(Optional<Integer> value) {
        value.ifPresent(v -> {
            if (v < 1 || v > 25) {
                throw ServiceException.validation("maxResults must be between 1 and 25, got " + v);
            }
        });
        return value;
    }

    /** {@code TagMap}: 1..200 entries, keys per the model's pattern, values up to 256 characters. */
    public static Map<String, String> tags(Map<String, String> tags) {
        if (tags.size() > 200) {
            throw ServiceException.validation("tags may hold at most 200 entries, got " + tags.size());
        }
        tags.forEach((key, value) -> {
            if (!isTagKey(key)) {
                throw ServiceException.validation("tag key '" + printable(key)
                        + "' must be 1 to 128 characters matching ^(?!aws:)[a-zA-Z+-=._:/]+$");
            }
            if (value.length() > 256) {
                throw ServiceException.validation("tag value of '" + key + "' is longer than 256 characters");
            }
        });
        return tags;
    }

    /** {@code TagKey}: 1..128 characters matching the model's pattern. */
    public static boolean isTagKey(String key) {
        return !key.isEmpty() && key.length() <= 128 && TAG_KEY.matcher(key).matches();
    }

    /** {@code Arn}: 20..2048 characters. */
    public static String arn(String member, String value) {
        require(member, value);
        return length(member, value, 20, 2048);
    }

    /** {@code ProfileVersion}: exactly ten letters or digits. */
    public static String profileVersion(String member, String value) {
        require(member, value);
        if (!PROFILE_VERSION.matcher(value).matches()) {
            throw ServiceException.validation(member + " must be exactly 10 letters or digits");
        }
        return value;
    }

    /** A caller-supplied string made safe to echo in a message: bounded, no control characters. */
    public static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
