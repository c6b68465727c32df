package dev.signet.server.http.signer;

import dev.signet.core.files.SecureFiles;
import dev.signet.core.tsa.Timestamper;
import dev.signet.server.ServerContext;
import dev.signet.server.Timestamping;
import dev.signet.server.http.certificate.CertificateRoutes;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.job.JobExecutor;
import dev.signet.server.service.job.JobRunner;
import dev.signet.server.service.job.PayloadSigningService;
import dev.signet.server.service.job.SigningJobService;
import dev.signet.server.service.permission.ProfilePermissionService;
import dev.signet.server.service.platform.SigningPlatformService;
import dev.signet.server.service.profile.ProfileKeyIssuer;
import dev.signet.server.service.profile.ProfileTagService;
import dev.signet.server.service.profile.SigningProfileService;
import dev.signet.server.service.revocation.RevocationService;
import dev.signet.server.store.Database;
import dev.signet.server.store.signer.JdbiJobRepository;
import dev.signet.server.store.signer.JdbiPermissionRepository;
import dev.signet.server.store.signer.JdbiProfileRepository;
import dev.signet.server.store.signer.JdbiProfileRevocationRepository;
import dev.signet.server.store.signer.JdbiSignerSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The signer services wired over a server's context, and the job workers they share. Two workers
 * and a queue of 32 in memory; further jobs wait in the database.
 */
public record SignerServices(
        SigningProfileService profiles,
        SigningPlatformService platforms,
        SigningJobService jobs,
        PayloadSigningService payloads,
        ProfileTagService tags,
        ProfilePermissionService permissions,
        RevocationService revocations,
        JobRunner runner)
        implements AutoCloseable {

    public static SignerServices create(ServerContext context) {
        return create(context, Duration.ofMillis(500));
    }

    public static SignerServices create(ServerContext context, Duration pollInterval) {
        Database database = context.database();
        var profileRepository = new JdbiProfileRepository(database);
        var jobRepository = new JdbiJobRepository(database);
        var pageTokens = new PageTokens(JdbiSignerSecrets.loadOrCreate(database, "page-token-key"));
        var issuer = new ProfileKeyIssuer(
                context.keys(),
                context.ca(),
                java.util.Optional.of(CertificateRoutes.service(context)),
                context.crlUrl());
        var profiles = new SigningProfileService(
                profileRepository, context.platforms(), issuer, context.arns(), pageTokens, context.clock());
        Path workDir = context.dataDir().resolve("tmp").resolve("signer-jobs");
        clean(workDir);
        if (database.dialect() == Database.Dialect.SQLITE) {
            // the embedded database has one node: every lease left behind belongs to a dead process
            jobRepository.releaseAllLeases();
        }
        Optional<Timestamper> timestamper = Optional.of(Timestamping.authority(context));
        var executor = new JobExecutor(
                profileRepository,
                issuer,
                context.platforms(),
                context.objects(),
                context.arns(),
                workDir,
                context.clock(),
                Optional.of(Timestamping.authority(context)));
        var runner =
                new JobRunner(jobRepository, executor, context.clock(), 2, 32, pollInterval, Duration.ofMinutes(15));
        var jobs = new SigningJobService(jobRepository, profiles, runner, pageTokens, context.clock());
        return new SignerServices(
                profiles,
                new SigningPlatformService(context.platforms(), pageTokens),
                jobs,
                new PayloadSigningService(
                        profiles,
                        issuer,
                        context.platforms(),
                        jobRepository,
                        context.arns(),
                        context.clock(),
                        timestamper),
                new ProfileTagService(profileRepository, context.arns()),
                new ProfilePermissionService(
                        new JdbiPermissionRepository(database), profiles, context.arns(), pageTokens),
                new RevocationService(
                        jobRepository,
                        jobs,
                        profileRepository,
                        profiles,
                        new JdbiProfileRevocationRepository(database),
                        context.arns(),
                        context.clock()),
                runner);
    }

    /** Removes temporary files a previous process left behind. */
    private static void clean(Path workDir) {
        try {
            SecureFiles.createPrivateDirectories(workDir);
            try (Stream<Path> leftovers = Files.list(workDir)) {
                for (Path file : leftovers.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + workDir, e);
        }
    }

    @Override
    public void close() {
        runner.close();
    }
}
