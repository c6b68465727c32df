package dev.signet.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.signet.core.testing.PackageRules;
import java.util.Set;

/**
 * signet-cli's layering, checked on its compiled main classes (docs/architecture.md, "Layering").
 * The command packages ({@code client}, {@code verify}, {@code sign}, ...) form no cycle; the root
 * package ({@code Main}, {@code SignetCommand}, {@code GlobalOptions} beside the shared {@code
 * CliException}, {@code ExitCode}, {@code CliContext}) still depends on the commands it lists and
 * they on it, so it is left out of the cycle rule until the command-line grammar is defined once
 * (issue 14). {@code signet server} starts the server through its public entry point only.
 */
@AnalyzeClasses(locations = PackageRules.MainClasses.class)
class ArchitectureTest {
    /** What {@code dev.signet.cli.server} may use of signet-server: its entry point and settings. */
    private static final Set<String> SERVER_ENTRY_POINT = Set.of(
            "dev.signet.server.SignetServer",
            "dev.signet.server.ServerConfig",
            "dev.signet.server.SignetServerException",
            // signet admin rotate-master-key's result
            "dev.signet.server.SignetServer$MasterKeyRotated",
            // signet admin backup's and restore's results
            "dev.signet.server.SignetServer$BackupWritten",
            "dev.signet.server.SignetServer$Restored",
            // the JVM flags the launcher starts the server with
            "dev.signet.server.ServerJvm",
            // the values ServerConfig is made of, which the configuration model (cli.server.config) fills in
            "dev.signet.server.Deployment",
            "dev.signet.server.ClusterTimings",
            "dev.signet.server.KeySettings",
            "dev.signet.server.tls.TlsConfig",
            "dev.signet.server.store.DatabaseSettings",
            "dev.signet.server.objects.ObjectStoreSettings",
            "dev.signet.server.objects.ObjectStoreSettings$Type",
            // the endpoint host the server announces (signet.localhost where it resolves to loopback)
            "dev.signet.server.http.LoopbackName");

    @ArchTest
    static final ArchRule noCyclesBetweenCommandPackages = slices().matching("dev.signet.cli.(*)..")
            .should()
            .beFreeOfCycles()
            .because("dependencies between packages point one way");

    @ArchTest
    static final ArchRule serverCommandUsesTheEntryPointOnly = noClasses()
            .that()
            .resideInAPackage("dev.signet.cli.server..")
            .should()
            .dependOnClassesThat(new ServerInternals())
            .because("the server is built by its composition root from a ServerConfig, never by the CLI");

    /** A class of signet-server other than its public entry point. */
    private static final class ServerInternals extends DescribedPredicate<JavaClass> {
        ServerInternals() {
            super("signet-server classes other than " + SERVER_ENTRY_POINT);
        }

        @Override
        public boolean test(JavaClass type) {
            return type.getPackageName().startsWith("dev.signet.server")
                    && !SERVER_ENTRY_POINT.contains(type.getName());
        }
    }
}
