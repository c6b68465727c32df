package dev.signet.server.service.access.simulation;

import dev.signet.core.policy.AttachedPolicy;
import dev.signet.core.policy.CallerPrincipal;
import dev.signet.core.policy.Decision;
import dev.signet.core.policy.Explanation;
import dev.signet.core.policy.MatchedStatement;
import dev.signet.core.policy.Policy;
import dev.signet.core.policy.PolicyEvaluator;
import dev.signet.core.policy.PolicyKind;
import dev.signet.core.policy.PolicySet;
import dev.signet.core.policy.PolicyType;
import dev.signet.core.policy.RequestContext;
import dev.signet.server.service.Caller;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.IdentityPolicies;
import dev.signet.server.service.access.IdentityPolicies.SourcedPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * IAM's policy simulation (SimulatePrincipalPolicy, SimulateCustomPolicy) with the evaluator every
 * real request goes through: {@link PolicyEvaluator#explain} decides exactly as {@link
 * PolicyEvaluator#evaluate} does, and a principal's policies are read by {@link IdentityPolicies},
 * as the authorizer reads them. Each action is evaluated on each resource; the caller and the
 * resource's account are what the members say (CallerArn, else the simulated user or role;
 * ResourceOwner, else the account in the resource's ARN, else the caller's). The context holds
 * only the keys derived from the simulated caller and the ContextEntries: the keys a request
 * brings from its connection and clock ({@code aws:SourceIp}, {@code aws:CurrentTime}, ...) must be
 * given, and a condition reading one that is not is reported in MissingContextValues. Reads only;
 * changes nothing.
 */
public final class PolicySimulator {
    /** The principal keys of a caller the simulation does not know, removed unless given. */
    private static final List<String> UNKNOWN_CALLER_KEYS =
            List.of("aws:PrincipalArn", "aws:username", "aws:userid", "aws:PrincipalType");

    private final SimulatedPrincipals principals;
    private final PageTokens markers;

    public PolicySimulator(IdentityPolicies identities, PageTokens markers) {
        this.principals = new SimulatedPrincipals(identities.sources(), identities);
        this.markers = Objects.requireNonNull(markers, "markers");
    }

    /** A policy taking part, named by the simulation's own key (names of different sources may clash). */
    private record Source(Policy policy, String sourceType, String sourceId) {}

    /** SimulatePrincipalPolicy when the request has a PolicySourceArn, else SimulateCustomPolicy. */
    public SimulationResults simulate(Caller requester, SimulationRequest request) {
        List<String> actions = SimulationChecks.actions(request.actionNames());
        List<String> resources = SimulationChecks.resources(request.resourceArns());
        int maxItems = SimulationChecks.maxItems(request.maxItems());
        SimulationChecks.marker(request.marker());
        SimulationChecks.resourceHandlingOption(request.resourceHandlingOption());
        Optional<String> owner = SimulationChecks.resourceOwner(request.resourceOwner());
        Optional<String[]> callerArn = SimulationChecks.callerArn(request.callerArn());
        Map<String, List<String>> context = SimulationChecks.context(request.contextEntries());

        List<Source> identity = new ArrayList<>();
        SimulatedPrincipals.Simulated simulated;
        if (request.policySourceArn().isPresent()) {
            simulated = principals.source(requester, request.policySourceArn().get());
            for (SourcedPolicy policy : simulated.policies()) {
                identity.add(new Source(policy.policy().policy(), policy.sourceType(), policy.sourceId()));
            }
        } else {
            if (request.policyInputs().isEmpty()) {
                throw ServiceExceptions.missing("policyInputList");
            }
            simulated = principals.none(requester);
        }
        for (int i = 0; i < request.policyInputs().size(); i++) {
            String id = "PolicyInputList." + (i + 1);
            identity.add(new Source(
                    SimulationChecks.document(request.policyInputs().get(i), PolicyKind.IDENTITY, id), "none", id));
        }
        if (request.boundaryInputs().size() > 1) {
            throw SimulationChecks.invalidInput("PermissionsBoundaryPolicyInputList takes one policy: an entity has"
                    + " at most one permissions boundary.");
        }
        Optional<Source> boundary = request.boundaryInputs().stream()
                .findFirst()
                .map(document -> new Source(
                        SimulationChecks.document(
                                document, PolicyKind.IDENTITY, "PermissionsBoundaryPolicyInputList.1"),
                        "none",
                        "PermissionsBoundaryPolicyInputList.1"));
        Optional<CallerPrincipal> caller = callerArn
                .map(arn -> principals.caller(request.callerArn().get(), arn))
                .or(simulated::caller);
        Optional<Source> resource = Optional.empty();
        if (request.resourcePolicy().isPresent()) {
            if (caller.isEmpty() || caller.get().type() != CallerPrincipal.PrincipalType.USER) {
                throw SimulationChecks.invalidInput("CallerArn is required with a ResourcePolicy when the policy"
                        + " source is not an IAM user: the resource policy's Principal needs a caller to match.");
            }
            resource = Optional.of(new Source(
                    SimulationChecks.document(request.resourcePolicy().get(), PolicyKind.RESOURCE, "ResourcePolicy"),
                    "resource",
                    "ResourcePolicy"));
        }
        CallerPrincipal principal = caller.orElseGet(simulated::anonymous);
        Simulation simulation =
                new Simulation(principal, caller.isPresent(), identity, resource, boundary, owner, context);

        int total = actions.size() * resources.size();
        String fingerprint = fingerprint(requester, request);
        int start = start(fingerprint, request.marker(), total);
        int end = Math.min(total, start + maxItems);
        List<SimulationResults.Result> page = new ArrayList<>(end - start);
        boolean specific = !(resources.size() == 1 && resources.get(0).equals("*"));
        for (int i = start; i < end; i++) {
            String action = actions.get(i / resources.size());
            String resourceArn = resources.get(i % resources.size());
            page.add(new SimulationResults.Result(
                    action, resourceArn, simulation.evaluate(action, resourceArn), specific));
        }
        Optional<String> next =
                end < total ? Optional.of(markers.issue(fingerprint, Integer.toString(end))) : Optional.empty();
        return new SimulationResults(page, next);
    }

