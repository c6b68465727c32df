package dev.signet.server.store.signer;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.S3Destination;
import dev.signet.server.service.job.S3Source;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.profile.SigningOverrides;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.ValidityPeriod;
import dev.signet.server.service.profile.ValidityType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Domain objects for store tests; values are arbitrary but valid. */
final class SignerFixtures {
    static final String ACCOUNT = "000000000000";
    static final String CALLER = "arn:aws:iam::000000000000:user/admin";

    private SignerFixtures() {}

    static SigningProfile profile(String name, String version, String platformId, Instant createdAt) {
        return new SigningProfile(
                ACCOUNT,
                name,
                version,
                platformId,
                "Display of " + platformId,
                Optional.empty(),
                new KeyHandle("software", "key-" + name, KeyAlgorithm.ECDSA_P256),
                "-----BEGIN CERTIFICATE-----\nnot parsed by the store\n-----END CERTIFICATE-----\n",
                new ValidityPeriod(30, ValidityType.DAYS),
                new SigningOverrides(Optional.of("ECDSA"), Optional.empty(), Optional.of("JSONDetached")),
                Map.of("param", "value"),
                Map.of("team", "build"),
                ProfileStatus.Active,
                Optional.empty(),
                createdAt);
    }

    static SigningJob inProgress(SigningProfile profile, String token, Instant createdAt) {
        return new SigningJob(
                UUID.randomUUID().toString(),
                profile.ownerAccount(),
                ACCOUNT,
                CALLER,
                Optional.ofNullable(token),
                profile.name(),
                profile.version(),
                profile.platformId(),
                profile.platformDisplayName(),
                Optional.empty(),
                Optional.of(new S3Source("src", "dir/app.bin", "v1")),
                Optional.of(new S3Destination("dst", "signed/")),
                Optional.empty(),
                profile.overrides(),
                profile.signingParameters(),
                JobStatus.InProgress,
                Optional.empty(),
                createdAt,
                Optional.empty(),
                createdAt.plusSeconds(86400),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
