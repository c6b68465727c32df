package dev.signet.server.service.profile;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.platform.SigningPlatform;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing profile use cases: put, get, list and cancel.
 *
 * <p>Decisions where AWS documents nothing: a put with the name of an Active profile and the same
 * settings returns that profile unchanged (PUT is idempotent); with different settings it is a
 * ValidationException, because profiles are immutable templates. A canceled or revoked profile's
 * name is never reused (ValidationException), as in AWS. Profiles are readable by their owner
 * account, and by another account ({@code profileOwner}) only as far as the profile's resource
 * policy (AddProfilePermission) grants, which the authorizer decides before the route runs.
 */
public final class SigningProfileService {
    /** Platforms AWS runs only with imported signing material (an ACM certificate). */
    static final Set<String> IMPORTED_MATERIAL_PLATFORMS =
            Set.of("AmazonFreeRTOS-Default", "AmazonFreeRTOS-TI-CC3220SF", "AWSIoTDeviceManagement-SHA256-ECDSA");

    private static final String VERSION_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int DEFAULT_PAGE = 25;
    /** Active profiles kept for {@link #cachedActiveForSigning}; the cache is emptied when full. */
    static final int MAX_CACHED = 10_000;

    private final ProfileRepository repository;
    private final PlatformRegistry platforms;
    private final ProfileKeyIssuer issuer;
    private final Arns arns;
    private final PageTokens pageTokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** How long a cached Active profile is used before it is read again, unless configured. */
    public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(30);

    private final Map<ProfileKey, Cached> active = new ConcurrentHashMap<>();
    private final Duration staleness;

    /** A profile as read at {@code readAt}, by the service clock. */
    private record Cached(SigningProfile profile, Instant readAt) {}

    public SigningProfileService(
            ProfileRepository repository,
            PlatformRegistry platforms,
            ProfileKeyIssuer issuer,
            Arns arns,
            PageTokens pageTokens,
            Clock clock) {
        this(repository, platforms, issuer, arns, pageTokens, clock, DEFAULT_STALENESS);
    }

    /**
     * As above, re-reading a profile cached for SignPayload once it is {@code staleness} old: the
     * bound within which a cancel or revoke on another node is seen here before signing (the
     * conditional record refuses such a signature at once in any case).
     */
    public SigningProfileService(
            ProfileRepository repository,
            PlatformRegistry platforms,
            ProfileKeyIssuer issuer,
            Arns arns,
            PageTokens pageTokens,
            Clock clock,
            Duration staleness) {
        this.staleness = Objects.requireNonNull(staleness, "staleness");
        this.repository = repository;
        this.platforms = platforms;
        this.issuer = issuer;
        this.arns = arns;
        this.pageTokens = pageTokens;
        this.clock = clock;
    }

    public SigningProfile put(Caller caller, PutProfileRequest request) {
        String name = Validation.profileName("profileName", request.profileName());
        SigningPlatform platform = platform(request.platformId());
        checkSigningMaterial(platform, request.certificateArn(), request.externalCertificate());
        if (request.certificateArn().isPresent() && request.keyBackend().isPresent()) {
            throw ServiceException.validation("keyBackend: the key of imported signing material is where its import put"
                    + " it; omit keyBackend or signingMaterial");
        }
        checkOverrides(platform, request.overrides());
        boolean namesCrl = checkSigningParameters(platform, request.signingParameters());
        Validation.tags(request.tags());
        ValidityPeriod validity = request.validity().orElse(ValidityPeriod.DEFAULT);
        // stored with millisecond precision; keep the returned value equal to the stored one
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant validUntil = validity.after(now);

        Optional<SigningProfile> existing = repository.find(caller.accountId(), name);
        if (existing.isPresent()) {
            return unchangedOrRefused(existing.get(), request, validity);
        }
        String version = newVersion();
        String versionArn = arns.inAccount(caller.accountId()).signingProfileVersion(name, version);
        ProfileKeyIssuer.IssuedKey key;
        if (request.certificateArn().isPresent()) {
            key = issuer.imported(
                    platform, caller.accountId(), request.certificateArn().get());
        } else if (request.externalCertificate()) {
            key = issuer.pending(platform, request.keyBackend());
        } else {
            key = issuer.issue(platform, request.keyBackend(), name, versionArn, namesCrl, now, validUntil);
        }
        CertificateState state = request.certificateArn().isPresent()
                ? CertificateState.Imported
                : request.externalCertificate() ? CertificateState.PendingCertificate : CertificateState.Issued;
        SigningProfile profile = new SigningProfile(
                caller.accountId(),
                name,
                version,
                platform.platformId(),
                platform.displayName(),
                request.certificateArn(),
                key.handle(),
                key.chainPem(),
                state,
                validity,
                request.overrides(),
                request.signingParameters(),
                request.tags(),
                ProfileStatus.Active,
                state == CertificateState.PendingCertificate ? Optional.of(pendingReason(name)) : Optional.empty(),
                now);
        if (!repository.create(profile)) {
            // a concurrent put of the same name won
            return unchangedOrRefused(repository.find(caller.accountId(), name).orElseThrow(), request, validity);
        }
        return profile;
    }

