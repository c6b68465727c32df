package dev.signet.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Principal or NotPrincipal element: {@code "*"}, or an object of {@code AWS} (account ids,
 * {@code arn:aws:iam::ACCOUNT:root}, user, role, assumed-role session and federated-user ARNs, or
 * {@code *}), {@code Service} and {@code Federated} values. Wildcards inside a name or ARN are
 * refused, as IAM refuses them; so are {@code CanonicalUser} and any other key.
 */
final class PrincipalSpec {
    /** How strongly a statement's Principal names the caller, weakest first. */
    enum Match {
        NONE,
        /** the caller's account (an account id or its root ARN) */
        ACCOUNT,
        /** the role of the caller's role session */
        ROLE,
        /** the caller itself: its user or session ARN, its service, its identity provider, or "*" */
        DIRECT
    }

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern IAM_ARN =
            Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):(root|user/[\\x21-\\x7e]+|role/[\\x21-\\x7e]+)");
    private static final Pattern STS_ARN = Pattern.compile(
            "arn:[a-z-]+:sts::\\d{12}:(assumed-role/[\\x21-\\x7e]+/[\\x21-\\x7e]+|federated-user/[\\x21-\\x7e]+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/-]{1,512}");

    private final boolean wildcard;
    private final Set<String> accounts = new HashSet<>();
    private final Set<String> arns = new HashSet<>();
    private final Set<String> services = new HashSet<>();
    private final Set<String> federated = new HashSet<>();

    private PrincipalSpec(boolean wildcard) {
        this.wildcard = wildcard;
    }

    static PrincipalSpec parse(JsonNode node, String element) {
        if (node.isTextual()) {
            if (!node.textValue().equals("*")) {
                throw new MalformedPolicyException(
                        element + " must be \"*\" or an object of AWS, Service and Federated values, got \""
                                + node.textValue() + "\"");
            }
            return new PrincipalSpec(true);
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new MalformedPolicyException(
                    element + " must be \"*\" or a non-empty object of AWS, Service and Federated values");
        }
        boolean any = false;
        PrincipalSpec spec = new PrincipalSpec(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            List<String> values = PolicyParser.strings(field.getValue(), element + "." + field.getKey());
            switch (field.getKey()) {
                case "AWS" -> {
                    for (String value : values) {
                        if (value.equals("*")) {
                            any = true;
                        } else {
                            spec.addAws(value, element);
                        }
                    }
                }
                case "Service" ->
                    values.forEach(
                            v -> spec.services.add(name(v, element + ".Service").toLowerCase(Locale.ROOT)));
                case "Federated" -> values.forEach(v -> spec.federated.add(name(v, element + ".Federated")));
                case "CanonicalUser" ->
                    throw new MalformedPolicyException(element + ".CanonicalUser is not supported by Signet");
                default ->
                    throw new MalformedPolicyException(
                            element + " has an unknown key \"" + field.getKey() + "\" (AWS, Service or Federated)");
            }
        }
        return any ? new PrincipalSpec(true) : spec;
    }

    private void addAws(String value, String element) {
        if (ACCOUNT_ID.matcher(value).matches()) {
            accounts.add(value);
            return;
        }
        var iam = IAM_ARN.matcher(value);
        if (iam.matches() && value.indexOf('*') < 0 && value.indexOf('?') < 0) {
            if (iam.group(2).equals("root")) {
                accounts.add(iam.group(1));
            } else {
                arns.add(value);
            }
            return;
        }
        if (STS_ARN.matcher(value).matches() && value.indexOf('*') < 0 && value.indexOf('?') < 0) {
            arns.add(value);
            return;
        }
        throw new MalformedPolicyException(
                "Invalid principal in policy: " + element + ".AWS \"" + value
                        + "\" must be \"*\", a 12-digit account id, or an account root, user, role or session ARN without wildcards");
    }

    private static String name(String value, String element) {
        if (!NAME.matcher(value).matches() || value.indexOf('*') >= 0) {
            throw new MalformedPolicyException(
                    "Invalid principal in policy: " + element + " \"" + value + "\" must be a name without wildcards");
        }
        return value;
    }

    boolean isWildcard() {
        return wildcard;
    }

    /** How this Principal element names the caller. */
    Match match(CallerPrincipal caller) {
        if (wildcard) {
            return Match.DIRECT;
        }
        return switch (caller.type()) {
            case USER ->
                arns.contains(caller.arn())
                        ? Match.DIRECT
                        : accounts.contains(caller.account()) ? Match.ACCOUNT : Match.NONE;
            case ROLE_SESSION ->
                arns.contains(caller.arn())
                        ? Match.DIRECT
                        : arns.contains(caller.roleArn().orElseThrow())
                                ? Match.ROLE
                                : accounts.contains(caller.account()) ? Match.ACCOUNT : Match.NONE;
            case ROOT -> accounts.contains(caller.account()) ? Match.ACCOUNT : Match.NONE;
            case SERVICE -> services.contains(caller.arn().toLowerCase(Locale.ROOT)) ? Match.DIRECT : Match.NONE;
            case WEB_IDENTITY -> federated.contains(caller.arn()) ? Match.DIRECT : Match.NONE;
            case ANONYMOUS -> Match.NONE;
        };
    }

    /**
     * Whether a NotPrincipal element leaves the caller out of its statement. For Deny, as AWS
     * documents, only when every identity the request is evaluated as is listed (a user's ARN and
     * its account; a session's ARN, its role and its account); for Allow, when any of them is
     * listed (the narrower grant).
     */
    boolean excludes(CallerPrincipal caller, Effect effect) {
        List<Boolean> chain = switch (caller.type()) {
            case USER -> List.of(arns.contains(caller.arn()), accounts.contains(caller.account()));
            case ROLE_SESSION ->
                List.of(
                        arns.contains(caller.arn()),
                        arns.contains(caller.roleArn().orElseThrow()),
                        accounts.contains(caller.account()));
            case ROOT -> List.of(accounts.contains(caller.account()));
            case SERVICE -> List.of(services.contains(caller.arn().toLowerCase(Locale.ROOT)));
            case WEB_IDENTITY -> List.of(federated.contains(caller.arn()));
            case ANONYMOUS -> List.of(false);
        };
        return effect == Effect.DENY ? !chain.contains(false) : chain.contains(true);
    }
}
