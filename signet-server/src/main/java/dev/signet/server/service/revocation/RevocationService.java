package dev.signet.server.service.revocation;

import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.job.JobRepository;
import dev.signet.server.service.job.JobRevocation;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.job.SigningJobService;
import dev.signet.server.service.profile.ProfileRepository;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.SigningProfileService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code RevokeSignature}, {@code RevokeSigningProfile} and {@code GetRevocationStatus}: records
 * revocations and reports them. Revocation is irreversible. Revoking a signature again is a
 * ValidationException and keeps the first record. Revoking a profile version again may move its
 * effective time earlier (the rest of the first record is kept); a later or equal effective time is
 * a ValidationException. An effective time in the future is refused. A revoked profile is Revoked
 * and cannot sign; signatures it made before the effective time stay valid. The verification gate
 * reads the same records through {@link TrustMaterial}; {@code revoked} is told of every revocation
 * once it is stored (the server invalidates its {@link TrustSnapshots}).
 */
public final class RevocationService {
    private final JobRepository jobs;
    private final SigningJobService jobService;
    private final ProfileRepository profileRepository;
    private final SigningProfileService profiles;
    private final ProfileRevocationRepository revocations;
    private final Arns arns;
    private final Clock clock;
    private final Runnable revoked;

    public RevocationService(
            JobRepository jobs,
            SigningJobService jobService,
            ProfileRepository profileRepository,
            SigningProfileService profiles,
            ProfileRevocationRepository revocations,
            Arns arns,
            Clock clock,
            Runnable revoked) {
        this.jobs = jobs;
        this.jobService = jobService;
        this.profileRepository = profileRepository;
        this.profiles = profiles;
        this.revocations = revocations;
        this.arns = arns;
        this.clock = clock;
        this.revoked = revoked;
    }

    public void revokeSignature(Caller caller, String jobId, Optional<String> jobOwner, Optional<String> reason) {
        String why = reason(reason);
        Validation.accountId("jobOwner", jobOwner);
        SigningJob job = jobService.describe(caller, jobId);
        if (jobOwner.isPresent() && !jobOwner.get().equals(job.jobOwner())) {
            throw ServiceException.notFound(
                    "signing job " + Validation.printable(jobId) + " does not exist for owner " + jobOwner.get());
        }
        JobRevocation revocation = new JobRevocation(why, now(), caller.principalArn());
        if (!jobs.revoke(job.jobId(), revocation)) {
            throw ServiceException.validation("the signature of job " + job.jobId() + " is already revoked");
        }
        revoked.run();
    }

    public ProfileRevocation revokeProfile(Caller caller, RevokeProfileRequest request) {
        Validation.profileName("profileName", request.profileName());
        String version = Validation.profileVersion(
                "profileVersion", request.profileVersion().orElse(null));
        String why = reason(request.reason());
        Instant effective = request.effectiveTime()
                .orElseThrow(() -> ServiceException.validation("effectiveTime is required"))
                .truncatedTo(ChronoUnit.MILLIS);
        Instant now = now();
        if (effective.isAfter(now)) {
            throw ServiceException.validation("effectiveTime must not be in the future");
        }
        SigningProfile profile = profiles.get(caller, request.profileName(), Optional.empty());
        profileRepository
                .findVersion(profile.ownerAccount(), profile.name(), version)
                .orElseThrow(() ->
                        ServiceException.notFound("signing profile " + profile.name() + " has no version " + version));
        ProfileRevocation revocation = new ProfileRevocation(
                profile.ownerAccount(), profile.name(), version, effective, now, caller.principalArn(), why);
        boolean first = revocations.revoke(revocation);
        profiles.forget(profile);
        if (first) {
            revoked.run();
            return revocation;
        }
        ProfileRevocation moved = moveEarlier(profile, version, effective);
        revoked.run();
        return moved;
    }