    private SigningProfile unchangedOrRefused(
            SigningProfile existing, PutProfileRequest request, ValidityPeriod validity) {
        if (existing.status() != ProfileStatus.Active) {
            throw ServiceException.validation("signing profile " + existing.name() + " is " + existing.status()
                    + "; the name of a canceled or revoked profile cannot be reused");
        }
        if (!existing.sameSettings(
                        request.platformId(),
                        request.certificateArn(),
                        validity,
                        request.overrides(),
                        request.signingParameters(),
                        request.tags())
                || request.externalCertificate() != existing.externalCertificate()
                || !request.keyBackend().map(existing.key().backend()::equals).orElse(true)) {
            throw ServiceException.validation(
                    "signing profile " + existing.name()
                            + " already exists with different settings; profiles cannot be changed, create one with a new name");
        }
        return existing;
    }

    public SigningProfile get(Caller caller, String name, Optional<String> profileOwner) {
        Validation.profileName("profileName", name);
        String owner = owner(caller, profileOwner);
        return repository
                .find(owner, name)
                .orElseThrow(() -> ServiceException.notFound("signing profile " + name + " does not exist"));
    }

    /**
     * The caller's profile {@code name}'s version waiting for its outside CA's certificate (made by a
     * rotation of an External profile), if it has one: it stands beside the current version, which
     * keeps signing until the pending one gets its certificate.
     *
     * @throws ServiceException ResourceNotFound when the caller has no such profile
     */
    public Optional<SigningProfile> pendingVersion(Caller caller, String name) {
        SigningProfile current = get(caller, name, Optional.empty());
        return repository.findPendingVersion(current.ownerAccount(), current.name());
    }

    /**
     * The profile a new signature is made with: it must exist and be Active, and its version must
     * have its certificate.
     */
    public SigningProfile activeForSigning(Caller caller, String name, Optional<String> profileOwner) {
        SigningProfile profile = get(caller, name, profileOwner);
        if (profile.status() != ProfileStatus.Active) {
            throw ServiceException.validation(
                    "signing profile " + name + " is " + profile.status() + " and cannot sign");
        }
        if (profile.pendingCertificate()) {
            throw ServiceException.validation(pendingReason(name));
        }
        return profile;
    }

    /** Why a version waiting for its outside CA's certificate cannot sign, and what to do. */
    static String pendingReason(String name) {
        return "signing profile " + name + " is PendingCertificate and cannot sign: its certificate has not been"
                + " installed; get a CSR with signet profile csr " + name + ", have the CA issue the certificate and"
                + " install it with signet profile certificate " + name + " --chain FILE";
    }

    /**
     * As {@link #activeForSigning}, from a cache of the Active profiles this server has signed with,
     * for SignPayload's hot path; an entry is read again once it is older than the staleness bound.
     * A cached profile may have been canceled or revoked since, on this node or another: callers must record their signature with {@code
     * JobRepository.recordSignature}, which checks at commit time that the version is still the
     * current one of an Active profile, and call {@link #forget} when it is not. Its tags may be
     * stale; use it for signing only.
     */
    public SigningProfile cachedActiveForSigning(Caller caller, String name, Optional<String> profileOwner) {
        Validation.profileName("profileName", name);
        ProfileKey key = new ProfileKey(owner(caller, profileOwner), name);
        Instant now = clock.instant();
        Cached cached = active.get(key);
        // re-read once stale; a clock moved backwards counts as stale too
        if (cached != null
                && !now.isBefore(cached.readAt())
                && now.isBefore(cached.readAt().plus(staleness))) {
            return cached.profile();
        }
        if (cached != null) {
            active.remove(key, cached);
        }
        SigningProfile profile = activeForSigning(caller, name, profileOwner);
        if (active.size() >= MAX_CACHED) {
            active.clear();
        }
        active.put(key, new Cached(profile, now));
        return profile;
    }

