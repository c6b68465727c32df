package dev.signet.server.http.signer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.platform.SigningPlatform;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.SigningOverrides;
import dev.signet.server.service.profile.SigningProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Domain objects as restJson1 response members, named exactly as in the AWS model. Timestamps are
 * epoch seconds with millisecond fractions; empty members are omitted.
 */
final class SignerResponses {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SignerResponses() {}

    static ObjectNode object() {
        return JSON.objectNode();
    }

    static ObjectNode platform(SigningPlatform p) {
        ObjectNode out = JSON.objectNode();
        out.put("platformId", p.platformId());
        putIfPresent(out, "displayName", p.displayName());
        putIfPresent(out, "partner", p.partner());
        putIfPresent(out, "target", p.target());
        putIfPresent(out, "category", p.category());
        ObjectNode configuration = out.putObject("signingConfiguration");
        ObjectNode encryption = configuration.putObject("encryptionAlgorithmOptions");
        p.encryptionAlgorithms().forEach(encryption.putArray("allowedValues")::add);
        encryption.put("defaultValue", p.defaultEncryptionAlgorithm());
        ObjectNode hash = configuration.putObject("hashAlgorithmOptions");
        p.hashAlgorithms().forEach(hash.putArray("allowedValues")::add);
        hash.put("defaultValue", p.defaultHashAlgorithm());
        if (!p.supportedImageFormats().isEmpty()) {
            ObjectNode image = out.putObject("signingImageFormat");
            p.supportedImageFormats().forEach(image.putArray("supportedFormats")::add);
            putIfPresent(image, "defaultFormat", p.defaultImageFormat());
        }
        out.put("maxSizeInMB", p.maxSizeInMB());
        out.put("revocationSupported", p.revocationSupported());
        return out;
    }

    /** GetSigningProfile's members; {@code summary} drops those the list's SigningProfile shape lacks. */
    static ObjectNode profile(SigningProfile p, String arn, String versionArn, boolean summary) {
        ObjectNode out = JSON.objectNode();
        out.put("profileName", p.name());
        out.put("profileVersion", p.version());
        out.put("profileVersionArn", versionArn);
        p.certificateArn().ifPresent(c -> out.putObject("signingMaterial").put("certificateArn", c));
        out.put("platformId", p.platformId());
        out.put("platformDisplayName", p.platformDisplayName());
        ObjectNode validity = out.putObject("signatureValidityPeriod");
        validity.put("value", p.validity().value());
        validity.put("type", p.validity().type().name());
        if (!summary) {
            overrides(out, p.overrides());
        }
        map(out, "signingParameters", p.signingParameters());
        out.put("status", p.reportedStatus());
        if (!summary) {
            p.statusReason().ifPresent(r -> out.put("statusReason", r));
        }
        out.put("arn", arn);
        map(out, "tags", p.tags());
        return out;
    }

    /** DescribeSigningJob's members, or with {@code summary} the list's SigningJob shape. */
    static ObjectNode job(SigningJob j, boolean summary) {
        ObjectNode out = JSON.objectNode();
        out.put("jobId", j.jobId());
        j.source().ifPresent(s -> {
            ObjectNode s3 = out.putObject("source").putObject("s3");
            s3.put("bucketName", s.bucketName());
            s3.put("key", s.key());
            s3.put("version", s.version());
        });
        j.signedObject().ifPresent(o -> {
            ObjectNode s3 = out.putObject("signedObject").putObject("s3");
            s3.put("bucketName", o.bucketName());
            s3.put("key", o.key());
        });
        j.certificateArn().ifPresent(c -> out.putObject("signingMaterial").put("certificateArn", c));
        out.put("platformId", j.platformId());
        out.put("platformDisplayName", j.platformDisplayName());
        out.put("profileName", j.profileName());
        out.put("profileVersion", j.profileVersion());
        timestamp(out, "createdAt", Optional.of(j.createdAt()));
        out.put("status", j.status().name());
        timestamp(out, "signatureExpiresAt", Optional.of(j.signatureExpiresAt()));
        out.put("jobOwner", j.jobOwner());
        out.put("jobInvoker", j.jobInvoker());
        if (summary) {
            out.put("isRevoked", j.revocation().isPresent());
            return out;
        }
        overrides(out, j.overrides());
        map(out, "signingParameters", j.signingParameters());
        timestamp(out, "completedAt", j.completedAt());
        out.put("requestedBy", j.requestedBy());
        j.statusReason().ifPresent(r -> out.put("statusReason", r));
        j.artifactDigest().ifPresent(d -> out.put("artifactDigest", d)); // Signet extension
        j.revocation().ifPresent(r -> {
            ObjectNode record = out.putObject("revocationRecord");
            record.put("reason", r.reason());
            timestamp(record, "revokedAt", Optional.of(r.revokedAt()));
            record.put("revokedBy", r.revokedBy());
        });
        return out;
    }

    static void timestamp(ObjectNode out, String member, Optional<Instant> time) {
        time.ifPresent(t -> out.put(member, BigDecimal.valueOf(t.toEpochMilli(), 3)));
    }

    static ArrayNode array(ObjectNode out, String member) {
        return out.putArray(member);
    }

    private static void overrides(ObjectNode out, SigningOverrides o) {
        if (o.isEmpty()) {
            return;
        }
        ObjectNode overrides = out.putObject("overrides");
        if (o.encryptionAlgorithm().isPresent() || o.hashAlgorithm().isPresent()) {
            ObjectNode configuration = overrides.putObject("signingConfiguration");
            o.encryptionAlgorithm().ifPresent(a -> configuration.put("encryptionAlgorithm", a));
            o.hashAlgorithm().ifPresent(h -> configuration.put("hashAlgorithm", h));
        }
        o.signingImageFormat().ifPresent(f -> overrides.put("signingImageFormat", f));
    }

    private static void map(ObjectNode out, String member, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode map = out.putObject(member);
            values.forEach(map::put);
        }
    }

    private static void putIfPresent(ObjectNode out, String member, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(member, value);
        }
    }
}
