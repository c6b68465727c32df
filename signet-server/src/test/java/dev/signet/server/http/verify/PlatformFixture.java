package dev.signet.server.http.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.verify.UntrustedArtifactAction;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signatures one platform contributes to the matrix, all made by real servers through the real
 * APIs. On the first server: profile {@code main} (the valid signature, which is also the one that
 * expires and the one with a byte changed; and a second signature over other content, revoked with
 * RevokeSignature), profile {@code rev} (two signatures at least two seconds apart, then
 * RevokeSigningProfile effective on a whole second between them: the earlier one was made before
 * the revocation took effect, the later one after) and profile {@code other} (not in the code
 * signing config). On the second server, an independent Signet with its own CA: a profile with the
 * same name as {@code main}. Every profile's signatures expire after one day.
 */
final class PlatformFixture {
    final MatrixPlatform platform;
    final Map<MatrixCase, Sample> samples = new EnumMap<>(MatrixCase.class);
    final Map<UntrustedArtifactAction, String> codeSigningConfigs = new EnumMap<>(UntrustedArtifactAction.class);
    private final String prefix;
    private String mainArn;
    private String revName;
    private String revArn;
    private MatrixPlatform.Signing valid;
    private MatrixPlatform.Signing toRevoke;
    private MatrixPlatform.Signing beforeRevocation;
    private MatrixPlatform.Signing afterRevocation;
    private MatrixPlatform.Signing otherProfile;
    private MatrixPlatform.Signing otherRoot;
    private MatrixServer server;
    private Instant firstRevSignatureAt;

    PlatformFixture(MatrixPlatform platform, int index) {
        this.platform = platform;
        this.prefix = "matrix" + index;
    }

    /** The profile version ARNs the code signing configs allow. */
    List<String> allowedPublishers() {
        return List.of(mainArn, revArn);
    }

    /** Profiles (with imported certificates on the IoT platforms) and the first round of signatures. */
    void startSigning(MatrixServer first, MatrixServer second) throws IOException, InterruptedException {
        server = first;
        String main = prefix + "_main";
        revName = prefix + "_rev";
        String other = prefix + "_other";
        mainArn = first.putProfile(main, platform.id, certificate(first, main));
        revArn = first.putProfile(revName, platform.id, certificate(first, revName));
        first.putProfile(other, platform.id, certificate(first, other));
        second.putProfile(main, platform.id, certificate(second, main));
        valid = platform.sign(first, main, 0, "valid");
        toRevoke = platform.sign(first, main, 1, "revoked-signature");
        beforeRevocation = platform.sign(first, revName, 0, "before-revocation");
        otherProfile = platform.sign(first, other, 0, "other-profile");
        otherRoot = platform.sign(second, main, 0, "other-root");
    }

    /**
     * Waits for the first round; returns when the rev profile's first signature was made: its trusted
     * signing time, else (the IoT JSON formats carry none) the completion time Signet recorded for
     * its job, at or after the instant it signed.
     */
    Optional<Instant> finishFirstRound() {
        Sample validSample = valid.sample().get();
        samples.put(MatrixCase.VALID, validSample);
        samples.put(MatrixCase.EXPIRED, validSample);
        samples.put(MatrixCase.ONE_BYTE_CHANGED, platform.oneByteChanged(validSample));
        samples.put(MatrixCase.UNSIGNED, platform.unsigned());
        samples.put(MatrixCase.SIGNATURE_REVOKED, toRevoke.sample().get());
        samples.put(MatrixCase.PROFILE_REVOKED_AFTER, beforeRevocation.sample().get());
        samples.put(MatrixCase.OTHER_PROFILE, otherProfile.sample().get());
        samples.put(MatrixCase.OTHER_ROOT, otherRoot.sample().get());
        firstRevSignatureAt = samples.get(MatrixCase.PROFILE_REVOKED_AFTER)
                .trustedSigningTime()
                .orElseGet(() -> recorded(beforeRevocation).completedAt());
        return Optional.of(firstRevSignatureAt);
    }

    private software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse recorded(
            MatrixPlatform.Signing signing) {
        return server.signer.describeSigningJob(b -> b.jobId(signing.jobId()));
    }

    /**
     * The rev profile's second signature, made at least two seconds after the first, over other
     * content: a deterministic signature (RSA PKCS#1 v1.5 with no signed time) of the same content
     * would be the very signature Signet made before the effective time, and rightly spared.
     */
    void startSecondRound(MatrixServer first) {
        afterRevocation = platform.sign(first, revName, 2, "after-revocation");
    }

    /**
     * Revokes the second signature of {@code main}, and the rev profile's version effective on the
     * first whole second after its first signature was made (trusted signing time, else its job's
     * recorded completion); that second is at or before the second signature's trusted signing time
     * (else its job's creation). Stored times lose sub-millisecond digits
     * and a time-stamp token's genTime may be truncated to the second: a whole second is exact in
     * every one of them.
     */
    void revoke(MatrixServer first) {
        Sample later = afterRevocation.sample().get();
        samples.put(MatrixCase.PROFILE_REVOKED_BEFORE, later);
        first.signer.revokeSignature(b -> b.jobId(toRevoke.jobId()).reason("matrix: revoked signature"));
        Optional<Instant> laterTime = later.trustedSigningTime();
        Instant effective = firstRevSignatureAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        // without a signing time in the signature, Signet's records place the later one: its job was
        // created (and so signed) after the effective time
        Instant laterAt = laterTime.orElseGet(() -> recorded(afterRevocation).createdAt());
        assertThat(laterTime.isPresent())
                .as("%s: both signatures carry a signing time, or neither", platform.id)
                .isEqualTo(samples.get(MatrixCase.PROFILE_REVOKED_AFTER)
                        .trustedSigningTime()
                        .isPresent());
        assertThat(effective).isAfter(firstRevSignatureAt).isBeforeOrEqualTo(laterAt);
        String version = revArn.substring(revArn.lastIndexOf('/') + 1);
        first.signer.revokeSigningProfile(b -> b.profileName(revName)
                .profileVersion(version)
                .effectiveTime(effective)
                .reason("matrix: key compromised"));
    }

    /** One Lambda code signing config per action, allowing main and rev. */
    void createCodeSigningConfigs(MatrixServer first) {
        for (UntrustedArtifactAction action : UntrustedArtifactAction.values()) {
            String arn = first.lambda
                    .createCodeSigningConfig(b -> b.description(platform.id + " " + action.awsName())
                            .allowedPublishers(p -> p.signingProfileVersionArns(allowedPublishers()))
                            .codeSigningPolicies(p -> p.untrustedArtifactOnDeployment(action.awsName())))
                    .codeSigningConfig()
                    .codeSigningConfigArn();
            codeSigningConfigs.put(action, arn);
        }
    }

    /**
     * How far to move the service clock (now {@code now}) so the second round starts at least 2.5 s
     * after the rev profile's first signature.
     */
    static Duration gapAfter(Optional<Instant> signedAt, Instant now) {
        return signedAt.map(t -> Duration.between(now, t.plusMillis(2_500)))
                .filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
    }

    private String certificate(MatrixServer server, String profile) throws IOException, InterruptedException {
        return platform.needsImportedCertificate() ? server.importLeaf(profile, platform.rsaCertificate()) : null;
    }
}
