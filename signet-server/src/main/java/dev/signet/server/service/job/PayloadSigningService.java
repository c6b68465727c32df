package dev.signet.server.service.job;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyBackendUnavailableException;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.SignatureMetadata;
import dev.signet.core.format.Subject;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.platform.SigningPlatform;
import dev.signet.core.tsa.TimestampException;
import dev.signet.core.tsa.Timestamper;
import dev.signet.server.metrics.SignetMetrics;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.profile.ProfileKeyIssuer;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.SigningProfileService;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * {@code SignPayload}: signs a digest the client computed, synchronously. The payload is the
 * artifact's digest with the platform's hash, announced by the payload format {@code
 * application/vnd.signet.digest+sha256} (or {@code +sha384}), or, for a format with its own payload
 * type ({@link SignatureFormat#payloadFormat()}, e.g. the Notary payload for Notation), that
 * payload, which the format validates; anything else is refused, naming what is accepted. A
 * payload is at most 4096 bytes (AWS's limit) unless the platform's format takes more ({@link
 * SignatureFormat#maxPayloadBytes()}: a jar's signature file). A
 * platform whose format signs whole files only ({@link SignatureFormat#signsDigests()} false) is
 * refused first, whatever the payload. The
 * signature is recorded as a Succeeded job, with its signature id, before it is returned, so every
 * signature Signet hands out is on record; the record is refused, and the signature dropped, when
 * the profile was canceled or revoked after it was looked up (profiles come from a cache).
 *
 * <p>Without a client token every request signs anew, a SigV4 replay within its five minutes
 * included (as on AWS). With one (Signet's {@code clientRequestToken}, 1 to 256 characters), a
 * request whose caller already used the token gets the first request's job and signature back, kept
 * with the job for that purpose ({@link PayloadReceipt}), when it names the same profile, payload
 * and payload format, and a ValidationException otherwise; concurrent requests with one token
 * record one job and all get its signature.
 */
public final class PayloadSigningService {
    /** The payload format prefix; the suffix is the platform's hash in lower case. */
    public static final String DIGEST_FORMAT_PREFIX = "application/vnd.signet.digest+";

    /** AWS's limit, and the one of every format that takes no more ({@link SignatureFormat#maxPayloadBytes()}). */
    private static final int MAX_PAYLOAD = 4096;

    private static final int MAX_TOKEN_LENGTH = 256;

    private final SigningProfileService profiles;
    private final ProfileKeyIssuer keys;
    private final PlatformRegistry platforms;
    private final JobRepository jobs;
    private final Arns arns;
    private final Clock clock;
    private final Optional<Timestamper> timestamper;
    private final SignetMetrics metrics;
    private final JobApprovals approvals;

    /** A service whose signatures carry no time-stamp token. */
    public PayloadSigningService(
            SigningProfileService profiles,
            ProfileKeyIssuer keys,
            PlatformRegistry platforms,
            JobRepository jobs,
            Arns arns,
            Clock clock) {
        this(profiles, keys, platforms, jobs, arns, clock, Optional.empty());
    }

    /** As above, with formats that support it time-stamping their signatures with {@code timestamper}. */
    public PayloadSigningService(
            SigningProfileService profiles,
            ProfileKeyIssuer keys,
            PlatformRegistry platforms,
            JobRepository jobs,
            Arns arns,
            Clock clock,
            Optional<Timestamper> timestamper) {
        this(profiles, keys, platforms, jobs, arns, clock, timestamper, SignetMetrics.create());
    }

    /** As above, timing each signature and counting each recorded job in {@code metrics}. */
    public PayloadSigningService(
            SigningProfileService profiles,
            ProfileKeyIssuer keys,
            PlatformRegistry platforms,
            JobRepository jobs,
            Arns arns,
            Clock clock,
            Optional<Timestamper> timestamper,
            SignetMetrics metrics) {
        this(profiles, keys, platforms, jobs, arns, clock, timestamper, metrics, JobApprovals.NONE);
    }

    /** As above, refusing profiles that require approvals ({@link JobApprovals#refuseIfRequired}). */
    public PayloadSigningService(
            SigningProfileService profiles,
            ProfileKeyIssuer keys,
            PlatformRegistry platforms,
            JobRepository jobs,
            Arns arns,
            Clock clock,
            Optional<Timestamper> timestamper,
            SignetMetrics metrics,
            JobApprovals approvals) {
        this.approvals = java.util.Objects.requireNonNull(approvals, "approvals");
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
        this.timestamper = java.util.Objects.requireNonNull(timestamper, "timestamper");
        this.profiles = profiles;
        this.keys = keys;
        this.platforms = platforms;
        this.jobs = jobs;
        this.arns = arns;
        this.clock = clock;
    }

    /** The payloadFormat a platform accepts, e.g. {@code application/vnd.signet.digest+sha256}. */
    public static String digestFormat(HashAlgorithm hash) {
        return DIGEST_FORMAT_PREFIX + hash.awsName().toLowerCase(Locale.ROOT);
    }

    public PayloadSignature sign(Caller caller, SignPayloadRequest request) {
        return sign(caller, request, true);
    }

    /** @param again whether a profile found rotated at the record signs once more with its new version */
    private PayloadSignature sign(Caller caller, SignPayloadRequest request, boolean again) {
        byte[] payload = request.payload().orElseThrow(() -> ServiceException.validation("payload is required"));
        String payloadFormat =
                request.payloadFormat().orElseThrow(() -> ServiceException.validation("payloadFormat is required"));
        if (payload.length < 1 || payload.length > Subject.Payload.MAX_BYTES) {
            // larger than any format takes: refused before anything is looked up
            throw ServiceException.validation("payload must be 1 to " + MAX_PAYLOAD + " bytes ("
                    + Subject.Payload.MAX_BYTES + " on a platform whose format takes more), got " + payload.length);
        }
        Optional<String> token =
                request.clientRequestToken().map(t -> Validation.length("clientRequestToken", t, 1, MAX_TOKEN_LENGTH));
        String payloadSha256 = token.isPresent() ? payloadSha256(payloadFormat, payload) : "";
        if (token.isPresent()) {
            Optional<SigningJob> earlier = jobs.findByClientToken(caller.principalArn(), token.get());
            if (earlier.isPresent()) {
                return retried(caller, earlier.get(), request, payloadSha256);
            }
        }
        SigningProfile profile = profiles.cachedActiveForSigning(caller, request.profileName(), request.profileOwner());
        approvals.refuseIfRequired(profile);
        SigningPlatform platform = platforms
                .find(profile.platformId())
                .orElseThrow(() -> ServiceException.internal("platform of the profile is no longer available"));
        SignatureFormat format = SignatureFormats.forPlatform(platform.platformId())
                .orElseThrow(() -> ServiceException.validation(
                        "platform " + platform.platformId() + " cannot sign payloads in this version of Signet"));
        if (payload.length > format.maxPayloadBytes()) {
            throw ServiceException.validation("payload must be 1 to " + format.maxPayloadBytes() + " bytes"
                    + (format.maxPayloadBytes() == MAX_PAYLOAD ? "" : " for platform " + platform.platformId())
                    + ", got " + payload.length);
        }
        Subject subject = subjectOf(format, platform, payloadFormat, payload);

        // stored with millisecond precision; keep the returned value equal to the stored one
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = profile.validity().after(now);
        String jobId = UUID.randomUUID().toString();
        String versionArn = profiles.versionArn(profile);
        SignatureMetadata metadata = new SignatureMetadata(
                        now,
                        expiresAt,
                        versionArn,
                        Optional.of(arns.inAccount(profile.ownerAccount()).signingJob(jobId)))
                .withSigningParameters(profile.signingParameters());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence evidence = signSubject(format, subject, profile, metadata, out);
        byte[] signature = out.toByteArray();

        SigningJob job = new SigningJob(
                jobId,
                profile.ownerAccount(),
                caller.accountId(),
                caller.principalArn(),
                token,
                profile.name(),
                profile.version(),
                profile.platformId(),
                profile.platformDisplayName(),
                profile.certificateArn(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                profile.overrides(),
                profile.signingParameters(),
                JobStatus.Succeeded,
                Optional.of(JobOutcome.SUCCEEDED),
                now,
                Optional.of(now),
                expiresAt,
                Optional.empty(),
                evidence.signatureId(),
                format.statedArtifactDigest(subject));
        boolean recorded = token.isEmpty()
                ? jobs.recordSignature(job)
                : recordWithToken(job, new PayloadReceipt(payloadSha256, signature));
        if (recorded) {
            metrics.payloadRecorded();
        } else {
            Optional<SigningJob> winner = token.flatMap(t -> jobs.findByClientToken(caller.principalArn(), t));
            if (winner.isPresent()) {
                // a concurrent request with the same token recorded first: this signature is dropped
                return retried(caller, winner.get(), request, payloadSha256);
            }
            // canceled, revoked or rotated since it was cached: the signature is dropped, never handed out
            profiles.forget(profile);
            SigningProfile current = profiles.activeForSigning(caller, request.profileName(), request.profileOwner());
            if (again && !current.version().equals(profile.version())) {
                // rotated: the request is signed again, with the new version's key
                return sign(caller, request, false);
            }
            throw ServiceException.validation(
                    "signing profile " + profile.name() + " changed while signing; nothing was signed");
        }
        return new PayloadSignature(job, signature, metadata(job));
    }

    /**
     * Records a token-carrying job. Another node recording the same token at the same moment can
     * fail the insert on the token's unique index; that is reported as not recorded, and the caller
     * finds the other node's job. Any other failure is rethrown.
     */
    private boolean recordWithToken(SigningJob job, PayloadReceipt receipt) {
        try {
            return jobs.recordSignature(job, receipt);
        } catch (RuntimeException e) {
            String token = job.clientRequestToken().orElseThrow();
            if (jobs.findByClientToken(job.requestedBy(), token).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    /** The answer to a request whose token its caller already used: the first answer, for the same request only. */
    private PayloadSignature retried(Caller caller, SigningJob earlier, SignPayloadRequest request, String sha256) {
        Optional<PayloadReceipt> receipt = jobs.payloadReceipt(earlier.jobId());
        boolean sameProfile = earlier.profileName().equals(request.profileName())
                && earlier.jobOwner().equals(request.profileOwner().orElse(caller.accountId()));
        if (receipt.isEmpty() || !sameProfile || !receipt.get().samePayload(sha256)) {
            throw ServiceException.validation(
                    "clientRequestToken was already used for a different signature (job " + earlier.jobId() + ")");
        }
        return new PayloadSignature(earlier, receipt.get().signature(), metadata(earlier));
    }

    private Map<String, String> metadata(SigningJob job) {
        Map<String, String> described = new LinkedHashMap<>();
        Arns owner = arns.inAccount(job.jobOwner());
        described.put("signingProfileVersionArn", owner.signingProfileVersion(job.profileName(), job.profileVersion()));
        described.put("signingJobArn", owner.signingJob(job.jobId()));
        described.put("signingTime", job.createdAt().toString());
        described.put("signatureExpiresAt", job.signatureExpiresAt().toString());
        return described;
    }

    /** What a retry must ask for again: the payload format (UTF-8), a 0x00 byte, the payload. */
    private static String payloadSha256(String payloadFormat, byte[] payload) {
        MessageDigest sha256 = Digests.newDigest(HashAlgorithm.SHA256);
        sha256.update(payloadFormat.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(payload);
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * The subject a payload stands for: the format's own structured payload (validated by the format
     * when it signs) or, for other formats, the artifact's digest with the platform's hash.
     */
    private Subject subjectOf(SignatureFormat format, SigningPlatform platform, String payloadFormat, byte[] payload) {
        Optional<String> structured = format.payloadFormat();
        if (structured.isPresent()) {
            if (!structured.get().equals(payloadFormat)) {
                throw ServiceException.validation(
                        "payloadFormat must be " + structured.get() + " for platform " + platform.platformId());
            }
            return new Subject.Payload(payloadFormat, payload);
        }
        if (!format.signsDigests()) {
            // said first: no payloadFormat would do
            throw ServiceException.validation("platform " + platform.platformId()
                    + " signs whole artifacts only: use StartSigningJob (SignPayload signs for "
                    + String.join(", ", payloadPlatforms()) + ")");
        }
        HashAlgorithm hash = platform.hashAlgorithm();
        String accepted = digestFormat(hash);
        if (!accepted.equals(payloadFormat)) {
            throw ServiceException.validation("payloadFormat must be " + accepted + " for platform "
                    + platform.platformId() + " (the payload is the artifact's " + hash.jcaName() + " digest)");
        }
        if (payload.length != hash.length()) {
            throw ServiceException.validation("payload must be a " + hash.jcaName() + " digest of " + hash.length()
                    + " bytes, got " + payload.length);
        }
        return new Subject.Digest(hash, payload);
    }

    /** The platforms SignPayload signs for: their format signs digests or takes a payload of its own. */
    private List<String> payloadPlatforms() {
        return platforms.all().stream()
                .map(SigningPlatform::platformId)
                .filter(id -> SignatureFormats.forPlatform(id)
                        .filter(f -> f.signsDigests() || f.payloadFormat().isPresent())
                        .isPresent())
                .toList();
    }

    /** Signs into {@code out}; returns the format's evidence of its own check of the signature. */
    private SignatureEvidence signSubject(
            SignatureFormat format,
            Subject subject,
            SigningProfile profile,
            SignatureMetadata metadata,
            ByteArrayOutputStream out) {
        long start = System.nanoTime();
        try {
            SignatureEvidence evidence =
                    format.sign(new SignRequest(subject, keys.signingKey(profile), metadata, timestamper), out);
            metrics.payloadSigned(profile.platformId(), System.nanoTime() - start);
            return evidence;
        } catch (FormatException e) {
            KeyBackendException keyFailure = keyBackendCause(e);
            if (keyFailure instanceof KeyBackendUnavailableException unavailable) {
                throw unavailable(unavailable);
            }
            if (keyFailure != null) {
                throw ServiceException.internal("the signing key could not be used");
            }
            if (e.getCause() instanceof TimestampException) {
                // the built-in TSA failing is Signet's fault, not the caller's
                throw ServiceException.internal("the signature could not be time-stamped");
            }
            throw ServiceException.validation("cannot sign this payload: " + e.getMessage());
        } catch (KeyBackendUnavailableException e) {
            throw unavailable(e);
        } catch (KeyBackendException e) {
            throw ServiceException.internal("the signing key could not be used");
        }
    }

    /** The caller hears only "retry later"; what failed (module, token) is for the log. */
    private static ServiceException unavailable(KeyBackendUnavailableException e) {
        LoggerFactory.getLogger(PayloadSigningService.class).warn("SignPayload: {}", e.getMessage());
        return ServiceException.unavailable("the signing key's backend is unavailable; retry later");
    }

    /** The key backend failure a format wrapped, if that is why it failed. */
    static KeyBackendException keyBackendCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != e; t = t.getCause()) {
            if (t instanceof KeyBackendException k) {
                return k;
            }
        }
        return null;
    }
}
