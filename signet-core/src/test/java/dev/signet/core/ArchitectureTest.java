package dev.signet.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.signet.core.testing.PackageRules;

/**
 * signet-core's layering, checked on its compiled main classes: a pure library whose
 * packages form no cycle and which knows nothing of the server, the CLI or the benchmarks.
 */
@AnalyzeClasses(locations = PackageRules.MainClasses.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = PackageRules.noPackageCycles("dev.signet.core");

    @ArchTest
    static final ArchRule coreStandsAlone = noClasses()
            .that()
            .resideInAPackage("dev.signet.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.signet.server..", "dev.signet.cli..", "dev.signet.bench..")
            .because("signet-core is the library the server and the CLI are built on, never the other way");
}
