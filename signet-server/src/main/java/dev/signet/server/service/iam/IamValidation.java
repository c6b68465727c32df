package dev.signet.server.service.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The IAM model's constraints on the members Signet reads (iam-2010-05-08: {@code userNameType},
 * {@code pathType}, {@code markerType}, {@code tagKeyType}, ...): a member that breaks one is a
 * ValidationError naming the member and the constraint, as IAM reports it, before anything changes.
 * STS's members share the shapes and the wording ({@code service.sts}).
 */
public final class IamValidation {
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("(/)|(/[\\u0021-\\u007E]+/)");
    private static final Pattern PATH_PREFIX = Pattern.compile("/[\\u0021-\\u007F]*");
    private static final Pattern POLICY_DOCUMENT = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    private static final Pattern MARKER = Pattern.compile("[\\u0020-\\u00FF]+");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[\\w]+");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    /** At most this many tags on one IAM resource ({@code tagListType}). */
    static final int MAX_TAGS = 50;

    private IamValidation() {}

    /** {@code userNameType}: a new user's name, 1-64. */
    static String userName(String member, String value) {
        return string(member, value, 1, 64, NAME);
    }

    /** {@code existingUserNameType}: 1-128. */
    static String existingUserName(String member, String value) {
        return string(member, value, 1, 128, NAME);
    }

    /** {@code arnType}: 20-2048 characters. */
    static String arn(String member, String value) {
        if (value.length() < 20 || value.length() > 2048) {
            throw IamErrors.validation(
                    member,
                    value,
                    "Member must have length "
                            + (value.length() < 20 ? "greater than or equal to 20" : "less than or equal to 2048"));
        }
        return value;
    }

    /** {@code roleNameType}: 1-64. */
    static String roleName(String member, String value) {
        return string(member, value, 1, 64, NAME);
    }

    /** {@code groupNameType}: 1-128. */
    static String groupName(String member, String value) {
        return string(member, value, 1, 128, NAME);
    }

    /** {@code policyNameType}: 1-128. */
    static String policyName(String member, String value) {
        return string(member, value, 1, 128, NAME);
    }

    /** {@code policyDocumentType}: 1-131072 of tab, newline, carriage return and U+0020-U+00FF. */
    static String policyDocument(String member, String value) {
        return string(member, value, 1, 131_072, POLICY_DOCUMENT);
    }

    static String path(String member, String value) {
        return string(member, value, 1, 512, PATH);
    }

    static String pathPrefix(String member, String value) {
        return string(member, value, 1, 512, PATH_PREFIX);
    }

    static String marker(String member, String value) {
        return string(member, value, 1, 320, MARKER);
    }

    static String accessKeyId(String member, String value) {
        return string(member, value, 16, 128, ACCESS_KEY_ID);
    }

    /** {@code maxItemsType}: 1-1000, default 100. */
    static int maxItems(Optional<Integer> value) {
        int v = value.orElse(100);
        if (v < 1 || v > 1000) {
            throw IamErrors.validation(
                    "maxItems",
                    String.valueOf(v),
                    "Member must have value " + (v < 1 ? "greater" : "less") + " than or equal to "
                            + (v < 1 ? 1 : 1000));
        }
        return v;
    }

    /** {@code tagListType}: at most 50 tags, each key once, keys and values per their patterns. */
    public static Map<String, String> tags(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw IamErrors.validation(
                    "tags", tags.size() + " tags", "Member must have length less than or equal to " + MAX_TAGS);
        }
        Map<String, String> checked = new LinkedHashMap<>();
        tags.forEach((k, v) -> {
            string("tags.member.key", k, 1, 128, TAG_KEY);
            if (v.length() > 256 || !TAG_VALUE.matcher(v).matches()) {
                throw IamErrors.validation(
                        "tags.member.value",
                        v,
                        v.length() > 256
                                ? "Member must have length less than or equal to 256"
                                : "Member must satisfy regular expression pattern: " + TAG_VALUE.pattern());
            }
            checked.put(k, v);
        });
        return checked;
    }

    /** A string member of {@code min}..{@code max} characters matching {@code pattern}, or ValidationError. */
    public static String string(String member, String value, int min, int max, Pattern pattern) {
        if (value.length() < min) {
            throw IamErrors.validation(member, value, "Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            throw IamErrors.validation(member, value, "Member must have length less than or equal to " + max);
        }
        if (!pattern.matcher(value).matches()) {
            throw IamErrors.validation(
                    member, value, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return value;
    }
}