    private int start(String fingerprint, Optional<String> marker, int total) {
        Optional<String> position;
        try {
            position = markers.open(fingerprint, marker);
        } catch (ServiceException e) {
            throw SimulationChecks.invalidInput("Marker is not one this simulation returned for the same members.");
        }
        if (position.isEmpty()) {
            return 0;
        }
        int start = Integer.parseInt(position.get());
        if (start <= 0 || start >= total) {
            throw SimulationChecks.invalidInput("Marker is not one this simulation returned for the same members.");
        }
        return start;
    }

    private static String fingerprint(Caller requester, SimulationRequest request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((requester.principalArn() + "\n").getBytes(StandardCharsets.UTF_8));
            return "simulation:"
                    + HexFormat.of()
                            .formatHex(sha256.digest(request.fingerprint().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** One simulation's fixed parts, evaluated per action and resource. */
    private static final class Simulation {
        private final CallerPrincipal principal;
        private final boolean knownCaller;
        private final Map<String, Source> byName = new HashMap<>();
        private final PolicySet policies;
        private final Optional<String> owner;
        private final Map<String, List<String>> context;

        Simulation(
                CallerPrincipal principal,
                boolean knownCaller,
                List<Source> identity,
                Optional<Source> resource,
                Optional<Source> boundary,
                Optional<String> owner,
                Map<String, List<String>> context) {
            this.principal = principal;
            this.knownCaller = knownCaller;
            this.owner = owner;
            this.context = context;
            List<AttachedPolicy> attached = new ArrayList<>();
            for (Source source : identity) {
                attached.add(attach(source));
            }
            this.policies = new PolicySet(attached, resource.map(this::attach), boundary.map(this::attach));
        }

        private AttachedPolicy attach(Source source) {
            String name = "#" + byName.size();
            byName.put(name, source);
            return new AttachedPolicy(name, source.policy());
        }

        SimulationResults.Evaluation evaluate(String action, String resource) {
            String resourceAccount = resourceAccount(resource);
            RequestContext.Builder builder =
                    RequestContext.builder(principal, action, resource).resourceAccount(resourceAccount);
            if (!knownCaller) {
                for (String key : UNKNOWN_CALLER_KEYS) {
                    if (context.keySet().stream().noneMatch(key::equalsIgnoreCase)) {
                        builder.key(key, List.of());
                    }
                }
            }
            context.forEach(builder::key);
            Explanation explanation = PolicyEvaluator.explain(policies, builder.build());
            Decision decision = explanation.decision();
            List<SimulationResults.Matched> matched = new ArrayList<>();
            for (MatchedStatement statement : decision.matched()) {
                Source source = byName.get(statement.policyName());
                matched.add(new SimulationResults.Matched(
                        source.sourceId(), source.sourceType(), source.policy().span(statement.index())));
            }
            Optional<Map<String, Decision.Outcome>> details = Optional.empty();
            if (!resource.equals("*")) {
                Map<String, Decision.Outcome> map = new LinkedHashMap<>();
                if (!resourceAccount.equals(principal.account())) {
                    map.put("IAM Policy", explanation.byType().get(PolicyType.IDENTITY));
                    map.put(
                            "Resource Policy",
                            explanation.byType().getOrDefault(PolicyType.RESOURCE, Decision.Outcome.IMPLICIT_DENY));
                }
                details = Optional.of(map);
            }
            Optional<Boolean> boundary = Optional.ofNullable(
                            explanation.byType().get(PolicyType.PERMISSIONS_BOUNDARY))
                    .map(outcome -> outcome == Decision.Outcome.ALLOWED);
            return new SimulationResults.Evaluation(
                    decision.outcome(), matched, explanation.missingContextKeys(), details, boundary);
        }

        /** The account in the resource's ARN, else ResourceOwner, else the caller's. */
        private String resourceAccount(String resource) {
            String[] parts = resource.split(":", 6);
            if (parts.length == 6 && parts[4].matches("\\d{12}")) {
                return parts[4];
            }
            return owner.orElse(principal.account());
        }
    }

    /** The model's "required" members, in IAM's words. */
    private static final class ServiceExceptions {
        static ServiceException missing(String member) {
            return new ServiceException(
                    "ValidationError",
                    400,
                    "1 validation error detected: Value null at '" + member
                            + "' failed to satisfy constraint: Member must not be null");
        }
    }
}