    /** Drops {@code profile} from the cache of {@link #cachedActiveForSigning}. */
    public void forget(SigningProfile profile) {
        active.remove(new ProfileKey(profile.ownerAccount(), profile.name()));
    }

    public ProfilePage list(
            Caller caller,
            boolean includeCanceled,
            Optional<String> platformId,
            Set<ProfileStatus> statuses,
            Optional<Integer> maxResults,
            Optional<String> nextToken) {
        Validation.maxResults(maxResults);
        // AWS: a canceled or revoked profile "is still viewable with ListSigningProfiles"; canceled
        // ones only with includeCanceled. An explicit statuses filter lists exactly those statuses.
        Set<ProfileStatus> wanted =
                statuses.isEmpty() ? EnumSet.of(ProfileStatus.Active, ProfileStatus.Revoked) : EnumSet.copyOf(statuses);
        if (statuses.isEmpty() && includeCanceled) {
            wanted.add(ProfileStatus.Canceled);
        }
        ProfileFilter filter = new ProfileFilter(caller.accountId(), wanted, platformId);
        Optional<String> after = pageTokens.open(filter.fingerprint(), nextToken);
        int limit = maxResults.orElse(DEFAULT_PAGE);
        List<SigningProfile> rows = repository.list(filter, after, limit + 1);
        if (rows.size() <= limit) {
            return new ProfilePage(rows, Optional.empty());
        }
        List<SigningProfile> page = rows.subList(0, limit);
        return new ProfilePage(
                page,
                Optional.of(pageTokens.issue(
                        filter.fingerprint(), page.get(limit - 1).name())));
    }

    /** Cancels an Active profile; canceling a canceled profile again changes nothing. */
    public void cancel(Caller caller, String name) {
        SigningProfile profile = get(caller, name, Optional.empty());
        if (profile.status() == ProfileStatus.Active) {
            repository.updateStatus(
                    profile.ownerAccount(),
                    name,
                    ProfileStatus.Active,
                    ProfileStatus.Canceled,
                    Optional.of("Profile canceled"));
            forget(profile);
        }
    }

    /**
     * Rotates an Active profile's key, by where its certificate comes from:
     *
     * <ul>
     *   <li>Signet's CA: a new version with a new key (in {@code keyBackend}, by default the backend
     *       of the current version's key) and a new certificate becomes the current version at once;
     *   <li>an outside CA ({@code External}): a new version with a new key (same default) is made
     *       {@link CertificateState#PendingCertificate} beside the current version, which keeps
     *       signing; the CSR and the certificate installation then act on it, and installing its
     *       certificate makes it the current version ({@link ExternalCertificateService#install});
     *   <li>imported material: {@code certificateArn} names the new material (key and chain imported
     *       with {@code POST /v1/certificates}), which becomes the current version at once; without
     *       it the rotation is refused, saying so.
     * </ul>
     *
     * The replaced version's signatures keep verifying until that version is revoked.
     *
     * @throws ServiceException conflict when the profile was rotated, canceled or revoked meanwhile
     */
    public SigningProfile rotate(
            Caller caller, String name, Optional<String> keyBackend, Optional<String> certificateArn) {
        SigningProfile current = get(caller, name, Optional.empty());
        if (current.status() != ProfileStatus.Active) {
            throw ServiceException.validation(
                    "signing profile " + name + " is " + current.status() + " and cannot be rotated");
        }
        if (certificateArn.isPresent() && current.certificateState() != CertificateState.Imported) {
            throw ServiceException.validation("certificateArn: signing profile " + name + " has a certificate from "
                    + (current.externalCertificate() ? "an outside CA" : "Signet's CA")
                    + ", not imported material; rotate it without certificateArn");
        }
        return switch (current.certificateState()) {
            case Issued -> rotateIssued(current, keyBackend);
            case External -> rotateExternal(current, keyBackend);
            case Imported -> rotateImported(current, keyBackend, certificateArn);
            case PendingCertificate ->
                throw ServiceException.validation("signing profile " + name
                        + " is waiting for the certificate of its first key; install it with signet profile certificate "
                        + name + " --chain FILE before rotating");
        };
    }

