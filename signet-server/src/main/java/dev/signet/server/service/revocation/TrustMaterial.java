package dev.signet.server.service.revocation;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.RevokedProfileVersion;
import dev.signet.core.revocation.RevokedSignature;
import dev.signet.core.revocation.SignedRevocationList;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.server.ServerContext;
import dev.signet.server.Timestamping;
import dev.signet.server.service.Arns;
import dev.signet.server.store.signer.JdbiProfileRevocationRepository;
import dev.signet.server.store.signer.JdbiTrustRecords;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What this server's verifiers trust, read fresh from the database by every {@link #from} call: the
 * CA root and the roots of imported certificate chains, the time-stamp authority's chain, the
 * bindings of imported signing certificates to profile versions, and the current revocation list
 * (issued at the service clock's now, next update {@link #NEXT_UPDATE} later). The online gate
 * ({@code POST /v1/verify}) and the exported trust bundle are both built from it, so online and
 * offline verification agree.
 *
 * <p>An instance is an immutable snapshot of the moment {@code from} was called; its signed forms
 * carry exactly its {@link #revocationList()}.
 *
 * <p>Limitation: a job revoked without a recorded signature id (signed before Signet recorded ids,
 * schema V7) cannot be named in the list, whose entries are signature ids; such jobs are reported by
 * {@link #unlistedRevokedJobArns()} and still answered by {@code GetRevocationStatus} by job ARN.
 */
public final class TrustMaterial {
    /** How long an issued revocation list is current. */
    public static final Duration NEXT_UPDATE = Duration.ofDays(7);

    private final CertificateAuthority ca;
    private final List<X509Certificate> trustedRoots;
    private final List<X509Certificate> timestampChain;
    private final Map<String, Set<String>> certificateBindings;
    private final RevocationList revocationList;
    private final List<String> unlistedRevokedJobArns;

    TrustMaterial(
            CertificateAuthority ca,
            List<X509Certificate> trustedRoots,
            List<X509Certificate> timestampChain,
            Map<String, Set<String>> certificateBindings,
            RevocationList revocationList,
            List<String> unlistedRevokedJobArns) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.trustedRoots = List.copyOf(trustedRoots);
        this.timestampChain = List.copyOf(timestampChain);
        this.certificateBindings = Collections.unmodifiableMap(new TreeMap<>(certificateBindings));
        this.revocationList = Objects.requireNonNull(revocationList, "revocationList");
        this.unlistedRevokedJobArns = List.copyOf(unlistedRevokedJobArns);
    }

    /** The server's trust material now, read from its database with one query per table. */
    public static TrustMaterial from(ServerContext context) {
        return from(
                context.ca(),
                new JdbiTrustRecords(context.database()),
                new JdbiProfileRevocationRepository(context.database()),
                Timestamping.authority(context).chain(),
                context.arns(),
                context.clock());
    }

    static TrustMaterial from(
            CertificateAuthority ca,
            TrustRecords records,
            ProfileRevocationRepository profileRevocations,
            List<X509Certificate> timestampChain,
            Arns arns,
            Clock clock) {
        List<TrustRecords.ImportedChain> imported = records.importedCertificates();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<RevokedSignature> signatures = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        for (TrustRecords.RevokedJob job : records.revokedJobs()) {
            String jobArn = arns.signingJob(job.jobId());
            job.signatureId()
                    .ifPresentOrElse(
                            id -> signatures.add(new RevokedSignature(id, jobArn, job.revokedAt())),
                            () -> unlisted.add(jobArn));
        }
        signatures.sort(Comparator.comparing(RevokedSignature::revokedAt).thenComparing(RevokedSignature::jobArn));
        List<RevokedProfileVersion> versions = new ArrayList<>();
        for (ProfileRevocation r : profileRevocations.all()) {
            versions.add(new RevokedProfileVersion(
                    arns.signingProfileVersion(r.profileName(), r.profileVersion()), r.effectiveFrom(), r.revokedAt()));
        }
        versions.sort(Comparator.comparing(RevokedProfileVersion::revokedAt)
                .thenComparing(RevokedProfileVersion::profileVersionArn));
        Collections.sort(unlisted);
        return new TrustMaterial(
                ca,
                ImportedTrust.roots(ca.root(), imported),
                timestampChain,
                ImportedTrust.bindings(imported, records.certificateUses(), arns),
                new RevocationList(now, now.plus(NEXT_UPDATE), signatures, versions),
                unlisted);
    }

    /**
     * The Signet CA root: the only root whose certificates' own profile version ARNs a verifier
     * believes (certificates under imported roots sign only for their bindings).
     */
    public X509Certificate signetRoot() {
        return ca.root();
    }

    /** The Signet CA root first, then the distinct self-signed roots of imported certificate chains. */
    public List<X509Certificate> trustedRoots() {
        return trustedRoots;
    }

    /** The built-in time-stamp authority's certificate, its issuing CA, the root. */
    public List<X509Certificate> timestampChain() {
        return timestampChain;
    }

    /** See {@link dev.signet.core.revocation.TrustBundle#certificateBindings()}. */
    public Map<String, Set<String>> certificateBindings() {
        return certificateBindings;
    }

    /** Every revoked signature and profile version, as of the service clock's now. */
    public RevocationList revocationList() {
        return revocationList;
    }

    /** Job ARNs revoked without a recorded signature id, which the list cannot name (oldest first by ARN). */
    public List<String> unlistedRevokedJobArns() {
        return unlistedRevokedJobArns;
    }

    /** {@link #revocationList()} signed by the CA ({@code SignedRevocationList}). */
    public byte[] signedRevocationList() {
        return SignedRevocationList.sign(revocationList, ca.issuingKey());
    }

    /** A signed trust bundle file ({@code TrustBundle.encode}) of all of the above. */
    public byte[] trustBundle() {
        return new TrustBundle(
                        trustedRoots,
                        timestampChain,
                        revocationList,
                        signedRevocationList(),
                        certificateBindings,
                        revocationList.issuedAt())
                .encode(ca.issuingKey());
    }
}
