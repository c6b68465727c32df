package dev.signet.server.service;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.server.objects.filesystem.FilesystemObjectStore;
import dev.signet.server.objects.index.IndexedObjectStore;
import dev.signet.server.service.job.JobExecutor;
import dev.signet.server.service.job.JobRunner;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.PayloadSigningService;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.job.SigningJobService;
import dev.signet.server.service.profile.ProfileKeyIssuer;
import dev.signet.server.service.profile.SigningProfileService;
import dev.signet.server.store.Database;
import dev.signet.server.store.JdbiSharedSecrets;
import dev.signet.server.store.signer.JdbiJobRepository;
import dev.signet.server.store.signer.JdbiProfileRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Real keys, CA, platforms, object store and database under one directory, with the signer
 * services and a job runner over them, for service tests. Close it to stop the workers.
 */
public final class SignerServiceFixture implements AutoCloseable {
    public static final Caller ADMIN =
            Caller.administrator("AKIDEXAMPLE", "arn:aws:iam::000000000000:user/admin", "000000000000");
    public static final Caller STRANGER =
            Caller.administrator("AKIDOTHER", "arn:aws:iam::111111111111:user/other", "111111111111");

    public final Database database;
    public final KeyBackend keys;
    public final CertificateAuthority ca;
    public final PlatformRegistry platforms = PlatformRegistry.builtIn();
    public final Arns arns = Arns.defaults();
    public final Clock clock = Clock.systemUTC();
    public final PageTokens pageTokens;
    public final ProfileKeyIssuer issuer;
    public final JdbiProfileRepository profileRepository;
    public final JdbiJobRepository jobRepository;
    public final SigningProfileService profiles;
    public final IndexedObjectStore objects;
    public final JobExecutor executor;
    public final JobRunner runner;
    public final SigningJobService jobs;
    public final PayloadSigningService payloads;

    public SignerServiceFixture(Database database, Path dir) {
        this.database = database;
        this.keys = new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        this.ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Signet Test");
        this.pageTokens = new PageTokens(new JdbiSharedSecrets(database).secret("page-token-key"));
        this.issuer = new ProfileKeyIssuer(keys, ca);
        this.profileRepository = new JdbiProfileRepository(database);
        this.jobRepository = new JdbiJobRepository(database);
        this.profiles = new SigningProfileService(profileRepository, platforms, issuer, arns, pageTokens, clock);
        try {
            this.objects = FilesystemObjectStore.open(dir.resolve("objects"), database, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.executor =
                new JobExecutor(profileRepository, issuer, platforms, objects, arns, dir.resolve("work"), clock);
        this.runner = new JobRunner(jobRepository, executor, clock, 2, 4, Duration.ofMillis(50), Duration.ofMinutes(5));
        this.jobs = new SigningJobService(jobRepository, profiles, runner, pageTokens, clock);
        this.payloads = new PayloadSigningService(profiles, issuer, platforms, jobRepository, arns, clock);
    }

    /** Waits (at most 60 s) until the job has left InProgress, and returns it. */
    public SigningJob awaitFinished(String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int i = 0; i < 6000 && System.nanoTime() < deadline; i++) {
            SigningJob job = jobRepository.find(jobId).orElseThrow();
            if (job.status() != JobStatus.InProgress) {
                return job;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish within 60 s");
    }

    @Override
    public void close() {
        runner.close();
        database.close();
    }
}
