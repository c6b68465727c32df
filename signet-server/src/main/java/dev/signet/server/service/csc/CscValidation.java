package dev.signet.server.service.csc;

import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.server.service.Validation;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of code-signing-config members against the constraints of the Lambda model. Every failure
 * is an InvalidParameterValueException whose message names the member and says what is wrong.
 */
public final class CscValidation {
    /** {@code CodeSigningConfigArn}, max 200; the groups name partition, region, account and id. */
    static final Pattern CSC_ARN = Pattern.compile("arn:(?<partition>aws[a-zA-Z-]*)?:lambda:"
            + "(?<region>[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}):(?<account>\\d{12}):code-signing-config:"
            + "(?<id>csc-[a-z0-9]{17})");
    /** Ids Signet issues: {@code csc-} and 17 lower-case letters or digits. */
    public static final Pattern CSC_ID = Pattern.compile("csc-[a-z0-9]{17}");

    static final int MAX_DESCRIPTION = 256;
    static final int MAX_CSC_ARN = 200;
    /** {@code MaxListItems}: 1..10000. */
    static final int MAX_ITEMS = 10_000;

    private CscValidation() {}

    public static Optional<String> description(Optional<String> description) {
        description.ifPresent(d -> {
            if (d.length() > MAX_DESCRIPTION) {
                throw LambdaErrors.invalidParameter(
                        "Description must be at most " + MAX_DESCRIPTION + " characters long, got " + d.length());
            }
        });
        return description;
    }

    /**
     * {@code AllowedPublishers.SigningProfileVersionArns}: 1..20 ARNs, each what {@link
     * CodeSigningPolicy#isPublisherArn} accepts, so that every stored config is a valid policy.
     */
    public static List<String> publishers(List<String> arns) {
        if (arns.isEmpty() || arns.size() > CodeSigningPolicy.MAX_PUBLISHERS) {
            throw LambdaErrors.invalidParameter("AllowedPublishers.SigningProfileVersionArns must hold 1 to "
                    + CodeSigningPolicy.MAX_PUBLISHERS + " ARNs, got " + arns.size());
        }
        for (String arn : arns) {
            if (arn != null && arn.length() > CodeSigningPolicy.MAX_PUBLISHER_ARN_LENGTH) {
                throw LambdaErrors.invalidParameter("AllowedPublishers.SigningProfileVersionArns member '"
                        + Validation.printable(arn) + "' is longer than " + CodeSigningPolicy.MAX_PUBLISHER_ARN_LENGTH
                        + " characters");
            }
            if (!CodeSigningPolicy.isPublisherArn(arn)) {
                throw LambdaErrors.invalidParameter("AllowedPublishers.SigningProfileVersionArns member '"
                        + Validation.printable(String.valueOf(arn)) + "' is not an ARN");
            }
        }
        return List.copyOf(arns);
    }

    /** {@code MaxItems}: 1..10000 when given. */
    public static Optional<Integer> maxItems(Optional<Integer> maxItems) {
        maxItems.ifPresent(n -> {
            if (n < 1 || n > MAX_ITEMS) {
                throw LambdaErrors.invalidParameter("MaxItems must be between 1 and " + MAX_ITEMS + ", got " + n);
            }
        });
        return maxItems;
    }

    /** Checks {@code arn} against {@code CodeSigningConfigArn} and returns its parts. */
    public static CscArn cscArn(String arn) {
        if (arn == null || arn.isEmpty()) {
            throw LambdaErrors.invalidParameter("CodeSigningConfigArn is required");
        }
        var m = CSC_ARN.matcher(arn);
        if (arn.length() > MAX_CSC_ARN || !m.matches()) {
            throw LambdaErrors.invalidParameter("CodeSigningConfigArn '" + Validation.printable(arn)
                    + "' is not a code signing config ARN (arn:aws:lambda:REGION:ACCOUNT:code-signing-config:csc-...)");
        }
        return new CscArn(
                Optional.ofNullable(m.group("partition")).orElse(""),
                m.group("region"),
                m.group("account"),
                m.group("id"));
    }

    /** The parts of a well-formed code signing config ARN. */
    public record CscArn(String partition, String region, String account, String id) {}
}
