package dev.signet.server.service.job;

import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyBackendUnavailableException;
import dev.signet.core.files.SecureFiles;
import dev.signet.core.format.ArtifactLocation;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.platform.SigningPlatform;
import dev.signet.core.tsa.Timestamper;
import dev.signet.server.metrics.SignetMetrics;
import dev.signet.server.objects.CommitCondition;
import dev.signet.server.objects.ObjectAttributes;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.SizedInputStream;
import dev.signet.server.service.Arns;
import dev.signet.server.service.profile.ProfileKeyIssuer;
import dev.signet.server.service.profile.ProfileRepository;
import dev.signet.server.service.profile.SigningProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one StartSigningJob: copies the source version to a temporary file (refusing a version larger
 * than the platform's maximum size; {@link SourceDownload} reads exactly the version's size, with
 * several ranged reads at once), signs it with the platform's format and
 * writes the output to {@code destination prefix + jobId + the format's output suffix}, recording the
 * source's SHA-256 (taken while it is copied) as the job's artifact digest. Every
 * failure becomes a Failed outcome whose reason says why in one line; details that could help an
 * attacker stay in the server log.
 *
 * <p>The output and the Succeeded record are committed in one transaction ({@link
 * ObjectStore#putIf} with {@link JobRepository#succeededIf}), conditional on the run's lease being
 * current (its fencing token) and the profile version being Active: a Succeeded job always has its
 * object, a job's output is written once, and a worker whose lease was taken over, or whose
 * profile was canceled or revoked, publishes nothing. The profile is also checked before the job
 * runs and again after signing, to stop early. Outputs left by older versions of Signet, which
 * wrote before recording, are removed when the job's profile turns out stopped.
 */
public final class JobExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(JobExecutor.class);
    private static final long MIB = 1024L * 1024L;
    /** The reason of a run whose lease was taken over (its record is refused too: nobody reads it). */
    static final String TAKEN_OVER = "the job was taken over by another worker";

    private final ProfileRepository profiles;
    private final ProfileKeyIssuer keys;
    private final PlatformRegistry platforms;
    private final ObjectStore objects;
    private final Arns arns;
    private final Path workDir;
    private final Clock clock;
    private final Optional<Timestamper> timestamper;
    private final SignetMetrics metrics;

    public JobExecutor(
            ProfileRepository profiles,
            ProfileKeyIssuer keys,
            PlatformRegistry platforms,
            ObjectStore objects,
            Arns arns,
            Path workDir,
            Clock clock) {
        this(profiles, keys, platforms, objects, arns, workDir, clock, Optional.empty());
    }

    /** As above, with formats that support it time-stamping their signatures with {@code timestamper}. */
    public JobExecutor(
            ProfileRepository profiles,
            ProfileKeyIssuer keys,
            PlatformRegistry platforms,
            ObjectStore objects,
            Arns arns,
            Path workDir,
            Clock clock,
            Optional<Timestamper> timestamper) {
        this(profiles, keys, platforms, objects, arns, workDir, clock, timestamper, SignetMetrics.create());
    }

    /** As above, timing each signature in {@code metrics}. */
    public JobExecutor(
            ProfileRepository profiles,
            ProfileKeyIssuer keys,
            PlatformRegistry platforms,
            ObjectStore objects,
            Arns arns,
            Path workDir,
            Clock clock,
            Optional<Timestamper> timestamper,
            SignetMetrics metrics) {
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
        this.timestamper = timestamper;
        this.profiles = profiles;
        this.keys = keys;
        this.platforms = platforms;
        this.objects = objects;
        this.arns = arns;
        this.workDir = workDir;
        this.clock = clock;
    }

    /**
     * How a run's output is recorded: the condition, committed with the output's object version,
     * that records the job Succeeded ({@link JobRepository#succeededIf} under the run's lease).
     */
    @FunctionalInterface
    public interface OutputCommit {
        /**
         * @param artifactDigest the source's SHA-256, {@code sha256:HEX}, taken as it was copied for
         *     signing
         */
        CommitCondition succeeded(SignedObject output, Optional<String> signatureId, String artifactDigest);
    }

    /**
     * Runs {@code job}. A Succeeded outcome has been recorded already, together with its output, by
     * {@code commit}; a Failed one is for the caller to record. When the commit is refused the
     * output is not stored: the outcome is Failed, saying so when the profile stopped meanwhile, or
     * that the lease was lost (the caller's record of that is refused by the fence as well).
     */
    public JobOutcome execute(SigningJob job, OutputCommit commit) {
        Path input = null;
        Path output = null;
        try {
            S3Source source = job.source().orElseThrow(() -> new JobFailure("job has no source"));
            S3Destination destination = job.destination().orElseThrow(() -> new JobFailure("job has no destination"));
            SigningPlatform platform = platforms
                    .find(job.platformId())
                    .orElseThrow(() -> new JobFailure("platform " + job.platformId() + " is no longer available"));
            SigningProfile profile = profile(job);
            Optional<String> stopped = stopped(job, "before the job could run");
            if (stopped.isPresent()) {
                // canceled or revoked between StartSigningJob and this run: it never signs again; an
                // earlier run may have written the output and crashed before the job was recorded
                removeOutputs(job, destination, platform);
                throw new JobFailure(stopped.get());
            }
            SecureFiles.createPrivateDirectories(workDir);
            input = Files.createTempFile(workDir, "source-", ".tmp");
            output = Files.createTempFile(workDir, "signed-", ".tmp");
            String artifactDigest = fetch(source, platform, input);
            Optional<SignatureFormat> maybeFormat = SignatureFormats.forPlatform(platform.platformId());
            Optional<String> refusal = SourceChecks.refusal(input, maybeFormat);
            if (refusal.isPresent()) {
                throw new JobFailure(refusal.get());
            }
            SignatureFormat format = maybeFormat.orElseThrow(() -> new JobFailure(
                    "platform " + platform.platformId() + " cannot sign files in this version of Signet"));
            requireBucket(destination.bucketName(), "destination");
            Instant now = clock.instant();
            if (!job.signatureExpiresAt().isAfter(now)) {
                throw new JobFailure("the signature validity period ended before the job could run");
            }
            SignatureMetadata metadata = new SignatureMetadata(
                    now,
                    job.signatureExpiresAt(),
                    arns.inAccount(job.jobOwner()).signingProfileVersion(profile.name(), profile.version()),
                    Optional.of(arns.inAccount(job.jobOwner()).signingJob(job.jobId())),
                    Optional.of(new ArtifactLocation(source.bucketName(), source.key(), Optional.of(source.version()))),
                    job.signingParameters());
            SignatureEvidence evidence;
            long start = System.nanoTime();
            try (OutputStream out = Files.newOutputStream(output)) {
                evidence = format.sign(
                        new SignRequest(new Subject.File(input), keys.signingKey(profile), metadata, timestamper), out);
            }
            metrics.jobSigned(platform.platformId(), System.nanoTime() - start);
            // canceled or revoked while this job signed: the signature is dropped before anyone sees it
            Optional<String> stoppedMeanwhile = stopped(job, "before the job could finish; nothing was published");
            if (stoppedMeanwhile.isPresent()) {
                throw new JobFailure(stoppedMeanwhile.get());
            }
            // the format names its output's extension, e.g. ".zip" for a signed Lambda zip
            String key = destination.keyFor(job.jobId()) + format.outputSuffix();
            SignedObject signed = new SignedObject(destination.bucketName(), key);
            Optional<ObjectInfo> written;
            try (InputStream in = new SizedInputStream(Files.newInputStream(output), Files.size(output))) {
                written = objects.putIf(
                        destination.bucketName(),
                        key,
                        in,
                        ObjectAttributes.of("application/octet-stream", Map.of()),
                        commit.succeeded(signed, evidence.signatureId(), artifactDigest));
            }
            if (written.isPresent()) {
                return JobOutcome.succeeded(
                        signed,
                        evidence.signatureId(),
                        Optional.of(written.get().versionId()));
            }
            // the record, and so the output, was refused: the profile stopped at the last moment,
            // or another worker took the job over after this one's lease ran out
            Optional<String> stoppedAtRecord = stopped(job, "before the job could finish; nothing was published");
            return JobOutcome.failed(stoppedAtRecord.orElse(TAKEN_OVER));
        } catch (JobFailure e) {
            return JobOutcome.failed(e.getMessage());
        } catch (FormatException e) {
            if (PayloadSigningService.keyBackendCause(e) instanceof KeyBackendUnavailableException unavailable) {
                LOG.warn("job {}: key backend unavailable: {}", job.jobId(), unavailable.getMessage());
                return JobOutcome.failed("the signing key's backend was unavailable");
            }
            return JobOutcome.failed("signing failed: " + e.getMessage());
        } catch (ObjectStoreException e) {
            LOG.warn("job {}: object store {}", job.jobId(), e.code());
            return JobOutcome.failed("object store error " + e.code() + ": " + e.getMessage());
        } catch (KeyBackendUnavailableException e) {
            LOG.warn("job {}: key backend unavailable: {}", job.jobId(), e.getMessage());
            return JobOutcome.failed("the signing key's backend was unavailable");
        } catch (KeyBackendException e) {
            LOG.warn("job {}: key backend failed", job.jobId(), e);
            return JobOutcome.failed("the signing key could not be used");
        } catch (IOException e) {
            LOG.warn("job {}: I/O failed", job.jobId(), e);
            return JobOutcome.failed("reading the source or writing the signature failed");
        } catch (RuntimeException e) {
            LOG.error("job {}: unexpected failure", job.jobId(), e);
            return JobOutcome.failed("internal error while signing");
        } finally {
            deleteQuietly(input);
            deleteQuietly(output);
        }
    }

    private SigningProfile profile(SigningJob job) {
        return profiles.findVersion(job.jobOwner(), job.profileName(), job.profileVersion())
                .orElseThrow(() -> new JobFailure("signing profile version no longer exists"));
    }

    /**
     * Why the job's profile version can no longer sign ("signing profile P was canceled " + when), if
     * it cannot: the profile was canceled or revoked, or rotated to a version other than the job's.
     */
    private Optional<String> stopped(SigningJob job, String when) {
        SigningProfile current = profiles.find(job.jobOwner(), job.profileName())
                .orElseThrow(() -> new JobFailure("signing profile no longer exists"));
        return switch (current.status()) {
            case Active ->
                current.version().equals(job.profileVersion())
                        ? Optional.empty()
                        : Optional.of("signing profile " + current.name() + " was rotated from version "
                                + job.profileVersion() + " to " + current.version() + " " + when
                                + "; start the job again to sign with the new version");
            case Canceled -> Optional.of("signing profile " + current.name() + " was canceled " + when);
            case Revoked -> Optional.of("signing profile " + current.name() + " was revoked " + when);
        };
    }

    /** Removes every version of the job's output key (only this job writes under its own id). */
    private void removeOutputs(SigningJob job, S3Destination destination, SigningPlatform platform) {
        String key = destination.keyFor(job.jobId())
                + SignatureFormats.forPlatform(platform.platformId())
                        .map(SignatureFormat::outputSuffix)
                        .orElse("");
        try {
            if (!objects.bucketExists(destination.bucketName())) {
                return;
            }
            for (ObjectInfo version : objects.listVersions(destination.bucketName(), key, 1000)) {
                if (version.key().equals(key)) {
                    objects.delete(destination.bucketName(), key, Optional.of(version.versionId()));
                    LOG.info("job {}: removed the output an interrupted run left", job.jobId());
                }
            }
        } catch (ObjectStoreException e) {
            LOG.warn("job {}: cannot remove the output an interrupted run left: {}", job.jobId(), e.code());
        }
    }

    /** Copies the source version to {@code target}; returns its SHA-256 as {@code sha256:HEX}. */
    private String fetch(S3Source source, SigningPlatform platform, Path target)
            throws ObjectStoreException, IOException {
        requireBucket(source.bucketName(), "source");
        long limit = platform.maxSizeInMB() * MIB;
        ObjectInfo info = objects.head(source.bucketName(), source.key(), Optional.of(source.version()))
                .orElseThrow(() -> new JobFailure("source object s3://" + source.bucketName() + "/" + source.key()
                        + " version " + source.version() + " does not exist"));
        if (info.size() > limit) {
            throw tooLarge(info.size(), platform);
        }
        byte[] sha256 =
                SourceDownload.copy(objects, source.bucketName(), source.key(), source.version(), info.size(), target);
        return "sha256:" + HexFormat.of().formatHex(sha256);
    }

    private void requireBucket(String bucket, String role) {
        if (!objects.bucketExists(bucket)) {
            throw new JobFailure(role + " bucket " + bucket + " does not exist");
        }
    }

    private static JobFailure tooLarge(long size, SigningPlatform platform) {
        return new JobFailure("source object is larger than " + platform.maxSizeInMB() + " MB (at least " + size
                + " bytes), the maximum of platform " + platform.platformId());
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete temporary file {}", file.getFileName());
            }
        }
    }

    /** A reason to fail the job that is safe and useful to show to the caller as it is. */
    private static final class JobFailure extends RuntimeException {
        JobFailure(String reason) {
            super(reason, null, false, false);
        }
    }
}
