package dev.signet.server.service.revocation;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.platform.SigningPlatform;
import dev.signet.core.revocation.ImportedAnchor;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.RevokedProfileVersion;
import dev.signet.core.revocation.RevokedSignature;
import dev.signet.core.revocation.SignedRevocationList;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.server.service.Arns;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this server's verifiers trust, read from the database when {@link TrustSnapshots} builds it:
 * the CA root (the one root trusted for every certificate), the time-stamp authority's chain, the
 * imported signing certificates (each bound to the profile versions that use it, and trusted under
 * the root of its own imported chain only: {@link ImportedTrust}), and the current revocation list
 * (issued at the service clock's now, next update {@link #NEXT_UPDATE} later). The online gate
 * ({@code POST /v1/verify}) and the exported trust bundle are both built from it, so online and
 * offline verification agree.
 *
 * <p>An instance is an immutable snapshot of the moment it was built; its signed forms carry exactly
 * its {@link #revocationList()}, and each is signed once, when first asked for.
 *
 * <p>Each revoked profile version lists as {@code spared} the signatures Signet recorded as made before
 * its effective time on platforms whose format proves no signing time (see {@link
 * TrustRecords#sparedSignatures}); verifiers use that list only for signatures without a trusted
 * signing time.
 *
 * <p>Limitation: a job revoked without a recorded signature id (signed before Signet recorded ids,
 * schema V7) cannot be named in the list, whose entries are signature ids; such jobs are reported by
 * {@link #unlistedRevokedJobArns()} and still answered by {@code GetRevocationStatus} by job ARN.
 */
public final class TrustMaterial {
    /** How long an issued revocation list is current. */
    public static final Duration NEXT_UPDATE = Duration.ofDays(7);

    private final CertificateAuthority ca;
    private final List<X509Certificate> timestampChain;
    private final List<ImportedAnchor> importedCertificates;
    private final RevocationList revocationList;
    private final List<String> unlistedRevokedJobArns;
    private byte[] signedRevocationList;
    private byte[] trustBundle;

    TrustMaterial(
            CertificateAuthority ca,
            List<X509Certificate> timestampChain,
            List<ImportedAnchor> importedCertificates,
            RevocationList revocationList,
            List<String> unlistedRevokedJobArns) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.timestampChain = List.copyOf(timestampChain);
        this.importedCertificates = List.copyOf(importedCertificates);
        this.revocationList = Objects.requireNonNull(revocationList, "revocationList");
        this.unlistedRevokedJobArns = List.copyOf(unlistedRevokedJobArns);
    }

    /**
     * The platforms whose format does not prove every signature's signing time ({@code
     * SignatureFormat#provesSigningTime()} false): their signatures of a revoked version may need
     * the version's {@code spared} list.
     */
    static Set<String> platformsWithoutSigningTime(PlatformRegistry platforms) {
        Set<String> out = new TreeSet<>();
        for (SigningPlatform p : platforms.all()) {
            SignatureFormats.forPlatform(p.platformId())
                    .filter(f -> !f.provesSigningTime())
                    .ifPresent(f -> out.add(p.platformId()));
        }
        return out;
    }

    static TrustMaterial from(
            CertificateAuthority ca,
            TrustRecords records,
            ProfileRevocationRepository profileRevocations,
            List<X509Certificate> timestampChain,
            Arns arns,
            Clock clock,
            Set<String> platformsWithoutSigningTime) {
        List<TrustRecords.ImportedChain> imported = records.importedCertificates();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<RevokedSignature> signatures = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        for (TrustRecords.RevokedJob job : records.revokedJobs()) {
            String jobArn = arns.inAccount(job.jobOwner()).signingJob(job.jobId());
            job.signatureId()
                    .ifPresentOrElse(
                            id -> signatures.add(new RevokedSignature(id, jobArn, job.revokedAt())),
                            () -> unlisted.add(jobArn));
        }
        signatures.sort(Comparator.comparing(RevokedSignature::revokedAt).thenComparing(RevokedSignature::jobArn));
        List<ProfileRevocation> revocations = profileRevocations.all();
        // read after the revocations, and re-checked against the effective time read with them, so an
        // effective time moved earlier meanwhile can only shorten what is spared
        Map<String, List<TrustRecords.SparedSignature>> spared = new HashMap<>();
        for (TrustRecords.SparedSignature s : records.sparedSignatures(platformsWithoutSigningTime)) {
            spared.computeIfAbsent(
                            versionKey(s.ownerAccount(), s.profileName(), s.profileVersion()), k -> new ArrayList<>())
                    .add(s);
        }
        List<RevokedProfileVersion> versions = new ArrayList<>();
        for (ProfileRevocation r : revocations) {
            List<String> ids =
                    spared
                            .getOrDefault(versionKey(r.ownerAccount(), r.profileName(), r.profileVersion()), List.of())
                            .stream()
                            .filter(s -> s.completedAt().isBefore(r.effectiveFrom()))
                            .map(TrustRecords.SparedSignature::signatureId)
                            .toList();
            versions.add(new RevokedProfileVersion(
                    arns.inAccount(r.ownerAccount()).signingProfileVersion(r.profileName(), r.profileVersion()),
                    r.effectiveFrom(),
                    r.revokedAt(),
                    ids));
        }
        versions.sort(Comparator.comparing(RevokedProfileVersion::revokedAt)
                .thenComparing(RevokedProfileVersion::profileVersionArn));
        Collections.sort(unlisted);
        return new TrustMaterial(
                ca,
                timestampChain,
                ImportedTrust.anchors(imported, records.certificateUses(), records.externalChains(), arns),
                new RevocationList(now, now.plus(NEXT_UPDATE), signatures, versions),
                unlisted);
    }

    private static String versionKey(String owner, String name, String version) {
        return owner + "/" + name + "/" + version;
    }

    /**
     * The Signet CA's first root, which every chain the CA hands out reaches (through cross
     * certificates after a root renewal): the only root whose certificates' own profile version ARNs a verifier
     * believes (imported certificates sign only for their bindings).
     */
    public X509Certificate signetRoot() {
        return ca.root();
    }

    /**
     * The roots trusted for every certificate: the Signet CA's roots, oldest first (more than one
     * after a root renewal), never an imported root.
     */
    public List<X509Certificate> trustedRoots() {
        return ca.roots();
    }

    /** The built-in time-stamp authority's certificate, its issuing CA, the root. */
    public List<X509Certificate> timestampChain() {
        return timestampChain;
    }

    /**
     * The imported signing certificates used by profile versions, sorted by fingerprint: see {@link
     * dev.signet.core.revocation.TrustBundle#importedCertificates()}.
     */
    public List<ImportedAnchor> importedCertificates() {
        return importedCertificates;
    }

    /** Every revoked signature and profile version, as of the service clock's now. */
    public RevocationList revocationList() {
        return revocationList;
    }

    /** Job ARNs revoked without a recorded signature id, which the list cannot name (oldest first by ARN). */
    public List<String> unlistedRevokedJobArns() {
        return unlistedRevokedJobArns;
    }

    /** {@link #revocationList()} signed by the CA ({@code SignedRevocationList}), signed on first use. */
    public synchronized byte[] signedRevocationList() {
        if (signedRevocationList == null) {
            signedRevocationList = SignedRevocationList.sign(revocationList, ca.issuingKey());
        }
        return signedRevocationList.clone();
    }

    /** A signed trust bundle file ({@code TrustBundle.encode}) of all of the above, signed on first use. */
    public synchronized byte[] trustBundle() {
        if (trustBundle == null) {
            trustBundle = new TrustBundle(
                            trustedRoots(),
                            timestampChain,
                            revocationList,
                            signedRevocationList(),
                            importedCertificates,
                            revocationList.issuedAt())
                    .encode(ca.issuingKey());
        }
        return trustBundle.clone();
    }
}
