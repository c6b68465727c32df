package dev.signet.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.signet.core.crypto.CryptoProviders;
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

    /**
     * The packages whose tests the BouncyCastle execution of signet-core's pom leaves out (their
     * results cannot depend on the JCA provider): they never reach {@link CryptoProviders}, even
     * through another class. A package that starts to belongs in that execution again: remove it from
     * the execution's excludes and from here.
     */
    @ArchTest
    static final ArchRule providerFreePackages = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.signet.core",
                    "dev.signet.core.files..",
                    "dev.signet.core.platform..",
                    "dev.signet.core.policy..",
                    "dev.signet.core.sigv4..")
            .should()
            .transitivelyDependOnClassesThat()
            .belongToAnyOf(CryptoProviders.class)
            .because("signet-core's pom runs these packages' tests on one provider only (the bouncycastle"
                    + " execution excludes them)");
}
