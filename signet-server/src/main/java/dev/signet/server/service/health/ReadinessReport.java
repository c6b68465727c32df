package dev.signet.server.service.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one readiness check: each part's state, in the order the parts were registered.
 *
 * @param parts part name to {@link State}
 */
public record ReadinessReport(Map<String, State> parts) {
    /** A part's state. */
    public enum State {
        OK("ok"),
        /** Its probe threw. */
        FAILING("failing"),
        /** Its probe did not answer within the bound. */
        TIMEOUT("timeout");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public ReadinessReport {
        parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** True when every part is OK. */
    public boolean ready() {
        return parts.values().stream().allMatch(s -> s == State.OK);
    }

    /** The parts that are not OK, in order. */
    public List<String> failing() {
        return parts.entrySet().stream()
                .filter(e -> e.getValue() != State.OK)
                .map(Map.Entry::getKey)
                .toList();
    }
}
