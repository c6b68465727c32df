package dev.signet.server.service.csc;

import dev.signet.server.service.Arns;
import dev.signet.server.service.Validation;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lambda function named the way Lambda accepts it: a name ({@code my-function}), a partial ARN
 * ({@code 123456789012:function:my-function}) or a full ARN, normalised to the unqualified function
 * ARN of this deployment. Refuses (InvalidParameterValueException) what breaks the model's
 * {@code NamespacedFunctionName} constraints, a qualifier (code signing configs attach to the
 * function, not to a version or alias) and a partition, region or account other than this
 * deployment's.
 *
 * @param name the bare function name
 * @param arn {@code arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME}
 */
public record LambdaFunction(String name, String arn) {
    /** {@code NamespacedFunctionName}, with named groups for its optional parts. */
    private static final Pattern NAMESPACED = Pattern.compile("(arn:(?<partition>aws[a-zA-Z-]*)?:lambda:)?"
            + "((?<region>[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}):)?"
            + "((?<account>\\d{12}):)?(function:)?(?<name>[a-zA-Z0-9_.\\-]+)"
            + "(:(?<qualifier>\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9_\\-]+))?");

    private static final int MAX_LENGTH = 256;

    public LambdaFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
    }

    /** Parses {@code FunctionName} as given on the wire for the deployment {@code arns}. */
    public static LambdaFunction parse(String functionName, Arns arns) {
        if (functionName == null || functionName.isEmpty()) {
            throw LambdaErrors.invalidParameter("FunctionName is required");
        }
        if (functionName.length() > MAX_LENGTH) {
            throw LambdaErrors.invalidParameter(
                    "FunctionName must be at most " + MAX_LENGTH + " characters long, got " + functionName.length());
        }
        Matcher m = NAMESPACED.matcher(functionName);
        if (!m.matches()) {
            throw LambdaErrors.invalidParameter("FunctionName '" + Validation.printable(functionName)
                    + "' is not a function name, partial ARN or function ARN");
        }
        if (m.group("qualifier") != null) {
            throw LambdaErrors.invalidParameter("FunctionName '" + Validation.printable(functionName)
                    + "' has a qualifier; code signing configs apply to the unqualified function");
        }
        same("partition", m.group("partition"), arns.partition(), functionName);
        same("region", m.group("region"), arns.region(), functionName);
        same("account", m.group("account"), arns.accountId(), functionName);
        String name = m.group("name");
        return new LambdaFunction(name, arns.lambdaFunction(name));
    }

    private static void same(String part, String given, String expected, String functionName) {
        if (given != null && !given.equals(expected)) {
            throw LambdaErrors.invalidParameter("FunctionName '" + Validation.printable(functionName) + "' names "
                    + part + " '" + given + "'; this endpoint serves " + part + " '" + expected + "'");
        }
    }
}
