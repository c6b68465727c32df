package dev.signet.cli.job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliContext;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.NativeApiClient;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A job as the native {@code /v1/jobs/*} routes return it (docs/native-api.md, "Approvals"):
 * printed as text or, with {@code --output json}, as the server's JSON.
 */
final class JobViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobViews() {}

    /** POSTs {@code body} to {@code path} and prints the job the server returns. */
    static void call(CommandSpec spec, String path, Map<String, ?> body) {
        CliContext context = SignetCommand.context(spec);
        JsonNode job = new NativeApiClient(SignetCommand.global(spec).client().settings(context)).post(path, body);
        Map<String, Object> map = JSON.convertValue(job, new TypeReference<LinkedHashMap<String, Object>>() {});
        SignetCommand.global(spec).output().print(context.out(), map, () -> print(context.out(), job));
    }

    static void print(PrintWriter out, JsonNode job) {
        if (job.has("outcome")) {
            out.println("outcome:      " + outcome(job.path("outcome").asText()));
        }
        out.println("job:          " + job.path("jobId").asText());
        out.println("profile:      " + job.path("profileName").asText() + " ("
                + job.path("profileVersion").asText() + ")");
        out.println("requested by: " + job.path("requestedBy").asText());
        out.println("status:       " + job.path("status").asText());
        if (job.hasNonNull("statusReason")) {
            out.println("reason:       " + job.path("statusReason").asText());
        }
        if (job.has("signedObject")) {
            out.println("signed:       s3://"
                    + job.path("signedObject").path("bucketName").asText() + "/"
                    + job.path("signedObject").path("key").asText());
        }
        if (job.hasNonNull("artifactDigest")) {
            out.println("artifact:     " + job.path("artifactDigest").asText());
        }
        JsonNode approvals = job.path("approvals");
        if (approvals.isObject()) {
            out.println("approvals:    " + approvals.path("quorum").asInt() + " needed before "
                    + approvals.path("deadline").asText()
                    + (approvals.path("awaiting").asBoolean() ? " (waiting)" : ""));
            for (JsonNode d : approvals.path("decisions")) {
                out.println("  " + d.path("decision").asText().toLowerCase(java.util.Locale.ROOT) + " by "
                        + d.path("approver").asText() + " at "
                        + d.path("decidedAt").asText()
                        + (d.hasNonNull("reason") ? ": " + d.path("reason").asText() : ""));
            }
        }
    }

    private static String outcome(String outcome) {
        return switch (outcome) {
            case "COUNTED" -> "approval recorded; the job still waits for more";
            case "RELEASED" -> "approval recorded; the quorum is reached and the job runs";
            case "DUPLICATE" -> "you had already decided on this job; nothing changed";
            case "REJECTED" -> "rejection recorded; the job failed";
            default -> outcome;
        };
    }
}
