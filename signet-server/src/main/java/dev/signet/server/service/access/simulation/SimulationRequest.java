package dev.signet.server.service.access.simulation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The members of a SimulatePrincipalPolicy or SimulateCustomPolicy request as the client sent them,
 * not yet checked ({@link PolicySimulator} checks them against the IAM model and refuses what
 * breaks it). Lists are in member order.
 *
 * @param policySourceArn SimulatePrincipalPolicy's user, group or role; empty for SimulateCustomPolicy
 * @param resourceArns empty: {@code *}
 */
public record SimulationRequest(
        Optional<String> policySourceArn,
        List<String> policyInputs,
        List<String> boundaryInputs,
        List<String> actionNames,
        List<String> resourceArns,
        Optional<String> resourcePolicy,
        Optional<String> resourceOwner,
        Optional<String> callerArn,
        List<ContextEntry> contextEntries,
        Optional<String> resourceHandlingOption,
        Optional<Integer> maxItems,
        Optional<String> marker) {

    /** One ContextEntries member: a condition key, its type and values, each as sent. */
    public record ContextEntry(Optional<String> name, List<String> values, Optional<String> type) {
        public ContextEntry {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
            Objects.requireNonNull(type, "type");
        }
    }

    public SimulationRequest {
        Objects.requireNonNull(policySourceArn, "policySourceArn");
        policyInputs = List.copyOf(policyInputs);
        boundaryInputs = List.copyOf(boundaryInputs);
        actionNames = List.copyOf(actionNames);
        resourceArns = List.copyOf(resourceArns);
        Objects.requireNonNull(resourcePolicy, "resourcePolicy");
        Objects.requireNonNull(resourceOwner, "resourceOwner");
        Objects.requireNonNull(callerArn, "callerArn");
        contextEntries = List.copyOf(contextEntries);
        Objects.requireNonNull(resourceHandlingOption, "resourceHandlingOption");
        Objects.requireNonNull(maxItems, "maxItems");
        Objects.requireNonNull(marker, "marker");
    }

    /** What a page's marker is bound to: every member but MaxItems and Marker. */
    String fingerprint() {
        return new SimulationRequest(
                        policySourceArn,
                        policyInputs,
                        boundaryInputs,
                        actionNames,
                        resourceArns,
                        resourcePolicy,
                        resourceOwner,
                        callerArn,
                        contextEntries,
                        resourceHandlingOption,
                        Optional.empty(),
                        Optional.empty())
                .toString();
    }
}
