package dev.signet.server.http.signer;

import dev.signet.server.service.ServiceException;
import dev.signet.server.service.job.JobFilter;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.SignPayloadRequest;
import dev.signet.server.service.job.StartJobRequest;
import dev.signet.server.service.permission.AddPermissionRequest;
import dev.signet.server.service.profile.PutProfileRequest;
import dev.signet.server.service.profile.SigningOverrides;
import dev.signet.server.service.profile.ValidityPeriod;
import dev.signet.server.service.profile.ValidityType;
import dev.signet.server.service.revocation.RevokeProfileRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Request bodies and query strings decoded into service requests, with the model's enums checked. */
final class SignerRequests {
    static final List<String> VALIDITY_TYPES = List.of("DAYS", "MONTHS", "YEARS");
    static final List<String> ENCRYPTION_ALGORITHMS = List.of("RSA", "ECDSA");
    static final List<String> HASH_ALGORITHMS = List.of("SHA1", "SHA256");
    static final List<String> IMAGE_FORMATS = List.of("JSON", "JSONEmbedded", "JSONDetached");
    static final List<String> PROFILE_STATUSES = List.of("Active", "Canceled", "Revoked");
    static final List<String> JOB_STATUSES = List.of("InProgress", "Failed", "Succeeded");

    private SignerRequests() {}

    static PutProfileRequest putProfile(String profileName, JsonMembers body) {
        Optional<String> certificateArn = body.object("signingMaterial")
                .map(m -> m.string("certificateArn")
                        .orElseThrow(() -> ServiceException.validation("signingMaterial.certificateArn is required")));
        Optional<ValidityPeriod> validity = body.object("signatureValidityPeriod")
                .map(v -> {
                    int value = v.integer("value")
                            .orElseThrow(
                                    () -> ServiceException.validation("signatureValidityPeriod.value is required"));
                    String type = v.enumeration("type", VALIDITY_TYPES)
                            .orElseThrow(() -> ServiceException.validation("signatureValidityPeriod.type is required"));
                    return new ValidityPeriod(value, ValidityType.valueOf(type));
                });
        SigningOverrides overrides = body.object("overrides")
                .map(o -> {
                    Optional<JsonMembers> configuration = o.object("signingConfiguration");
                    return new SigningOverrides(
                            configuration.flatMap(c -> c.enumeration("encryptionAlgorithm", ENCRYPTION_ALGORITHMS)),
                            configuration.flatMap(c -> c.enumeration("hashAlgorithm", HASH_ALGORITHMS)),
                            o.enumeration("signingImageFormat", IMAGE_FORMATS));
                })
                .orElse(SigningOverrides.NONE);
        Map<String, String> tags = body.stringMap("tags");
        if (body.has("tags") && tags.isEmpty()) {
            throw ServiceException.validation("tags must hold at least one tag when present");
        }
        return new PutProfileRequest(
                profileName,
                body.string("platformId").orElseThrow(() -> ServiceException.validation("platformId is required")),
                certificateArn,
                validity,
                overrides,
                body.stringMap("signingParameters"),
                tags);
    }

    static StartJobRequest startJob(JsonMembers body) {
        Optional<JsonMembers> source = body.object("source").flatMap(s -> s.object("s3"));
        Optional<JsonMembers> destination = body.object("destination").flatMap(d -> d.object("s3"));
        return new StartJobRequest(
                body.string("profileName").orElseThrow(() -> ServiceException.validation("profileName is required")),
                body.string("profileOwner"),
                source.flatMap(s -> s.string("bucketName")),
                source.flatMap(s -> s.string("key")),
                source.flatMap(s -> s.string("version")),
                destination.flatMap(d -> d.string("bucketName")),
                destination.flatMap(d -> d.string("prefix")),
                body.string("clientRequestToken"));
    }

    static SignPayloadRequest signPayload(JsonMembers body) {
        return new SignPayloadRequest(
                body.string("profileName").orElseThrow(() -> ServiceException.validation("profileName is required")),
                body.string("profileOwner"),
                body.blob("payload"),
                body.string("payloadFormat"),
                body.string("clientRequestToken"));
    }

    static AddPermissionRequest addPermission(String profileName, JsonMembers body) {
        return new AddPermissionRequest(
                profileName,
                body.string("statementId"),
                body.string("action"),
                body.string("principal"),
                body.string("profileVersion"),
                body.string("revisionId"));
    }

    static RevokeProfileRequest revokeProfile(String profileName, JsonMembers body) {
        return new RevokeProfileRequest(
                profileName, body.string("profileVersion"), body.string("reason"), body.timestamp("effectiveTime"));
    }

    /** TagResource's tags; a missing or mistyped map is a BadRequestException, as the tag operations name. */
    static Map<String, String> tags(JsonMembers body) {
        try {
            return body.stringMap("tags");
        } catch (ServiceException e) {
            throw ServiceException.badRequest(e.getMessage());
        }
    }

    static JobFilter jobFilter(QueryMembers query, String callerAccount) {
        return new JobFilter(
                callerAccount,
                query.enumeration("status", JOB_STATUSES).map(JobStatus::valueOf),
                query.string("platformId"),
                query.string("requestedBy"),
                query.bool("isRevoked"),
                query.timestamp("signatureExpiresBefore"),
                query.timestamp("signatureExpiresAfter"),
                query.string("jobInvoker"));
    }
}
