package dev.signet.cli.testing;

import java.util.Optional;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Keeps the {@code *IT} classes to failsafe and the others to surefire even when {@code -Dtest}
 * names both kinds ({@code -Dtest} overrides both plugins' includes, signet-parent's pom): an
 * {@code *IT} runs the shaded {@code signet.jar}, which only failsafe's integration-test phase,
 * after {@code package}, is given, and a unit test run there too would run twice. Each plugin's
 * configuration in signet-cli's pom sets {@value #PROPERTY} ({@code unit} or {@code integration});
 * without it nothing is filtered. Registered through {@code META-INF/services}.
 */
public final class IntegrationTestsInFailsafe implements PostDiscoveryFilter {
    static final String PROPERTY = "signet.test.phase";

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        String phase = System.getProperty(PROPERTY, "");
        Optional<String> className = descriptor.getSource().flatMap(IntegrationTestsInFailsafe::className);
        if (className.isEmpty() || !(phase.equals("unit") || phase.equals("integration"))) {
            return FilterResult.included("no test class, or no phase");
        }
        boolean integration = isIntegrationTest(className.get());
        if (integration == phase.equals("integration")) {
            return FilterResult.included("runs in the " + phase + " phase");
        }
        return FilterResult.excluded(
                className.get() + (integration ? " is an *IT: failsafe runs it" : " is no *IT: surefire runs it"));
    }

    private static Optional<String> className(TestSource source) {
        if (source instanceof ClassSource c) {
            return Optional.of(c.getClassName());
        }
        if (source instanceof MethodSource m) {
            return Optional.of(m.getClassName());
        }
        return Optional.empty();
    }

    /** A top-level class (or one nested in it) whose simple name ends in {@code IT}. */
    static boolean isIntegrationTest(String className) {
        int nested = className.indexOf('$');
        String topLevel = nested < 0 ? className : className.substring(0, nested);
        return topLevel.substring(topLevel.lastIndexOf('.') + 1).endsWith("IT");
    }
}
