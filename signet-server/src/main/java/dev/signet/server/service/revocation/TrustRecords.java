package dev.signet.server.service.revocation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The stored records {@link TrustMaterial} is made of, read with one query per table, in time
 * proportional to the rows returned (revoked jobs are found through an index, not a scan of every
 * job). Read-only.
 */
public interface TrustRecords {

    /** Every job whose signature was revoked, of every account. */
    List<RevokedJob> revokedJobs();

    /** Every imported certificate: its ARN and PEM chain, leaf first. */
    List<ImportedChain> importedCertificates();

    /** Every profile version that signs with an imported certificate. */
    List<CertificateUse> certificateUses();

    /**
     * Every profile version with an outside CA's certificate installed (certificate state {@code
     * External}): its installed chain, leaf first. Versions still waiting for theirs are not listed.
     */
    List<ExternalChain> externalChains();

    /**
     * The signatures of revoked profile versions that Signet recorded as made before the version's
     * effective time: every succeeded job on one of {@code platformIds} with a recorded signature id,
     * whose profile version is revoked and whose {@code completedAt} (at or after the instant Signet
     * used as the signing time) is before the revocation's effective time. Empty for no platforms.
     */
    List<SparedSignature> sparedSignatures(Set<String> platformIds);

    /**
     * A cheap summary of the records above (counts and sums over indexed columns, no rows) that
     * differs whenever one of them was added or changed: a job revoked, a profile version revoked or
     * its effective time moved earlier, a certificate imported, a profile version made with one, an
     * outside CA's certificate installed.
     * {@link TrustSnapshots} compares it to tell whether a snapshot is still current; it is never
     * interpreted.
     */
    ChangeMarker changeMarker();

    /** See {@link #changeMarker()}: equal markers mean unchanged records. */
    record ChangeMarker(
            long revokedJobs,
            long lastJobRevocation,
            long profileRevocations,
            long effectiveTimes,
            long importedCertificates,
            long certificateUses,
            long externalChains) {}

    /**
     * A revoked job.
     *
     * @param jobOwner the account of the job (its profile's owner), whose ARN names the job
     * @param signatureId the id of its signature, empty for signatures made before Signet recorded ids
     */
    record RevokedJob(String jobOwner, String jobId, Optional<String> signatureId, Instant revokedAt) {
        public RevokedJob {
            Objects.requireNonNull(jobOwner, "jobOwner");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(signatureId, "signatureId");
            Objects.requireNonNull(revokedAt, "revokedAt");
        }
    }

    /**
     * A signature of a revoked profile version that its job recorded as completed before the
     * revocation's effective time.
     *
     * @param completedAt when the job completed: at or after the signing time Signet gave the signature
     */
    record SparedSignature(
            String ownerAccount, String profileName, String profileVersion, String signatureId, Instant completedAt) {
        public SparedSignature {
            Objects.requireNonNull(ownerAccount, "ownerAccount");
            Objects.requireNonNull(profileName, "profileName");
            Objects.requireNonNull(profileVersion, "profileVersion");
            Objects.requireNonNull(signatureId, "signatureId");
            Objects.requireNonNull(completedAt, "completedAt");
        }
    }

    /** An imported certificate's chain as stored, leaf first. */
    record ImportedChain(String certificateArn, String certificateChainPem) {
        public ImportedChain {
            Objects.requireNonNull(certificateArn, "certificateArn");
            Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        }
    }

    /**
     * A profile version (of {@code ownerAccount}) whose signing material is the imported
     * certificate {@code certificateArn}.
     */
    record CertificateUse(String ownerAccount, String certificateArn, String profileName, String profileVersion) {
        public CertificateUse {
            Objects.requireNonNull(ownerAccount, "ownerAccount");
            Objects.requireNonNull(certificateArn, "certificateArn");
            Objects.requireNonNull(profileName, "profileName");
            Objects.requireNonNull(profileVersion, "profileVersion");
        }
    }

    /**
     * A profile version (of {@code ownerAccount}) that signs with an outside CA's certificate, installed
     * with its chain up to that CA's root ({@code signet profile certificate}).
     */
    record ExternalChain(String ownerAccount, String profileName, String profileVersion, String certificateChainPem) {
        public ExternalChain {
            Objects.requireNonNull(ownerAccount, "ownerAccount");
            Objects.requireNonNull(profileName, "profileName");
            Objects.requireNonNull(profileVersion, "profileVersion");
            Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        }
    }
}