    private SigningProfile rotateIssued(SigningProfile current, Optional<String> keyBackend) {
        SigningPlatform platform = platform(current.platformId());
        boolean namesCrl = checkSigningParameters(platform, current.signingParameters());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String version = newVersion();
        ProfileKeyIssuer.IssuedKey key = issuer.issue(
                platform,
                Optional.of(keyBackend.orElse(current.key().backend())),
                current.name(),
                arns.inAccount(current.ownerAccount()).signingProfileVersion(current.name(), version),
                namesCrl,
                now,
                current.validity().after(now));
        return replace(current, current.nextVersion(version, Optional.empty(), key, CertificateState.Issued), now);
    }

    private SigningProfile rotateExternal(SigningProfile current, Optional<String> keyBackend) {
        String name = current.name();
        repository.findPendingVersion(current.ownerAccount(), name).ifPresent(pending -> {
            throw ServiceException.validation("signing profile " + name + " already has a new version ("
                    + pending.version() + ") waiting for its certificate: get its CSR with signet profile csr "
                    + name + " and install the certificate with signet profile certificate " + name
                    + " --chain FILE");
        });
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ProfileKeyIssuer.IssuedKey key = issuer.pending(
                platform(current.platformId()),
                Optional.of(keyBackend.orElse(current.key().backend())));
        SigningProfile pending = current.nextVersion(
                        newVersion(), Optional.empty(), key, CertificateState.PendingCertificate)
                .withStatus(
                        ProfileStatus.Active,
                        Optional.of("version waiting for its certificate; version " + current.version()
                                + " signs until it is installed: get a CSR with signet profile csr " + name
                                + " and install the certificate with signet profile certificate " + name
                                + " --chain FILE"));
        if (!repository.addPendingVersion(pending, current.version(), now)) {
            throw ServiceException.conflict("signing profile " + name + " was rotated, canceled or revoked while this"
                    + " rotation ran; nothing was changed");
        }
        return pending;
    }

    private SigningProfile rotateImported(
            SigningProfile current, Optional<String> keyBackend, Optional<String> certificateArn) {
        String name = current.name();
        if (certificateArn.isEmpty()) {
            throw ServiceException.validation("signing profile " + name + " signs with imported material, whose key"
                    + " Signet did not make: import the new key and certificate (signet certificate import), then"
                    + " rotate with the new material, signet profile rotate " + name + " --certificate-arn ARN");
        }
        if (keyBackend.isPresent()) {
            throw ServiceException.validation("keyBackend: the key of imported signing material is where its import"
                    + " put it; omit keyBackend");
        }
        if (certificateArn.equals(current.certificateArn())) {
            throw ServiceException.validation("certificateArn " + certificateArn.get() + " is already the material of "
                    + name + "'s current version; import the new key and certificate first");
        }
        ProfileKeyIssuer.IssuedKey key =
                issuer.imported(platform(current.platformId()), current.ownerAccount(), certificateArn.get());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return replace(current, current.nextVersion(newVersion(), certificateArn, key, CertificateState.Imported), now);
    }

    /**
     * Makes {@code next} the current version in place of {@code current}, atomically (see {@link
     * ProfileRepository#addVersion}); used by rotation and by the renewal of an outside CA's
     * certificate.
     */
    SigningProfile replace(SigningProfile current, SigningProfile next, Instant now) {
        if (!repository.addVersion(next, current.version(), now)) {
            throw ServiceException.conflict("signing profile " + current.name() + " was rotated, canceled or revoked"
                    + " while this change ran; nothing was changed");
        }
        forget(current);
        return next;
    }

