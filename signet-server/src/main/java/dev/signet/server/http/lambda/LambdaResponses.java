package dev.signet.server.http.lambda;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.service.csc.CodeSigningConfig;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Wire shapes of the Lambda code-signing-config responses. {@code LastModified} is a string in the
 * model and Lambda writes it as ISO 8601 with milliseconds and a {@code +0000} offset, e.g.
 * {@code 2020-11-19T18:23:35.123+0000}.
 */
final class LambdaResponses {
    static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private LambdaResponses() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** {@code {"CodeSigningConfig": {...}}}. */
    static ObjectNode wrapped(CodeSigningConfig config, String arn) {
        ObjectNode out = object();
        out.set("CodeSigningConfig", config(config, arn));
        return out;
    }

    static ObjectNode config(CodeSigningConfig config, String arn) {
        ObjectNode out = object();
        out.put("CodeSigningConfigId", config.id());
        out.put("CodeSigningConfigArn", arn);
        config.description().ifPresent(d -> out.put("Description", d));
        var arns = out.putObject("AllowedPublishers").putArray("SigningProfileVersionArns");
        config.allowedPublishers().forEach(arns::add);
        out.putObject("CodeSigningPolicies")
                .put(
                        "UntrustedArtifactOnDeployment",
                        config.untrustedArtifactOnDeployment().awsName());
        out.put("LastModified", lastModified(config.lastModified()));
        return out;
    }

    static String lastModified(Instant instant) {
        return LAST_MODIFIED.format(instant);
    }
}
