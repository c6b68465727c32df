package dev.signet.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * signet-cli depends on signet-core (and its own small client and HTTP pieces), never on the
 * server's internals: only {@code dev.signet.cli.server}, the {@code signet server} command, uses
 * signet-server (docs/architecture.md, "Layering"). The SigV4 code both sides share lives in
 * signet-core ({@code dev.signet.core.sigv4}).
 */
@AnalyzeClasses(packages = "dev.signet.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ServerDependencyTest {
    @ArchTest
    static final ArchRule onlyTheServerCommandUsesTheServer = noClasses()
            .that()
            .resideInAPackage("dev.signet.cli..")
            .and()
            .resideOutsideOfPackage("dev.signet.cli.server..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.signet.server..")
            .because("client commands and offline verification need signet-core alone; the SigV4 both sides"
                    + " share is in dev.signet.core.sigv4");
}
