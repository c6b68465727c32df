package dev.signet.server.service.job;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyBackendException;
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
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.profile.ProfileKeyIssuer;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.SigningProfileService;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code SignPayload}: signs a digest the client computed, synchronously. The payload is the
 * artifact's digest with the platform's hash, announced by the payload format {@code
 * application/vnd.signet.digest+sha256} (or {@code +sha384}), or, for a format with its own payload
 * type ({@link SignatureFormat#payloadFormat()}, e.g. the Notary payload for Notation), that
 * payload, which the format validates; anything else is refused, naming what is accepted. A
 * platform whose format signs whole files only ({@link SignatureFormat#signsDigests()} false) is
 * refused first, whatever the payload. The
 * signature is recorded as a Succeeded job, with its signature id, before it is returned, so every
 * signature Signet hands out is on record; the record is refused, and the signature dropped, when
 * the profile was canceled or revoked after it was looked up (profiles come from a cache).
 */
public final class PayloadSigningService {
    /** The payload format prefix; the suffix is the platform's hash in lower case. */
    public static final String DIGEST_FORMAT_PREFIX = "application/vnd.signet.digest+";

    private static final int MAX_PAYLOAD = 4096;

    private final SigningProfileService profiles;
    private final ProfileKeyIssuer keys;
    private final PlatformRegistry platforms;
    private final JobRepository jobs;
    private final Arns arns;
    private final Clock clock;
    private final Optional<Timestamper> timestamper;

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
        byte[] payload = request.payload().orElseThrow(() -> ServiceException.validation("payload is required"));
        String payloadFormat =
                request.payloadFormat().orElseThrow(() -> ServiceException.validation("payloadFormat is required"));
        if (payload.length < 1 || payload.length > MAX_PAYLOAD) {
            throw ServiceException.validation("payload must be 1 to 4096 bytes, got " + payload.length);
        }
        SigningProfile profile = profiles.cachedActiveForSigning(caller, request.profileName(), request.profileOwner());
        SigningPlatform platform = platforms
                .find(profile.platformId())
                .orElseThrow(() -> ServiceException.internal("platform of the profile is no longer available"));
        SignatureFormat format = SignatureFormats.forPlatform(platform.platformId())
                .orElseThrow(() -> ServiceException.validation(
                        "platform " + platform.platformId() + " cannot sign payloads in this version of Signet"));
        Subject subject = subjectOf(format, platform, payloadFormat, payload);

        // stored with millisecond precision; keep the returned value equal to the stored one
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = profile.validity().after(now);
        String jobId = UUID.randomUUID().toString();
        String versionArn = profiles.versionArn(profile);
        SignatureMetadata metadata =
                new SignatureMetadata(now, expiresAt, versionArn, Optional.of(arns.signingJob(jobId)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureEvidence evidence = signSubject(format, subject, profile, metadata, out);
        byte[] signature = out.toByteArray();

        SigningJob job = new SigningJob(
                jobId,
                profile.ownerAccount(),
                caller.accountId(),
                caller.principalArn(),
                Optional.empty(),
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
                evidence.signatureId());
        if (!jobs.recordSignature(job)) {
            // canceled or revoked since it was cached: the signature is dropped, never handed out
            profiles.forget(profile);
            profiles.activeForSigning(caller, request.profileName(), request.profileOwner());
            throw ServiceException.validation(
                    "signing profile " + profile.name() + " changed while signing; nothing was signed");
        }
        Map<String, String> described = new LinkedHashMap<>();
        described.put("signingProfileVersionArn", versionArn);
        described.put("signingJobArn", arns.signingJob(jobId));
        described.put("signingTime", now.toString());
        described.put("signatureExpiresAt", expiresAt.toString());
        return new PayloadSignature(job, signature, described);
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
        try {
            return format.sign(new SignRequest(subject, keys.signingKey(profile), metadata, timestamper), out);
        } catch (FormatException e) {
            if (e.getCause() instanceof TimestampException) {
                // the built-in TSA failing is Signet's fault, not the caller's
                throw ServiceException.internal("the signature could not be time-stamped");
            }
            throw ServiceException.validation("cannot sign this payload: " + e.getMessage());
        } catch (KeyBackendException e) {
            throw ServiceException.internal("the signing key could not be used");
        }
    }
}
