package dev.signet.server;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.DirectoryKeyMaterialStore;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendRouter;
import dev.signet.core.crypto.KeyMaterialStore;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.policy.PolicyCache;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.core.tsa.TimestampAuthority;
import dev.signet.server.backup.NodeBackup;
import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.Dispatcher;
import dev.signet.server.http.MetricsRoute;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.NativeRoutes;
import dev.signet.server.http.OpenPgpKeyRoute;
import dev.signet.server.http.ReadyRoute;
import dev.signet.server.http.account.AccountRoutes;
import dev.signet.server.http.approval.ApprovalRoutes;
import dev.signet.server.http.auth.AccessKeyLookup;
import dev.signet.server.http.auth.SigV4Verifier;
import dev.signet.server.http.ca.CaRenewalRoute;
import dev.signet.server.http.ca.CaStatusRoute;
import dev.signet.server.http.certificate.CertificateRoutes;
import dev.signet.server.http.iam.IamRoutes;
import dev.signet.server.http.lambda.LambdaRoutes;
import dev.signet.server.http.profile.ProfileRoutes;
import dev.signet.server.http.revocation.CrlRoute;
import dev.signet.server.http.revocation.RevocationListRoute;
import dev.signet.server.http.revocation.TrustBundleRoutes;
import dev.signet.server.http.s3.S3Routes;
import dev.signet.server.http.signer.SignerRoutes;
import dev.signet.server.http.sts.StsRoutes;
import dev.signet.server.http.verify.VerifyRoutes;
import dev.signet.server.metrics.MeteredKeyBackend;
import dev.signet.server.metrics.PoolUse;
import dev.signet.server.metrics.SignetMetrics;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreSettings;
import dev.signet.server.objects.UploadSweeper;
import dev.signet.server.objects.filesystem.FilesystemObjectStore;
import dev.signet.server.objects.index.IndexedObjectStore;
import dev.signet.server.objects.s3.S3ObjectSettings;
import dev.signet.server.objects.s3.S3ObjectStore;
import dev.signet.server.oidc.HttpIssuerDocuments;
import dev.signet.server.service.Arns;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.SharedSecrets;
import dev.signet.server.service.access.Authorizer;
import dev.signet.server.service.access.BucketOwners;
import dev.signet.server.service.access.IdentityPolicies;
import dev.signet.server.service.access.PolicyAuthorizer;
import dev.signet.server.service.access.simulation.PolicySimulator;
import dev.signet.server.service.account.AccountService;
import dev.signet.server.service.approval.ApprovalPolicyService;
import dev.signet.server.service.approval.ApprovalService;
import dev.signet.server.service.approval.ApprovalSweeper;
import dev.signet.server.service.ca.CaReloader;
import dev.signet.server.service.ca.CaRenewalService;
import dev.signet.server.service.ca.CaStatusService;
import dev.signet.server.service.ca.CertificateExpiry;
import dev.signet.server.service.certificate.CertificateService;
import dev.signet.server.service.csc.CodeSigningConfigService;
import dev.signet.server.service.health.Probes;
import dev.signet.server.service.health.Readiness;
import dev.signet.server.service.iam.IamAccessKeyService;
import dev.signet.server.service.iam.IamGroupService;
import dev.signet.server.service.iam.IamRoleService;
import dev.signet.server.service.iam.IamUserService;
import dev.signet.server.service.iam.InlinePolicyService;
import dev.signet.server.service.iam.ManagedPolicyService;
import dev.signet.server.service.iam.PolicyDocumentCheck;
import dev.signet.server.service.job.JobExecutor;
import dev.signet.server.service.job.JobRunner;
import dev.signet.server.service.job.PayloadSigningService;
import dev.signet.server.service.job.SigningJobService;
import dev.signet.server.service.oidc.IssuerKeys;
import dev.signet.server.service.oidc.OidcProviderService;
import dev.signet.server.service.oidc.WebIdentityTokens;
import dev.signet.server.service.permission.ProfilePermissionService;
import dev.signet.server.service.permission.ProfileResourcePolicies;
import dev.signet.server.service.platform.SigningPlatformService;
import dev.signet.server.service.principals.AccessKeyUseRecorder;
import dev.signet.server.service.principals.AccessKeys;
import dev.signet.server.service.principals.IssuedAccessKey;
import dev.signet.server.service.profile.ExternalCertificateService;
import dev.signet.server.service.profile.OpenPgpPublicKeys;
import dev.signet.server.service.profile.ProfileKeyIssuer;
import dev.signet.server.service.profile.ProfileTagService;
import dev.signet.server.service.profile.SigningProfileService;
import dev.signet.server.service.revocation.CertificateRevocationLists;
import dev.signet.server.service.revocation.RevocationService;
import dev.signet.server.service.revocation.TrustSnapshots;
import dev.signet.server.service.sts.CallerPolicies;
import dev.signet.server.service.sts.StsDecidedActions;
import dev.signet.server.service.sts.StsService;
import dev.signet.server.service.sts.TemporaryCredentials;
import dev.signet.server.service.sts.WebIdentityFederation;
import dev.signet.server.store.Database;
import dev.signet.server.store.DatabaseSettings;
import dev.signet.server.store.JdbcPrincipalRepository;
import dev.signet.server.store.JdbiAccountRepository;
import dev.signet.server.store.JdbiIamGroupRepository;
import dev.signet.server.store.JdbiIamRoleRepository;
import dev.signet.server.store.JdbiIamUserRepository;
import dev.signet.server.store.JdbiInlinePolicyRepository;
import dev.signet.server.store.JdbiKeyMaterialStore;
import dev.signet.server.store.JdbiManagedPolicyRepository;
import dev.signet.server.store.JdbiOidcProviderRepository;
import dev.signet.server.store.JdbiSessionRepository;
import dev.signet.server.store.JdbiSharedSecrets;
import dev.signet.server.store.MasterKeyRotation;
import dev.signet.server.store.certificate.JdbiCertificateRepository;
import dev.signet.server.store.csc.JdbiCodeSigningConfigRepository;
import dev.signet.server.store.signer.JdbiApprovalRepository;
import dev.signet.server.store.signer.JdbiJobRepository;
import dev.signet.server.store.signer.JdbiPermissionRepository;
import dev.signet.server.store.signer.JdbiProfileRepository;
import dev.signet.server.store.signer.JdbiProfileRevocationRepository;
import dev.signet.server.store.signer.JdbiTrustRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that builds a server's parts from its {@link ServerConfig},
 * in dependency order, top to bottom: key material, storage, repositories, services, background
 * workers, route sets and the dispatcher over them. Everything else receives what it uses; route
 * classes never construct services, open key material or start threads.
 *
 * <p>Each long-lived resource (the database, the object store, the key backend, the CA, the
 * time-stamp authority, the job runner, the upload sweeper) is created once here and owned by the
 * assembly, which {@link #close closes} what needs closing in the reverse order of creation. If
 * building fails half-way, what was already opened is closed before the failure is thrown.
 */
public final class ServerAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerAssembly.class);
    /** How often job workers ask the database for jobs nobody runs. */
    private static final Duration JOB_POLL_INTERVAL = Duration.ofMillis(500);
    /** How often jobs waiting for approvals past their window, or on a stopped profile, are failed. */
    private static final Duration APPROVAL_SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private Database database;
    private ObjectStore objects;
    private CertificateAuthority ca;
    private TimestampAuthority tsa;
    private Apis apis;
    private Dispatcher dispatcher;
    private SignetMetrics metrics;

    /** The AWS-protocol APIs one endpoint serves, by SigV4 service name. */
    public record Apis(
            SignerRoutes signer, S3Routes s3, LambdaRoutes lambda, IamRoutes iam, StsRoutes sts, NativeApi nativeApi) {
        /** Every API: what {@code signet server} serves. */
        public List<AwsProtocolService> all() {
            return List.of(signer, s3, lambda, iam, sts, nativeApi);
        }
    }

    private ServerAssembly() {}

    /**
     * Builds a server from {@code config}, serving the APIs {@code served} picks ({@link Apis#all}
     * outside tests).
     *
     * @throws SignetServerException when the data directory cannot be prepared or a part cannot start
     */
    static ServerAssembly open(ServerConfig config, Function<Apis, List<AwsProtocolService>> served) {
        ServerAssembly assembly = new ServerAssembly();
        try {
            assembly.build(config, served);
            return assembly;
        } catch (IOException | RuntimeException e) {
            assembly.close();
            if (e instanceof SignetServerException se) {
                throw se;
            }
            throw new SignetServerException("Cannot start Signet: " + e.getMessage(), e);
        }
    }

    private void build(ServerConfig config, Function<Apis, List<AwsProtocolService>> served) throws IOException {
        Path dir = config.dataDir().toAbsolutePath();
        Clock clock = config.clock();
        Arns arns = new Arns(
                Arns.defaults().partition(),
                config.deployment().region(),
                config.deployment().accountId());
        PlatformRegistry platforms = PlatformRegistry.builtIn();
        metrics = SignetMetrics.create().withJvmMetrics();

        // the master key seals every software key and secret; it stays a file every node is given
        MasterKey masterKey;
        try {
            DataDirectory.prepare(dir);
            Path masterKeyFile = masterKeyFile(config, dir);
            MasterKeyRotation.requireNone(masterKeyFile);
            masterKey = MasterKey.loadOrCreate(masterKeyFile);
        } catch (SignetServerException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SignetServerException("Cannot prepare the data directory " + dir + ": " + e.getMessage(), e);
        }

        // storage
        database = own(openDatabase(config.deployment().database(), dir));
        objects = own(openObjects(config, database, dir, clock));

        // key material: on SQLite (one node) the data directory's keys/, ca/ and tsa/ files, as
        // always; on PostgreSQL the shared database, so every node opens the same CA and keys. The
        // first node to start creates the CA, the TSA and the admin under the bootstrap lock.
        KeyMaterialStore material = database.dialect() == Database.Dialect.SQLITE
                ? new DirectoryKeyMaterialStore(dir)
                : new JdbiKeyMaterialStore(database, clock);
        KeyBackendRouter backends =
                KeyBackends.open(new SoftwareKeyBackend(masterKey, material.folder("keys")), config.keys());
        // the CA, the TSA and imported keys stay in software; profile keys go where keys.new-profile-keys says
        KeyBackend keys = new MeteredKeyBackend(backends, metrics);
        // the CA's and the TSA's new keys (first start, renewal) go where keys.new-ca-keys says
        KeyBackend caKeys =
                new MeteredKeyBackend(backends.generatingIn(config.keys().newCaKeys()), metrics);
        KeyBackend profileKeys =
                new MeteredKeyBackend(backends.generatingIn(config.keys().newProfileKeys()), metrics);
        var principals = new JdbcPrincipalRepository(database);
        AccessKeys accessKeys = new AccessKeys(
                principals, masterKey, arns, clock, config.cluster().cacheStaleness());
        // the account registry: the configured (bootstrap) account is in it from the first start
        var accountService = new AccountService(
                new JdbiAccountRepository(database), accessKeys, arns.partition(), arns.accountId(), clock);
        try {
            database.exclusively(Database.ClusterLock.BOOTSTRAP, () -> {
                ca = CertificateAuthority.openOrCreate(material.folder("ca"), caKeys, "Signet");
                tsa = TimestampAuthority.openOrCreate(material.folder("tsa"), caKeys, ca, clock);
                bootstrapCredentials(dir, accessKeys, arns);
                accountService.registerBootstrap();
                return null;
            });
        } catch (RuntimeException e) {
            throw new SignetServerException(
                    "Cannot open the key material in " + material.describe() + ": " + e.getMessage(), e);
        }

        // repositories (store/) behind the ports the services own
        var profileRepository = new JdbiProfileRepository(database);
        var jobRepository = new JdbiJobRepository(database, metrics::commitBatch);
        var permissionRepository = new JdbiPermissionRepository(database);
        var profileRevocations = new JdbiProfileRevocationRepository(database);
        var trustRecords = new JdbiTrustRecords(database);
        var certificateRepository = new JdbiCertificateRepository(database);
        var cscRepository = new JdbiCodeSigningConfigRepository(database);
        SharedSecrets secrets = new JdbiSharedSecrets(database);
        if (database.dialect() == Database.Dialect.SQLITE) {
            // the embedded database has one node: every lease left behind belongs to a dead process
            jobRepository.releaseAllLeases();
        }

        // services
        var pageTokens = new PageTokens(secrets.secret("page-token-key"));
        // a native put or import may name the backend of a key: each generates and imports there, uses any key
        Map<String, KeyBackend> profileKeyBackends = new java.util.TreeMap<>();
        for (String name : backends.names()) {
            profileKeyBackends.put(name, new MeteredKeyBackend(backends.generatingIn(name), metrics));
        }
        var certificates = new CertificateService(
                certificateRepository, keys, profileKeyBackends, arns.partition(), arns.region(), clock);
        var issuer =
                new ProfileKeyIssuer(profileKeys, profileKeyBackends, ca, Optional.of(certificates), config.crlUrl());
        var profiles = new SigningProfileService(
                profileRepository,
                platforms,
                issuer,
                arns,
                pageTokens,
                clock,
                config.cluster().cacheStaleness());
        var executor = new JobExecutor(
                profileRepository,
                issuer,
                platforms,
                objects,
                arns,
                DataDirectory.emptyWorkDirectory(dir, "signer-jobs"),
                clock,
                Optional.of(tsa),
                metrics);
        var runner = own(new JobRunner(
                jobRepository,
                executor,
                clock,
                2,
                32,
                JOB_POLL_INTERVAL,
                config.cluster().jobLease(),
                metrics));
        var iamGroupRepository = new JdbiIamGroupRepository(database, arns.partition());
        // approvals (n of m): a profile's policy gates StartSigningJob and refuses SignPayload
        var approvalRepository = new JdbiApprovalRepository(database);
        var approvalPolicies = new ApprovalPolicyService(
                approvalRepository, profiles, clock, config.cluster().cacheStaleness());
        var approvals = new ApprovalService(
                approvalRepository,
                approvalPolicies,
                jobRepository,
                profileRepository,
                iamGroupRepository,
                runner,
                clock);
        own(ApprovalSweeper.start(approvals, APPROVAL_SWEEP_INTERVAL));
        var jobs = new SigningJobService(jobRepository, profiles, runner, pageTokens, clock, approvals);
        var payloads = new PayloadSigningService(
                profiles, issuer, platforms, jobRepository, arns, clock, Optional.of(tsa), metrics, approvals);
        var trust = new TrustSnapshots(ca, tsa::chain, trustRecords, profileRevocations, platforms, arns, clock);
        var crls = new CertificateRevocationLists(ca, profileRevocations, profileRepository, clock);
        var revocations = new RevocationService(
                jobRepository, jobs, profileRepository, profiles, profileRevocations, arns, clock, () -> {
                    trust.invalidate();
                    crls.invalidate();
                });
        var iamRoleRepository = new JdbiIamRoleRepository(database, arns.partition());
        var temporaryCredentials = new TemporaryCredentials(
                new JdbiSessionRepository(database),
                principals,
                iamRoleRepository,
                masterKey,
                clock,
                config.cluster().cacheStaleness());
        var iamUserRepository = new JdbiIamUserRepository(database);
        var inlinePolicyRepository = new JdbiInlinePolicyRepository(database);
        var managedPolicyRepository = new JdbiManagedPolicyRepository(database);
        var iamUsers = new IamUserService(
                iamUserRepository,
                accessKeys,
                arns,
                new PageTokens(secrets.secret("iam-marker-key")),
                clock,
                temporaryCredentials::principalDeleted);
        var iamAccessKeys = new IamAccessKeyService(iamUsers, iamUserRepository, accessKeys);
        var iamGroups = new IamGroupService(iamGroupRepository, iamUsers, arns, clock);
        // the policy library's grammar check replaces the JSON check here
        PolicyDocumentCheck policyCheck = new PolicyDocumentCheck();
        var iamRoles = new IamRoleService(
                iamRoleRepository,
                policyCheck,
                arns,
                new PageTokens(secrets.secret("iam-role-marker-key")),
                clock,
                temporaryCredentials::principalDeleted);
        var inlinePolicies =
                new InlinePolicyService(inlinePolicyRepository, iamUsers, iamGroups, iamRoles, policyCheck);
        var managedPolicies = new ManagedPolicyService(
                managedPolicyRepository,
                iamUsers,
                iamGroups,
                iamRoles,
                policyCheck,
                arns,
                new PageTokens(secrets.secret("iam-policy-marker-key")),
                clock);
        var keyUse = new AccessKeyUseRecorder(principals, clock);
        // access control: policies compiled once per document text, principals' and profiles'
        // policies cached (dropped on every change on this node, re-read after the staleness bound)
        PolicyCache compiledPolicies = new PolicyCache(4_096);
        var identityPolicies = new IdentityPolicies(
                new IdentityPolicies.Sources(
                        iamUserRepository,
                        iamGroupRepository,
                        iamRoleRepository,
                        inlinePolicyRepository,
                        managedPolicyRepository),
                compiledPolicies,
                clock,
                config.cluster().cacheStaleness());
        // AssumeRole's identity-based side: the same policies the authorizer evaluates
        var sts = new StsService(
                temporaryCredentials, iamRoleRepository, principals, CallerPolicies.of(identityPolicies), clock);
        // AssumeRoleWithWebIdentity: tokens of the OIDC providers registered per account, verified
        // against their issuers' JWKS (read over HTTPS, cached); the trust policy decides
        var oidcProviders = new OidcProviderService(new JdbiOidcProviderRepository(database), arns.partition(), clock);
        var webIdentity = new WebIdentityFederation(
                temporaryCredentials,
                iamRoleRepository,
                new WebIdentityTokens(oidcProviders, new IssuerKeys(new HttpIssuerDocuments(), clock), clock),
                clock);
        var profilePolicies = new ProfileResourcePolicies(
                permissionRepository,
                jobId -> jobRepository
                        .find(jobId)
                        .map(job -> new ProfileResourcePolicies.JobProfile(job.jobOwner(), job.profileName())),
                compiledPolicies,
                arns,
                clock,
                config.cluster().cacheStaleness());
        var codeSigningConfigs = new CodeSigningConfigService(
                cscRepository, arns, new PageTokens(secrets.secret("lambda-marker-key")), clock);
        own(UploadSweeper.start(objects.multipart(), config.abandonedUploadAge(), clock));
        Map<String, Readiness.Probe> probes = new LinkedHashMap<>();
        probes.put("database", Probes.database(database.dataSource(), Readiness.BOUND));
        probes.put("objectStore", Probes.objectStore(objects));
        probes.put("keyBackend", Probes.keyBackend(keys));
        Readiness readiness = own(new Readiness(probes));
        metrics.jobs(() -> jobRepository.inProgress(clock.instant()), runner::claimed);
        metrics.databasePool(() -> poolUse(database));
        var caStatus = new CaStatusService(ca, tsa::chain, profileRepository, profiles, clock);
        var caRenewals = new CaRenewalService(
                ca,
                tsa,
                arns.partition(),
                arns.accountId(),
                r -> database.exclusively(Database.ClusterLock.BOOTSTRAP, () -> {
                    r.run();
                    return null;
                }),
                clock);
        if (database.dialect() != Database.Dialect.SQLITE) {
            // a renewal made on another node is taken up within the cluster's cache staleness
            own(CaReloader.start(ca, tsa, config.cluster().cacheStaleness()));
        }
        metrics.certificates(
                caStatus::expiringProfileCount,
                () -> caStatus.authority().stream()
                        .collect(Collectors.toMap(CertificateExpiry::role, CertificateExpiry::notAfter)));

        // routes: the AWS protocols, the authenticated native API, the public native routes
        apis = new Apis(
                new SignerRoutes(
                        arns,
                        profiles,
                        new SigningPlatformService(platforms, pageTokens),
                        jobs,
                        payloads,
                        new ProfileTagService(profileRepository, arns),
                        new ProfilePermissionService(profilePolicies, profiles, arns, pageTokens),
                        revocations),
                new S3Routes(objects, arns),
                new LambdaRoutes(codeSigningConfigs, arns),
                new IamRoutes(
                        iamUsers,
                        iamAccessKeys,
                        iamGroups,
                        inlinePolicies,
                        iamRoles,
                        managedPolicies,
                        oidcProviders,
                        new PolicySimulator(
                                identityPolicies, new PageTokens(secrets.secret("iam-simulation-marker-key"))),
                        identityPolicies::invalidateAll),
                new StsRoutes(sts, webIdentity),
                new NativeApi(List.of(
                        new AccountRoutes(accountService),
                        new CertificateRoutes(certificates),
                        new ProfileRoutes(
                                profiles, new ExternalCertificateService(profiles, profileRepository, issuer, clock)),
                        new TrustBundleRoutes(trust),
                        new ApprovalRoutes(approvalPolicies, approvals, arns),
                        new CaStatusRoute(caStatus),
                        new CaRenewalRoute(caRenewals),
                        new VerifyRoutes(
                                codeSigningConfigs, trust, clock, DataDirectory.emptyWorkDirectory(dir, "verify")))));
        NativeRoutes publicRoutes = new NativeRoutes(ca, tsa);
        publicRoutes.add(
                "GET", "/v1/openpgp-key", new OpenPgpKeyRoute(new OpenPgpPublicKeys(profileRepository, issuer)));
        publicRoutes.add("GET", "/v1/revocation-list", new RevocationListRoute(trust));
        publicRoutes.add("GET", CrlRoute.PATH, new CrlRoute(crls));
        publicRoutes.add("GET", "/v1/ready", new ReadyRoute(readiness));
        publicRoutes.add("GET", NativeRoutes.METRICS, new MetricsRoute(metrics));
        // request freshness (SigV4 skew, presigned expiry) is the host's real time, not the service clock
        // (temporary credentials expire by the service clock, as they were issued)
        SigV4Verifier verifier = new SigV4Verifier(
                new AccessKeyLookup(accessKeys, temporaryCredentials, clock), arns.region(), Clock.systemUTC());
        // the one authorization decision: IAM policies, evaluated by core's PolicyEvaluator; STS
        // decides AssumeRole (with the role's trust policy) and GetSessionToken itself
        Authorizer authorizer = new StsDecidedActions(new PolicyAuthorizer(
                identityPolicies, profilePolicies, new BucketOwners(objects, arns.partition()), clock));
        dispatcher = new Dispatcher(served.apply(apis), verifier, publicRoutes, metrics, authorizer, keyUse::used);
    }

    /**
     * Rotates the deployment's master key (docs/operations.md, "Rotating the master key") over the
     * database and key material {@code config} names; every server of the deployment must be
     * stopped. Resumable: see {@link MasterKeyRotation}.
     *
     * @param step called after each item is re-sealed
     */
    public static MasterKeyRotation.Result rotateMasterKey(ServerConfig config, Runnable step) throws IOException {
        Path dir = config.dataDir().toAbsolutePath();
        try (Database database = openDatabase(config.deployment().database(), dir)) {
            KeyMaterialStore material = database.dialect() == Database.Dialect.SQLITE
                    ? new DirectoryKeyMaterialStore(dir)
                    : new JdbiKeyMaterialStore(database, Clock.systemUTC());
            return MasterKeyRotation.rotate(masterKeyFile(config, dir), database, material.folder("keys"), step);
        }
    }

    /**
     * What a backup of the node {@code config} describes copies: its data directory, master key,
     * SQLite database (none on PostgreSQL) and whether its object content is in files.
     *
     * @throws dev.signet.core.crypto.MasterKeyException when a master-key rotation is unfinished
     */
    public static NodeBackup.Sources backupSources(ServerConfig config) {
        Path dir = config.dataDir().toAbsolutePath();
        Path masterKey = masterKeyFile(config, dir);
        MasterKeyRotation.requireNone(masterKey);
        DatabaseSettings database = config.deployment().database();
        Optional<Path> sqlite = database.postgres() ? Optional.empty() : Optional.of(sqliteFile(database, dir));
        boolean filesystem = config.s3Objects().isEmpty()
                && config.deployment().objects().type() == ObjectStoreSettings.Type.FILESYSTEM;
        return new NodeBackup.Sources(dir, masterKey, sqlite, filesystem);
    }

    /** The master key file: {@code master-key.file}, else {@code master.key} in the data directory. */
    public static Path masterKeyFile(ServerConfig config, Path dataDir) {
        return config.deployment().masterKeyFile().orElse(dataDir.resolve("master.key"));
    }

    /** The pool's use as HikariCP reports it, read from memory (no query). */
    private static Optional<PoolUse> poolUse(Database database) {
        if (database.dataSource() instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
            HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
            return Optional.of(new PoolUse(
                    pool.getActiveConnections(),
                    pool.getIdleConnections(),
                    hikari.getMaximumPoolSize(),
                    pool.getThreadsAwaitingConnection()));
        }
        return Optional.empty();
    }

    /**
     * The configured database: SQLite in the data directory unless a URL names another SQLite file or
     * a PostgreSQL database, whose password is read from its file here, at start-up.
     */
    private static Database openDatabase(DatabaseSettings settings, Path dir) throws IOException {
        if (!settings.postgres()) {
            return Database.sqlite(sqliteFile(settings, dir));
        }
        String url = settings.url().orElseThrow();
        String password = settings.passwordFile().isEmpty()
                ? null
                : firstLine(settings.passwordFile().get());
        return Database.postgres(url, settings.user().orElse(null), password, settings.poolSize());
    }

    /** The SQLite database file: the one a {@code jdbc:sqlite:} URL names, else {@code signet.db} in the data directory. */
    private static Path sqliteFile(DatabaseSettings settings, Path dir) {
        return settings.url()
                .map(url -> Path.of(url.substring("jdbc:sqlite:".length())))
                .orElse(dir.resolve(DataDirectory.DATABASE));
    }

    /**
     * The object store: content in the S3-compatible bucket the configuration names (resolved
     * settings first, else {@code objects.*}), or in files under the data directory.
     */
    private static IndexedObjectStore openObjects(ServerConfig config, Database database, Path dir, Clock clock)
            throws IOException {
        if (config.s3Objects().isPresent()) {
            return S3ObjectStore.open(config.s3Objects().get(), database, clock);
        }
        ObjectStoreSettings o = config.deployment().objects();
        return switch (o.type()) {
            case FILESYSTEM -> FilesystemObjectStore.open(dir.resolve("objects"), database, clock);
            case S3 ->
                S3ObjectStore.open(
                        S3ObjectSettings.fromConfiguration(
                                o.endpoint(),
                                o.region(),
                                o.bucket().orElseThrow(),
                                o.prefix(),
                                o.pathStyle(),
                                o.accessKeyId(),
                                o.secretAccessKeyFile()),
                        database,
                        clock);
        };
    }

    /** A secret file's first line, without its line ending. */
    private static String firstLine(Path file) throws IOException {
        String text = Files.readString(file);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).replace("\r", "");
    }

    /**
     * Creates the admin principal and writes {@code credentials} on first start. The file is written
     * before the key is committed, so a crash in between leaves a file whose key is simply replaced
     * on the next start, never a key nobody can read. When the admin exists (created by another node
     * of the cluster) and this node has no {@code credentials}, it writes the database's admin key.
     */
    private static void bootstrapCredentials(Path dir, AccessKeys accessKeys, Arns arns) {
        Path file = dir.resolve(CredentialsFile.BOOTSTRAP_FILE);
        Optional<IssuedAccessKey> issued = accessKeys.bootstrapAdmin(key -> {
            try {
                CredentialsFile.writeAccessKey(
                        file,
                        CredentialsFile.BOOTSTRAP_PROFILE,
                        new AccessKey(key.accessKeyId(), key.secretAccessKey()),
                        arns.region());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (issued.isPresent()) {
            LOG.info(
                    "Created the admin access key {}; credentials written to {}",
                    issued.get().accessKeyId(),
                    file);
        } else if (!Files.exists(file)) {
            // another node (or an earlier start whose file was removed) created the admin: write this
            // node's copy from the database, where its secret is sealed under the shared master key
            Optional<IssuedAccessKey> admin = accessKeys.adminKey();
            if (admin.isEmpty()) {
                LOG.warn("{} is missing and the admin principal has no active access key to write to it", file);
                return;
            }
            try {
                CredentialsFile.writeAccessKey(
                        file,
                        CredentialsFile.BOOTSTRAP_PROFILE,
                        new AccessKey(admin.get().accessKeyId(), admin.get().secretAccessKey()),
                        arns.region());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LOG.info(
                    "Wrote the admin access key {} from the database to {}",
                    admin.get().accessKeyId(),
                    file);
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    /** The handler of every request. */
    Dispatcher dispatcher() {
        return dispatcher;
    }

    /** The relational store (SQLite in the embedded default). */
    public Database database() {
        return database;
    }

    /** The object store behind the S3 API and the signing jobs. */
    public ObjectStore objects() {
        return objects;
    }

    /** This server's metrics ({@code GET /metrics}). */
    public SignetMetrics metrics() {
        return metrics;
    }

    /** The deployment's certificate authority. */
    public CertificateAuthority ca() {
        return ca;
    }

    /** The built-in RFC 3161 time-stamp authority, opened once for every signer and route. */
    public TimestampAuthority timestampAuthority() {
        return tsa;
    }

    /** Closes what this assembly owns, last opened first: workers before the database they use. */
    @Override
    public void close() {
        while (!owned.isEmpty()) {
            AutoCloseable resource = owned.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("{} did not close cleanly", resource.getClass().getSimpleName(), e);
            }
        }
    }
}
