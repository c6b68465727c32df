package dev.signet.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the table of {@link PolicyCases}: expectations written from AWS's documentation. */
class PolicyTableTest {
    static List<PolicyCases.Case> cases() {
        return PolicyCases.load();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsAwsDocuments(PolicyCases.Case c) {
        RequestContext context = PolicyCases.context(c.request());
        Decision decision = PolicyEvaluator.evaluate(c.policies(), context);
        JsonNode expect = c.expect();
        assertThat(decision.outcome().awsName())
                .as("outcome of %s (source %s)", c, c.source())
                .isEqualTo(expect.get("expect").asText());
        if (expect.has("deciding")) {
            assertThat(decision.deciding().map(Enum::name))
                    .as("deciding policy type")
                    .contains(expect.get("deciding").asText());
        }
        if (expect.has("statements")) {
            List<String> sids = new ArrayList<>();
            expect.get("statements").forEach(s -> sids.add(s.asText()));
            assertThat(decision.matched().stream()
                            .map(m -> m.sid().orElse("#" + m.index()))
                            .toList())
                    .as("matched statements")
                    .containsExactlyInAnyOrderElementsOf(sids);
        }
        if (expect.has("message")) {
            assertThat(decision.accessDeniedMessage(context))
                    .isEqualTo(expect.get("message").asText());
        }
    }

    @Test
    void tableHasAtLeast300CasesEachWithAnAwsSource() {
        List<PolicyCases.Case> all = cases();
        assertThat(all).hasSizeGreaterThanOrEqualTo(300);
        assertThat(all)
                .allSatisfy(
                        c -> assertThat(c.source()).as("source of %s", c).startsWith("https://docs.aws.amazon.com/"));
        assertThat(all.stream().map(PolicyCases.Case::toString).distinct().count())
                .as("case names are unique")
                .isEqualTo(all.size());
        Map<String, Long> perFile = new TreeMap<>(
                all.stream().collect(Collectors.groupingBy(PolicyCases.Case::file, Collectors.counting())));
        System.out.println("policy table: " + all.size() + " cases " + perFile);
    }
}