    /**
     * A second revocation of a version: AWS lets the effective time move earlier, never later. The
     * first record is kept except for its effective time.
     */
    private ProfileRevocation moveEarlier(SigningProfile profile, String version, Instant effective) {
        ProfileRevocation first = revocations
                .find(profile.ownerAccount(), profile.name(), version)
                .orElseThrow(() -> ServiceException.internal("a revocation vanished"));
        if (!effective.isBefore(first.effectiveFrom())
                || !revocations.moveEffectiveTimeEarlier(profile.ownerAccount(), profile.name(), version, effective)) {
            // re-read: a concurrent call may have moved it earlier still
            Instant current = revocations
                    .find(profile.ownerAccount(), profile.name(), version)
                    .map(ProfileRevocation::effectiveFrom)
                    .orElse(first.effectiveFrom());
            throw ServiceException.validation("signing profile " + profile.name() + " version " + version
                    + " is already revoked effective " + current + "; effectiveTime can only move earlier");
        }
        return new ProfileRevocation(
                first.ownerAccount(),
                first.profileName(),
                first.profileVersion(),
                effective,
                first.revokedAt(),
                first.revokedBy(),
                first.reason());
    }

    /** The revocation of a profile's version, for GetSigningProfile's {@code revocationRecord}. */
    public Optional<ProfileRevocation> profileRevocation(SigningProfile profile) {
        return revocations.find(profile.ownerAccount(), profile.name(), profile.version());
    }

    /**
     * The entities of {@code query} that are revoked for a signature made at its {@code
     * signatureTimestamp}: the job ARN when the job's signature was revoked; the profile version ARN
     * and the matching certificate hashes when the version was revoked effective at or before it.
     */
    public List<String> status(RevocationStatusQuery query) {
        Instant signedAt = query.signatureTimestamp()
                .orElseThrow(() -> ServiceException.validation("signatureTimestamp is required"));
        Validation.require("platformId", query.platformId().orElse(null));
        String versionArn =
                Validation.arn("profileVersionArn", query.profileVersionArn().orElse(null));
        String jobArn = Validation.arn("jobArn", query.jobArn().orElse(null));
        if (query.certificateHashes().isEmpty()) {
            throw ServiceException.validation("certificateHashes is required");
        }
        for (String hash : query.certificateHashes()) {
            Validation.length("certificateHashes", hash, 1, 1024);
        }
        List<String> revoked = new ArrayList<>();
        jobId(jobArn)
                .flatMap(arn -> jobs.find(arn.jobId()).filter(j -> j.jobOwner().equals(arn.account())))
                .filter(j -> j.revocation().isPresent())
                .ifPresent(j -> revoked.add(jobArn));
        ProfileVersionArn.parse(arns, versionArn)
                .flatMap(v -> revocations.find(v.account(), v.name(), v.version()))
                .filter(r -> r.covers(signedAt))
                .ifPresent(r -> {
                    revoked.add(versionArn);
                    profileRepository
                            .findVersion(r.ownerAccount(), r.profileName(), r.profileVersion())
                            .filter(p -> !p.pendingCertificate())
                            .map(p -> CertificateHashes.of(p.certificateChainPem()))
                            .ifPresent(own -> query.certificateHashes().stream()
                                    .filter(h -> own.contains(h.toLowerCase(Locale.ROOT)))
                                    .forEach(revoked::add));
                });
        return revoked;
    }

    /** The job a job ARN of any account names, with that account; empty for any other ARN. */
    private Optional<JobArn> jobId(String jobArn) {
        String head = "arn:" + arns.partition() + ":signer:" + arns.region() + ":";
        String marker = ":/signing-jobs/";
        if (!jobArn.startsWith(head) || jobArn.length() < head.length() + 12 + marker.length()) {
            return Optional.empty();
        }
        String account = jobArn.substring(head.length(), head.length() + 12);
        String rest = jobArn.substring(head.length() + 12);
        if (!Validation.ACCOUNT_ID.matcher(account).matches() || !rest.startsWith(marker)) {
            return Optional.empty();
        }
        return Optional.of(rest.substring(marker.length()))
                .filter(id -> Validation.JOB_ID.matcher(id).matches())
                .map(id -> new JobArn(account, id));
    }

    private record JobArn(String account, String jobId) {}

    private static String reason(Optional<String> reason) {
        String value = Validation.require("reason", reason.orElse(null));
        return Validation.length("reason", value, 1, 500);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
