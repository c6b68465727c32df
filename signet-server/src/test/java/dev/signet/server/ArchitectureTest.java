package dev.signet.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.signet.core.testing.PackageRules;
import java.util.Set;

/**
 * signet-server's layering, checked on its compiled main classes (docs/architecture.md,
 * "Layering"): {@code http -> service -> (ports the services own) <- store, objects}, with the
 * root package ({@link SignetServer}, {@link ServerAssembly}) the only place that wires them, and no
 * package cycle anywhere.
 */
@AnalyzeClasses(locations = PackageRules.MainClasses.class)
class ArchitectureTest {
    private static final String ROOT = "dev.signet.server";
    private static final String HTTP = "dev.signet.server.http..";
    private static final String SERVICE = "dev.signet.server.service..";
    private static final String STORE = "dev.signet.server.store..";
    private static final String OBJECTS = "dev.signet.server.objects..";
    private static final String OBJECTS_INDEX = "dev.signet.server.objects.index..";
    private static final String OBJECTS_FILESYSTEM = "dev.signet.server.objects.filesystem..";
    private static final String OBJECTS_S3 = "dev.signet.server.objects.s3..";

    @ArchTest
    static final ArchRule noPackageCycles = PackageRules.noPackageCycles(ROOT);

    @ArchTest
    static final ArchRule onlyTheRootWires = noClasses()
            .that()
            .resideInAPackage("dev.signet.server.*..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROOT)
            .because("the root package builds the server (ServerAssembly); nothing it builds reaches back");

    @ArchTest
    static final ArchRule httpCallsServices = noClasses()
            .that()
            .resideInAPackage(HTTP)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(STORE, OBJECTS_INDEX, OBJECTS_FILESYSTEM, OBJECTS_S3)
            .because("HTTP handlers decode, call a service (or the ObjectStore port) and encode");

    @ArchTest
    static final ArchRule servicesOwnTheirPorts = noClasses()
            .that()
            .resideInAPackage(SERVICE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(HTTP, STORE, OBJECTS_INDEX, OBJECTS_FILESYSTEM, OBJECTS_S3)
            .because("use cases define the repositories they need; store/ and objects/ implement them");

    @ArchTest
    static final ArchRule storageKnowsNoProtocol = noClasses()
            .that()
            .resideInAnyPackage(STORE, OBJECTS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(HTTP)
            .because("storage is reached through ports; it never sees a request");

    @ArchTest
    static final ArchRule objectStoreIsBelowTheServices = noClasses()
            .that()
            .resideInAPackage(OBJECTS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SERVICE)
            .because("the object store is a port the services and the S3 API both use");

    @ArchTest
    static final ArchRule routesReceiveServices = noClasses()
            .that()
            .resideInAPackage(HTTP)
            .should()
            .callConstructorWhere(new ConstructsAService())
            .because("route classes receive their services from ServerAssembly; they never build them");

    @ArchTest
    static final ArchRule routesOpenNoKeyMaterial = noClasses()
            .that()
            .resideInAPackage(HTTP)
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.signet.core.crypto.MasterKey")
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("dev.signet.core.crypto.software..")
            .orShould()
            .callMethodWhere(new OpensKeyMaterial())
            .because("key material is opened once, by ServerAssembly");

    @ArchTest
    static final ArchRule routesStartNoThreads = noClasses()
            .that()
            .resideInAPackage(HTTP)
            .and()
            .doNotHaveFullyQualifiedName("dev.signet.server.http.HttpServer")
            .and()
            .doNotHaveFullyQualifiedName("dev.signet.server.http.LoopbackName")
            .should()
            .callConstructorWhere(new StartsThreads.Construction())
            .orShould()
            .callMethodWhere(new StartsThreads.Call())
            .because("background work (job runner, upload sweeper) is started and stopped by ServerAssembly;"
                    + " only the HTTP server itself and the bounded start-up name lookup run threads here");

    /**
     * A constructor call that builds a service object: a class of {@code service/} that is neither a
     * record (requests, results, callers) nor an exception.
     */
    private static final class ConstructsAService extends DescribedPredicate<JavaConstructorCall> {
        ConstructsAService() {
            super("a constructor of a service class (not a record or an exception)");
        }

        @Override
        public boolean test(JavaConstructorCall call) {
            JavaClass target = call.getTargetOwner();
            return target.getPackageName().startsWith(ROOT + ".service") && !target.isRecord() && !isThrowable(target);
        }

        /** By the names of its superclasses, which are known even when the JDK's classes are not imported. */
        private static boolean isThrowable(JavaClass type) {
            return type.getAllRawSuperclasses().stream()
                    .anyMatch(c -> c.getName().equals("java.lang.Throwable")
                            || c.getName().equals("java.lang.Exception")
                            || c.getName().equals("java.lang.RuntimeException"));
        }
    }

    /** Ways to start a thread or a pool, by name: the JDK's classes are not imported. */
    private static final class StartsThreads {
        private static final Set<String> THREAD_TYPES = Set.of(
                "java.lang.Thread",
                "java.util.Timer",
                "java.util.concurrent.ThreadPoolExecutor",
                "java.util.concurrent.ScheduledThreadPoolExecutor",
                "java.util.concurrent.ForkJoinPool");

        /** {@code new Thread(...)}, {@code new ThreadPoolExecutor(...)}, ... */
        static final class Construction extends DescribedPredicate<JavaConstructorCall> {
            Construction() {
                super("a constructor of a thread, timer or thread pool");
            }

            @Override
            public boolean test(JavaConstructorCall call) {
                JavaClass target = call.getTargetOwner();
                return THREAD_TYPES.contains(target.getName())
                        || target.getAllRawSuperclasses().stream().anyMatch(c -> THREAD_TYPES.contains(c.getName()));
            }
        }

        /** {@code Executors.*}, {@code Thread.start/ofVirtual/ofPlatform/startVirtualThread}, {@code *Async}. */
        static final class Call extends DescribedPredicate<JavaMethodCall> {
            Call() {
                super("a method that starts a thread or a pool");
            }

            @Override
            public boolean test(JavaMethodCall call) {
                String owner = call.getTargetOwner().getName();
                String name = call.getName();
                return owner.equals("java.util.concurrent.Executors")
                        || (owner.equals("java.lang.Thread")
                                && Set.of("start", "ofVirtual", "ofPlatform", "startVirtualThread")
                                        .contains(name))
                        || (owner.equals("java.util.concurrent.CompletableFuture") && name.endsWith("Async"));
            }
        }
    }

    /** A call that opens or creates stored keys: the CA's, the TSA's, the master key, secrets. */
    private static final class OpensKeyMaterial extends DescribedPredicate<JavaMethodCall> {
        OpensKeyMaterial() {
            super("a method that opens key material (openOrCreate, loadOrCreate)");
        }

        @Override
        public boolean test(JavaMethodCall call) {
            return call.getName().equals("openOrCreate") || call.getName().equals("loadOrCreate");
        }
    }
}