    /** A fresh profile version id. */
    String newVersion() {
        StringBuilder version = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            version.append(VERSION_ALPHABET.charAt(random.nextInt(VERSION_ALPHABET.length())));
        }
        return version.toString();
    }

    /** The ARN of the caller's profile {@code name}: what a read of it is authorized on. */
    public String arn(Caller caller, String name) {
        return arns.inAccount(caller.accountId()).signingProfile(Validation.profileName("profileName", name));
    }

    public String arn(SigningProfile profile) {
        return arns.inAccount(profile.ownerAccount()).signingProfile(profile.name());
    }

    public String versionArn(SigningProfile profile) {
        return arns.inAccount(profile.ownerAccount()).signingProfileVersion(profile.name(), profile.version());
    }

    private SigningPlatform platform(String platformId) {
        Validation.require("platformId", platformId);
        return platforms
                .find(platformId)
                .orElseThrow(() -> ServiceException.validation(
                        "platformId " + Validation.printable(platformId) + " is not a known signing platform"));
    }

    private static void checkSigningMaterial(
            SigningPlatform platform, Optional<String> certificateArn, boolean externalCertificate) {
        if (externalCertificate) {
            // an outside CA's certificate for a key made here replaces imported material on every platform
            if (certificateArn.isPresent()) {
                throw ServiceException.validation(
                        "externalCertificate and signingMaterial exclude each other:"
                                + " the first makes a key here for an outside CA to certify, the second names imported material");
            }
            return;
        }
        // every platform takes imported material (an existing key and certificate); the IoT ones only that
        boolean importedOnly = IMPORTED_MATERIAL_PLATFORMS.contains(platform.platformId());
        if (certificateArn.isEmpty() && importedOnly) {
            throw ServiceException.validation("signing material cannot be null: platform " + platform.platformId()
                    + " signs only with imported signing material (signingMaterial.certificateArn of a certificate"
                    + " imported with POST /v1/certificates)");
        }
    }

    private static void checkOverrides(SigningPlatform platform, SigningOverrides overrides) {
        overrides.encryptionAlgorithm().ifPresent(a -> {
            if (!platform.encryptionAlgorithms().contains(a)) {
                throw ServiceException.validation("overrides.signingConfiguration.encryptionAlgorithm " + a
                        + " is not allowed on " + platform.platformId() + "; allowed: "
                        + platform.encryptionAlgorithms());
            }
        });
        overrides.hashAlgorithm().ifPresent(h -> {
            if (!platform.hashAlgorithms().contains(h)) {
                throw ServiceException.validation("overrides.signingConfiguration.hashAlgorithm " + h
                        + " is not allowed on " + platform.platformId() + "; allowed: " + platform.hashAlgorithms());
            }
        });
        overrides.signingImageFormat().ifPresent(f -> {
            if (!platform.supportedImageFormats().contains(f)) {
                throw ServiceException.validation("overrides.signingImageFormat " + f + " is not supported on "
                        + platform.platformId() + "; supported: " + platform.supportedImageFormats());
            }
        });
    }

    /**
     * Keys of the {@code signet:} namespace are Signet's (docs/signer-api.md): the platform's format
     * says which it takes; any other key is the caller's, as AWS allows.
     *
     * @return whether the profile's certificate should name the CRL distribution point
     */
    private static boolean checkSigningParameters(SigningPlatform platform, Map<String, String> parameters) {
        Optional<SignatureFormat> format = SignatureFormats.forPlatform(platform.platformId());
        if (format.isEmpty()) {
            if (parameters.keySet().stream().anyMatch(k -> k.startsWith(SignatureFormat.SIGNET_PARAMETER_PREFIX))) {
                throw ServiceException.validation("signingParameters: platform " + platform.platformId() + " takes no "
                        + SignatureFormat.SIGNET_PARAMETER_PREFIX + " parameter");
            }
            return false;
        }
        try {
            format.get().checkSigningParameters(parameters);
            return format.get().namesCrlDistributionPoint(parameters);
        } catch (FormatException e) {
            throw ServiceException.validation("signingParameters: " + e.getMessage());
        }
    }

    /**
     * The account whose profile a request names: {@code profileOwner} when given, else the
     * caller's. Another account's profile is reached only after the authorizer allowed the request
     * with that profile's resource policy (AddProfilePermission), which every route naming a
     * profileOwner asks before it runs.
     */
    private static String owner(Caller caller, Optional<String> profileOwner) {
        Validation.accountId("profileOwner", profileOwner);
        return profileOwner.orElse(caller.accountId());
    }

    private record ProfileKey(String owner, String name) {}
}
