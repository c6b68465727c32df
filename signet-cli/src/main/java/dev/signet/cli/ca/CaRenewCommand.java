package dev.signet.cli.ca;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.NativeApiClient;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca renew --issuing|--root|--tsa}: a new issuing CA, a new root with its cross
 * certificates, or a new key and certificate for the time-stamp authority.
 */
@Command(
        name = "renew",
        mixinStandardHelpOptions = true,
        description = {
            "Renew the deployment's CA (the bootstrap account's administrator). --issuing: a new issuing",
            "CA under the current root issues every certificate from now on; the old one's keep",
            "verifying. --root: a new root, a cross certificate (the new root signed by the old one) and",
            "a new issuing CA under the new root: chains verify against the old root and the new one.",
            "Give verifiers the new root (signet trust-bundle export, or signet ca export, which checks",
            "it against the cross certificates) before the old one expires. --tsa: a new time-stamp",
            "authority key and certificate from the newest issuing CA; old time-stamps keep verifying."
        })
public final class CaRenewCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--issuing", required = true, description = "Renew the issuing CA.")
        boolean issuing;

        @Option(names = "--root", required = true, description = "Renew the root (and the issuing CA under it).")
        boolean root;

        @Option(names = "--tsa", required = true, description = "Renew the time-stamp authority's key and certificate.")
        boolean tsa;
    }

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        JsonNode made = new NativeApiClient(SignetCommand.global(spec).client().settings(context))
                .post("/v1/ca/renew", Map.of("kind", which.root ? "root" : which.tsa ? "tsa" : "issuing"));
        Map<String, Object> value = JSON.convertValue(made, new TypeReference<Map<String, Object>>() {});
        SignetCommand.global(spec).output().print(context.out(), value, () -> print(context.out(), made));
        return ExitCode.OK;
    }

    private static void print(PrintWriter out, JsonNode made) {
        for (JsonNode root : made.path("newRoots")) {
            out.printf(
                    "new root:        %s, expires %s%n",
                    root.path("subject").asText(), root.path("notAfter").asText());
        }
        JsonNode issuing = made.path("issuing");
        if (!issuing.isMissingNode()) {
            out.printf(
                    "new issuing CA:  %s (generation %s), expires %s%n",
                    issuing.path("subject").asText(),
                    issuing.path("generation").asText(),
                    issuing.path("notAfter").asText());
        }
        JsonNode timestamping = made.path("timestamping");
        if (!timestamping.isMissingNode()) {
            out.printf(
                    "new TSA cert:    %s, expires %s%n",
                    timestamping.path("subject").asText(),
                    timestamping.path("notAfter").asText());
        }
        if (!made.path("newRoots").isEmpty()) {
            out.println("next:            give verifiers the new root (signet trust-bundle export carries both)"
                    + " while the old one is still valid");
        }
    }
}
