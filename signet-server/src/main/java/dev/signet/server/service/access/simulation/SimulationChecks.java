package dev.signet.server.service.access.simulation;

import dev.signet.core.policy.ContextValues;
import dev.signet.core.policy.MalformedPolicyException;
import dev.signet.core.policy.Policy;
import dev.signet.core.policy.PolicyKind;
import dev.signet.core.policy.PolicyParser;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.iam.IamErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The IAM model's constraints on a simulation's members (length, pattern, range and enum
 * violations are ValidationError, as for every IAM action) and the rules IAM documents for them
 * (InvalidInput): actions named {@code service:Action} without wildcards, resources {@code *} or
 * ARNs, policy documents the policy language accepts, at most one boundary, context values
 * readable as their declared type. Nothing here reads storage.
 */
final class SimulationChecks {
    /** The model's policyDocumentType: 1 to 131,072 of these characters. */
    static final int MAX_DOCUMENT = 131_072;

    private static final Pattern DOCUMENT = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    private static final Pattern MARKER = Pattern.compile("[\\u0020-\\u00FF]+");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9]+");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ACCOUNT_ROOT = Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):root");
    private static final Pattern USER_ARN =
            Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):user/(?:[\\x21-\\x7e]*/)?([\\w+=,.@-]{1,64})");
    private static final Set<String> TYPES = Set.of(
            "string",
            "stringList",
            "numeric",
            "numericList",
            "boolean",
            "booleanList",
            "ip",
            "ipList",
            "binary",
            "binaryList",
            "date",
            "dateList");

    private SimulationChecks() {}

    static ServiceException invalidInput(String message) {
        return new ServiceException("InvalidInput", 400, message);
    }

    static List<String> actions(List<String> names) {
        if (names.isEmpty()) {
            throw IamErrors.validation("actionNames", "", "Member must not be null");
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            length("actionNames." + (i + 1) + ".member", name, 3, 128);
            if (!ACTION.matcher(name).matches()) {
                throw invalidInput("Action " + printable(name) + " is not a service prefix and an operation name"
                        + " (such as iam:CreateUser); wildcards are not simulated.");
            }
        }
        return names;
    }

    static List<String> resources(List<String> arns) {
        if (arns.isEmpty()) {
            return List.of("*");
        }
        for (int i = 0; i < arns.size(); i++) {
            String arn = arns.get(i);
            length("resourceArns." + (i + 1) + ".member", arn, 1, 2048);
            if (!arn.equals("*") && !(arn.startsWith("arn:") && arn.split(":", 6).length == 6)) {
                throw invalidInput("Resource " + printable(arn) + " must be in ARN format or \"*\".");
            }
        }
        return arns;
    }

    /**
     * A policy document member, compiled as {@code kind}; {@code where} names it in messages. Not
     * through the server's {@link dev.signet.core.policy.PolicyCache}: a caller's documents would
     * fill it (and evict the stored policies) at will.
     */
    static Policy document(String document, PolicyKind kind, String where) {
        length(where, document, 1, MAX_DOCUMENT);
        if (!DOCUMENT.matcher(document).matches()) {
            throw IamErrors.validation(
                    where, document, "Member must satisfy regular expression pattern: " + DOCUMENT.pattern());
        }
        try {
            return PolicyParser.parse(document, kind, MAX_DOCUMENT);
        } catch (MalformedPolicyException e) {
            throw invalidInput(where + " is not a valid policy: " + e.getMessage());
        }
    }

    /** ResourceOwner: an account id, or the account's root ARN; the account id either way. */
    static Optional<String> resourceOwner(Optional<String> owner) {
        if (owner.isEmpty()) {
            return owner;
        }
        length("resourceOwner", owner.get(), 1, 2048);
        if (ACCOUNT.matcher(owner.get()).matches()) {
            return owner;
        }
        var root = ACCOUNT_ROOT.matcher(owner.get());
        if (root.matches()) {
            return Optional.of(root.group(1));
        }
        throw invalidInput("ResourceOwner " + printable(owner.get())
                + " must be a 12-digit account id or an account's root ARN (arn:aws:iam::ACCOUNT:root).");
    }

    /** CallerArn: only an IAM user's ARN; its account and user name. */
    static Optional<String[]> callerArn(Optional<String> arn) {
        if (arn.isEmpty()) {
            return Optional.empty();
        }
        length("callerArn", arn.get(), 1, 2048);
        var user = USER_ARN.matcher(arn.get());
        if (!user.matches()) {
            throw invalidInput("CallerArn " + printable(arn.get())
                    + " must be the ARN of an IAM user (not a role, session, federated user or service).");
        }
        return Optional.of(new String[] {user.group(1), user.group(2)});
    }

    /** The context entries as condition keys with their values, each checked against its type. */
    static Map<String, List<String>> context(List<SimulationRequest.ContextEntry> entries) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            SimulationRequest.ContextEntry entry = entries.get(i);
            String where = "contextEntries." + (i + 1) + ".member";
            int member = i + 1;
            String name = entry.name()
                    .orElseThrow(() -> invalidInput("ContextEntries member " + member + " has no ContextKeyName."));
            length(where + ".contextKeyName", name, 5, 256);
            String type = entry.type()
                    .orElseThrow(() -> invalidInput("Context key " + printable(name) + " has no ContextKeyType."));
            if (!TYPES.contains(type)) {
                throw IamErrors.validation(
                        where + ".contextKeyType",
                        type,
                        "Member must satisfy enum value set: "
                                + "[string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, "
                                + "binaryList, date, dateList]");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw invalidInput("Context key " + printable(name) + " is given more than once.");
            }
            if (entry.values().isEmpty()) {
                throw invalidInput("Context key " + printable(name) + " has no ContextKeyValues.");
            }
            if (!type.endsWith("List") && entry.values().size() > 1) {
                throw invalidInput("Context key " + printable(name) + " of type " + type + " takes one value; use "
                        + type + "List for several.");
            }
            Predicate<String> readable = readable(type.replace("List", ""));
            for (String value : entry.values()) {
                if (!readable.test(value)) {
                    throw invalidInput("Context key " + printable(name) + ": \"" + printable(value) + "\" is not a "
                            + type.replace("List", "") + " value.");
                }
            }
            keys.put(name, new ArrayList<>(entry.values()));
        }
        return keys;
    }

    private static Predicate<String> readable(String type) {
        return switch (type) {
            case "numeric" -> ContextValues::isNumber;
            case "boolean" -> ContextValues::isBoolean;
            case "ip" -> ContextValues::isIp;
            case "binary" -> ContextValues::isBinary;
            case "date" -> ContextValues::isDate;
            default -> value -> true;
        };
    }

    /** ResourceHandlingOption names EC2 scenarios, which Signet has none of. */
    static void resourceHandlingOption(Optional<String> option) {
        if (option.isPresent()) {
            length("resourceHandlingOption", option.get(), 1, 64);
            throw invalidInput("ResourceHandlingOption " + printable(option.get())
                    + " names an EC2 scenario; Signet serves no EC2 resources, so omit it.");
        }
    }

    static int maxItems(Optional<Integer> maxItems) {
        int value = maxItems.orElse(100);
        if (value < 1 || value > 1000) {
            throw IamErrors.validation("maxItems", String.valueOf(value), "Member must have value between 1 and 1000");
        }
        return value;
    }

    static void marker(Optional<String> marker) {
        if (marker.isPresent()) {
            length("marker", marker.get(), 1, 320);
            if (!MARKER.matcher(marker.get()).matches()) {
                throw IamErrors.validation(
                        "marker", marker.get(), "Member must satisfy regular expression pattern: [\\u0020-\\u00FF]+");
            }
        }
    }

    static void length(String member, String value, int min, int max) {
        if (value.length() < min || value.length() > max) {
            throw IamErrors.validation(
                    member,
                    value,
                    "Member must have length "
                            + (value.length() < min
                                    ? "greater than or equal to " + min
                                    : "less than or equal to " + max));
        }
    }

    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(128).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return value.length() > 128 ? out + "..." : out.toString();
    }
}
