package dev.signet.server.http.iam;

import dev.signet.core.policy.Decision;
import dev.signet.server.http.query.QueryParameters;
import dev.signet.server.http.query.QueryResponse;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.AccessRequest;
import dev.signet.server.service.access.simulation.PolicySimulator;
import dev.signet.server.service.access.simulation.SimulationRequest;
import dev.signet.server.service.access.simulation.SimulationResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy for {@link IamRoutes}: read the members (the
 * Query protocol's {@code Name.member.N} lists), call the {@link PolicySimulator}, write the model's
 * {@code SimulatePolicyResponse}. Both only read, so they never drop the authorizer's cache.
 */
final class SimulationActions {
    static final String PRINCIPAL = "SimulatePrincipalPolicy";
    static final String CUSTOM = "SimulateCustomPolicy";
    static final Set<String> ACTIONS = Set.of(PRINCIPAL, CUSTOM);

    private static final Pattern CONTEXT_MEMBER = Pattern.compile(
            "ContextEntries\\.member\\.([1-9][0-9]{0,3})\\.(ContextKeyName|ContextKeyType|ContextKeyValues\\.member\\.([1-9][0-9]{0,3}))");

    private final PolicySimulator simulator;

    SimulationActions(PolicySimulator simulator) {
        this.simulator = Objects.requireNonNull(simulator, "simulator");
    }

    /**
     * {@code iam:SimulatePrincipalPolicy} on the simulated user, group or role (AWS's resource
     * types for it); {@code iam:SimulateCustomPolicy} on {@code *} (it names no resource).
     */
    static AccessRequest accessRequest(String action, QueryParameters p, Caller caller) {
        return action.equals(PRINCIPAL)
                ? new AccessRequest(
                        "iam:" + action, p.optional("PolicySourceArn").orElse(caller.principalArn()))
                : new AccessRequest("iam:" + action, "*");
    }

    void handle(String action, QueryParameters p, Caller caller, QueryResponse out) {
        Optional<String> source = p.optional("PolicySourceArn");
        if (action.equals(PRINCIPAL) && source.isEmpty()) {
            p.required("PolicySourceArn");
        }
        SimulationRequest request = new SimulationRequest(
                action.equals(PRINCIPAL) ? source : Optional.empty(),
                list(p, "PolicyInputList"),
                list(p, "PermissionsBoundaryPolicyInputList"),
                list(p, "ActionNames"),
                list(p, "ResourceArns"),
                p.optional("ResourcePolicy"),
                p.optional("ResourceOwner"),
                p.optional("CallerArn"),
                contextEntries(p),
                p.optional("ResourceHandlingOption"),
                p.integer("MaxItems"),
                p.optional("Marker"));
        write(out, simulator.simulate(caller, request));
    }

    /** The members {@code NAME.member.1} to {@code NAME.member.N}; a gap is refused. */
    static List<String> list(QueryParameters p, String name) {
        Pattern member = Pattern.compile(Pattern.quote(name) + "\\.member\\.([1-9][0-9]{0,3})");
        TreeMap<Integer, String> members = new TreeMap<>();
        for (String parameter : p.names()) {
            Matcher m = member.matcher(parameter);
            if (m.matches()) {
                members.put(Integer.parseInt(m.group(1)), p.optional(parameter).orElseThrow());
            }
        }
        return contiguous(members, name);
    }

    private static List<String> contiguous(TreeMap<Integer, String> members, String name) {
        if (!members.isEmpty() && members.lastKey() != members.size()) {
            throw new ServiceException(
                    "ValidationError", 400, "The members of " + name + " must be numbered from 1 without gaps.");
        }
        return new ArrayList<>(members.values());
    }

    private static List<SimulationRequest.ContextEntry> contextEntries(QueryParameters p) {
        TreeMap<Integer, String[]> scalars = new TreeMap<>();
        TreeMap<Integer, TreeMap<Integer, String>> values = new TreeMap<>();
        for (String parameter : p.names()) {
            Matcher m = CONTEXT_MEMBER.matcher(parameter);
            if (!m.matches()) {
                continue;
            }
            int entry = Integer.parseInt(m.group(1));
            String value = p.optional(parameter).orElseThrow();
            String[] pair = scalars.computeIfAbsent(entry, k -> new String[2]);
            TreeMap<Integer, String> entryValues = values.computeIfAbsent(entry, k -> new TreeMap<>());
            switch (m.group(2)) {
                case "ContextKeyName" -> pair[0] = value;
                case "ContextKeyType" -> pair[1] = value;
                default -> entryValues.put(Integer.parseInt(m.group(3)), value);
            }
        }
        if (!scalars.isEmpty() && scalars.lastKey() != scalars.size()) {
            throw new ServiceException(
                    "ValidationError", 400, "The members of ContextEntries must be numbered from 1 without gaps.");
        }
        List<SimulationRequest.ContextEntry> entries = new ArrayList<>();
        for (Map.Entry<Integer, String[]> e : scalars.entrySet()) {
            entries.add(new SimulationRequest.ContextEntry(
                    Optional.ofNullable(e.getValue()[0]),
                    contiguous(values.get(e.getKey()), "ContextEntries.member." + e.getKey() + ".ContextKeyValues"),
                    Optional.ofNullable(e.getValue()[1])));
        }
        return entries;
    }

    private static void write(QueryResponse out, SimulationResults results) {
        out.open("EvaluationResults");
        for (SimulationResults.Result result : results.results()) {
            SimulationResults.Evaluation evaluation = result.evaluation();
            out.open("member")
                    .element("EvalActionName", result.action())
                    .element("EvalResourceName", result.resource())
                    .element("EvalDecision", evaluation.decision().awsName());
            matched(out, evaluation);
            missing(out, result.resourceSpecific() ? List.of() : evaluation.missingContextValues());
            details(out, evaluation);
            if (result.resourceSpecific()) {
                out.open("ResourceSpecificResults")
                        .open("member")
                        .element("EvalResourceName", result.resource())
                        .element("EvalResourceDecision", evaluation.decision().awsName());
                matched(out, evaluation);
                missing(out, evaluation.missingContextValues());
                details(out, evaluation);
                out.close("member").close("ResourceSpecificResults");
            }
            out.close("member");
        }
        out.close("EvaluationResults");
        out.element("IsTruncated", String.valueOf(results.marker().isPresent()));
        results.marker().ifPresent(m -> out.element("Marker", m));
    }

    private static void matched(QueryResponse out, SimulationResults.Evaluation evaluation) {
        out.open("MatchedStatements");
        for (SimulationResults.Matched statement : evaluation.matched()) {
            out.open("member")
                    .element("SourcePolicyId", statement.sourcePolicyId())
                    .element("SourcePolicyType", statement.sourcePolicyType());
            statement.span().ifPresent(span -> {
                position(out, "StartPosition", span.startLine(), span.startColumn());
                position(out, "EndPosition", span.endLine(), span.endColumn());
            });
            out.close("member");
        }
        out.close("MatchedStatements");
    }

    private static void position(QueryResponse out, String name, int line, int column) {
        out.open(name)
                .element("Line", String.valueOf(line))
                .element("Column", String.valueOf(column))
                .close(name);
    }

    private static void missing(QueryResponse out, List<String> keys) {
        out.open("MissingContextValues");
        keys.forEach(key -> out.element("member", key));
        out.close("MissingContextValues");
    }

    private static void details(QueryResponse out, SimulationResults.Evaluation evaluation) {
        evaluation.decisionDetails().ifPresent(details -> {
            out.open("EvalDecisionDetails");
            for (Map.Entry<String, Decision.Outcome> entry : details.entrySet()) {
                out.open("entry")
                        .element("key", entry.getKey())
                        .element("value", entry.getValue().awsName())
                        .close("entry");
            }
            out.close("EvalDecisionDetails");
        });
        evaluation
                .allowedByBoundary()
                .ifPresent(allowed -> out.open("PermissionsBoundaryDecisionDetail")
                        .element("AllowedByPermissionsBoundary", String.valueOf(allowed))
                        .close("PermissionsBoundaryDecisionDetail"));
    }
}
