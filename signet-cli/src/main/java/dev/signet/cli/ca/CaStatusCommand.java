package dev.signet.cli.ca;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.NativeApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet ca status}: when the CA's and the profiles' certificates expire, and what to do. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show when the root, the issuing CA and the time-stamping certificate expire, which of",
            "your profiles' certificates expire within 30 days, and what to do next."
        })
public final class CaStatusCommand implements Callable<Integer> {
    private static final int MAX_RESPONSE = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        byte[] body = new NativeApiClient(SignetCommand.global(spec).client().settings(context))
                .get("/v1/ca/status", MAX_RESPONSE)
                .body();
        JsonNode status;
        Map<String, Object> value;
        try {
            status = JSON.readTree(body);
            value = JSON.convertValue(status, new TypeReference<Map<String, Object>>() {});
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server's CA status is not JSON");
        }
        SignetCommand.global(spec).output().print(context.out(), value, () -> print(context.out(), status));
        return ExitCode.OK;
    }

    private static void print(PrintWriter out, JsonNode status) {
        for (JsonNode c : status.path("authority")) {
            out.printf("%-13s %s%n", c.path("role").asText(), c.path("subject").asText());
            out.printf(
                    "%-13s expires %s (%s days), sha256 %s%n",
                    "",
                    c.path("notAfter").asText(),
                    c.path("daysLeft").asText(),
                    c.path("sha256").asText());
        }
        JsonNode expiring = status.path("expiringProfiles");
        if (expiring.isEmpty()) {
            out.println("profiles:     no certificate of an Active profile expires within 30 days");
        } else {
            out.println("profiles whose certificate expires within 30 days:");
            for (JsonNode p : expiring) {
                JsonNode c = p.path("certificate");
                out.printf(
                        "  %s (version %s, %s): expires %s (%s days)%n",
                        p.path("profileName").asText(),
                        p.path("profileVersion").asText(),
                        p.path("certificateState").asText(),
                        c.path("notAfter").asText(),
                        c.path("daysLeft").asText());
            }
        }
        JsonNode advice = status.path("advice");
        if (advice.isEmpty()) {
            out.println("next:         nothing to do");
        } else {
            out.println("next:");
            advice.forEach(a -> out.println("  - " + a.asText()));
        }
    }
}
