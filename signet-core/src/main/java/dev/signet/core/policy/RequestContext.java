package dev.signet.core.policy;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as the evaluator sees it: the caller, the action, the resource ARN ({@code *} for
 * actions without a resource), the account that owns the resource, and the condition keys.
 * Condition key names are case-insensitive; each key holds one or more values (an empty list is
 * the same as an absent key). The keys AWS derives from the caller ({@code aws:PrincipalArn},
 * {@code aws:PrincipalAccount}, {@code aws:PrincipalType}, {@code aws:userid}, {@code
 * aws:username}, {@code aws:PrincipalTag/*}) are added unless given explicitly. The clock is the
 * caller's: put {@code aws:CurrentTime} and {@code aws:EpochTime} in the keys.
 */
public final class RequestContext {
    private final CallerPrincipal principal;
    private final String action;
    private final String lowerCaseAction;
    private final String resource;
    private final String[] resourceArn;
    private final Optional<String> resourceAccount;
    private final Map<String, List<String>> keys;

    private RequestContext(
            CallerPrincipal principal,
            String action,
            String resource,
            Optional<String> resourceAccount,
            Map<String, List<String>> given) {
        this.principal = Objects.requireNonNull(principal, "principal");
        this.action = Objects.requireNonNull(action, "action");
        this.lowerCaseAction = action.toLowerCase(Locale.ROOT);
        this.resource = Objects.requireNonNull(resource, "resource");
        this.resourceArn = ArnPattern.split(resource);
        this.resourceAccount = Objects.requireNonNull(resourceAccount, "resourceAccount");
        Map<String, List<String>> all = new HashMap<>(32);
        principal.putDerivedKeys(all);
        given.forEach((key, values) -> {
            // the builder's lists are immutable already: copyOf returns them as they are
            List<String> copy = List.copyOf(values);
            String name = key.toLowerCase(Locale.ROOT);
            if (copy.isEmpty()) {
                all.remove(name);
            } else {
                all.put(name, copy);
            }
        });
        // never modified after this point, and never handed out: one copy per request is enough
        this.keys = Collections.unmodifiableMap(all);
    }

    public static Builder builder(CallerPrincipal principal, String action, String resource) {
        return new Builder(principal, action, resource);
    }

    public CallerPrincipal principal() {
        return principal;
    }

    public String action() {
        return action;
    }

    String lowerCaseAction() {
        return lowerCaseAction;
    }

    public String resource() {
        return resource;
    }

    String[] resourceArn() {
        return resourceArn;
    }

    /** The resource's account; when absent, the resource is taken to be in the caller's account. */
    public Optional<String> resourceAccount() {
        return resourceAccount;
    }

    /** The values of a condition key (any case), empty when absent. */
    public List<String> values(String key) {
        return keys.getOrDefault(key.toLowerCase(Locale.ROOT), List.of());
    }

    List<String> valuesLowerCaseKey(String lowerCaseKey) {
        return keys.getOrDefault(lowerCaseKey, List.of());
    }

    /** A key's value when it has exactly one: what a policy variable resolves to. */
    Optional<String> singleValue(String lowerCaseKey) {
        List<String> values = keys.get(lowerCaseKey);
        return values != null && values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
    }

    /** Whether the caller and the resource are in the same account. */
    boolean sameAccount() {
        return resourceAccount
                .map(principal.account()::equals)
                .orElse(principal.type() != CallerPrincipal.PrincipalType.ANONYMOUS);
    }

    /** Collects the request's optional parts. */
    public static final class Builder {
        private final CallerPrincipal principal;
        private final String action;
        private final String resource;
        private Optional<String> resourceAccount = Optional.empty();
        private final Map<String, List<String>> keys = new HashMap<>();

        private Builder(CallerPrincipal principal, String action, String resource) {
            this.principal = principal;
            this.action = action;
            this.resource = resource;
        }

        public Builder resourceAccount(String account) {
            this.resourceAccount = Optional.of(account);
            return this;
        }

        /** Sets a key's values (replacing earlier ones); no values means the key is absent. */
        public Builder key(String name, List<String> values) {
            keys.put(name, List.copyOf(values));
            return this;
        }

        public Builder key(String name, String value) {
            return key(name, List.of(value));
        }

        public RequestContext build() {
            return new RequestContext(principal, action, resource, resourceAccount, keys);
        }
    }
}
