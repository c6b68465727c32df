package dev.signet.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One compiled statement of a policy.
 *
 * @param index its position in the policy's Statement list, from 0
 * @param resources empty when the statement has neither Resource nor NotResource (trust policies,
 *     resource-based policies that apply to the resource they are attached to)
 * @param principal absent in identity-based policies
 */
record Statement(
        int index,
        Optional<String> sid,
        Effect effect,
        List<ActionPattern> actions,
        boolean notAction,
        List<ArnPattern> resources,
        boolean notResource,
        Optional<PrincipalSpec> principal,
        boolean notPrincipal,
        List<ConditionClause> conditions) {

    Statement {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(effect, "effect");
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        Objects.requireNonNull(principal, "principal");
        conditions = List.copyOf(conditions);
    }

    /** Whether Action/NotAction, Resource/NotResource and every condition match (the principal aside). */
    boolean applies(RequestContext context) {
        return matchesAction(context) && matchesResource(context) && conditionsHold(context);
    }

    /**
     * Adds to {@code out} (lower-cased key to the policy's spelling) the keys this statement's conditions read that the request lacks, when its
     * Action and Resource match the request (a statement that cannot apply needs no context).
     */
    void missingKeys(RequestContext context, java.util.Map<String, String> out) {
        if (conditions.isEmpty() || !matchesAction(context) || !matchesResource(context)) {
            return;
        }
        for (ConditionClause clause : conditions) {
            if (clause.lacksKey(context)) {
                out.putIfAbsent(clause.key(), clause.keyName());
            }
        }
    }

    private boolean matchesAction(RequestContext context) {
        boolean any = false;
        for (ActionPattern action : actions) {
            if (action.matches(context.lowerCaseAction())) {
                any = true;
                break;
            }
        }
        return any != notAction;
    }

    private boolean matchesResource(RequestContext context) {
        if (resources.isEmpty()) {
            return true;
        }
        boolean any = false;
        for (ArnPattern resource : resources) {
            if (resource.matches(context.resource(), context.resourceArn(), context)) {
                any = true;
                break;
            }
        }
        return any != notResource;
    }

    private boolean conditionsHold(RequestContext context) {
        for (ConditionClause clause : conditions) {
            if (!clause.holds(context)) {
                return false;
            }
        }
        return true;
    }

    /** How this statement's Principal or NotPrincipal names the caller (DIRECT when it has neither). */
    PrincipalSpec.Match principalMatch(CallerPrincipal caller) {
        if (principal.isEmpty()) {
            return PrincipalSpec.Match.DIRECT;
        }
        if (notPrincipal) {
            return principal.get().excludes(caller, effect) ? PrincipalSpec.Match.NONE : PrincipalSpec.Match.DIRECT;
        }
        return principal.get().match(caller);
    }
}
