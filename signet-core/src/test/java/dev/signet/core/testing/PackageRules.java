package dev.signet.core.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * ArchUnit rules every module's {@code ArchitectureTest} applies to its own compiled classes.
 * Shared through signet-core's test-jar.
 */
public final class PackageRules {
    private PackageRules() {}

    /**
     * No package under {@code root} (the root package included) depends, directly or through other
     * packages, on a package that depends back on it. Every package is its own slice, so a cycle
     * between a package and its sub-package counts as much as one between siblings.
     */
    public static ArchRule noPackageCycles(String root) {
        return slices().assignedFrom(new EveryPackage(root))
                .should()
                .beFreeOfCycles()
                .because("dependencies between packages point one way (docs/architecture.md, \"Layering\")");
    }

    /**
     * The compiled main classes of the module whose test asks: Maven's {@code target/classes} beside
     * the test's own {@code target/test-classes}. Importing that one directory, rather than scanning
     * the class path for a package, keeps other modules and libraries out and the import fast.
     */
    public static final class MainClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            try {
                Path tests = Path.of(testClass
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
                Path main = tests.resolveSibling("classes");
                if (!Files.isDirectory(main)) {
                    throw new IllegalStateException("no compiled main classes at " + main);
                }
                return Set.of(Location.of(main));
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate the classes of " + testClass, e);
            }
        }
    }

    /** Each package under {@code root} as one slice; classes elsewhere ignored. */
    private record EveryPackage(String root) implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String p = javaClass.getPackageName();
            return p.equals(root) || p.startsWith(root + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "every package in " + root;
        }
    }
}
