package dev.signet.cli.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.client.NativeApiClient;
import dev.signet.cli.client.ProfileView;
import dev.signet.cli.client.SignerApi;
import dev.signet.cli.output.OutputOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet profile get}: GetSigningProfile, with the approval policy and the version pending
 * beside the current one (an outside CA's profile after a rotation, waiting for its certificate),
 * both read through native routes, which AWS's shape has no room for.
 */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show a signing profile.")
public final class ProfileGetCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    private ClientOptions client() {
        return SignetCommand.global(spec).client();
    }

    private OutputOptions output() {
        return SignetCommand.global(spec).output();
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name.")
    String name;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        ProfileView p;
        try (SignerApi api = SignerApi.open(client().settings(context))) {
            p = api.getProfile(name);
        }
        Approvals approvals = approvals(context);
        Pending pending = pending(context);
        Map<String, Object> map = p.toMap();
        approvals
                .policy()
                .filter(JsonNode::isObject)
                .ifPresent(a -> map.put("approvalPolicy", JSON.convertValue(a, Map.class)));
        pending.version().ifPresent(v -> map.put("pendingVersion", JSON.convertValue(v, Map.class)));
        output().print(context.out(), map, () -> {
            ProfileText.details(context.out(), p);
            context.out().println("approvals:    " + approvals.text());
            pending.text(name).ifPresent(t -> context.out().println("pending:      " + t));
        });
        return ExitCode.OK;
    }

    /**
     * The profile's approval policy, Signet's own and outside AWS's GetSigningProfile shape, so read
     * through the native route; a caller refused that read still sees the profile, and why.
     */
    private record Approvals(Optional<JsonNode> policy, String refusal) {
        String text() {
            if (policy.isEmpty()) {
                return "not shown: " + refusal;
            }
            JsonNode p = policy.get();
            if (!p.isObject()) {
                return "none required";
            }
            List<String> approvers = new ArrayList<>();
            p.path("approvers").forEach(a -> approvers.add(a.asText()));
            return p.path("quorum").asInt() + " of " + String.join(", ", approvers) + " within "
                    + p.path("windowSeconds").asLong() + " s";
        }
    }

    /** The version waiting for its certificate, if any; or why the caller may not see it. */
    private record Pending(Optional<JsonNode> version, String refusal) {
        Optional<String> text(String profile) {
            if (version.isEmpty()) {
                return refusal.isEmpty() ? Optional.empty() : Optional.of("not shown: " + refusal);
            }
            JsonNode v = version.get();
            return Optional.of("version " + v.path("profileVersion").asText() + " ("
                    + v.path("certificateState").asText() + ", key in "
                    + v.path("keyBackend").asText()
                    + ") waits for its certificate: signet profile csr " + profile
                    + ", then signet profile certificate " + profile + " --chain FILE; the version above"
                    + " signs until then");
        }
    }

    private Pending pending(CliContext context) {
        try {
            JsonNode got = new NativeApiClient(client().settings(context))
                    .post("/v1/profiles/get", Map.of("profileName", name));
            JsonNode version = got.path("pendingVersion");
            return new Pending(version.isObject() ? Optional.of(version) : Optional.empty(), "");
        } catch (CliException e) {
            if (e.exitCode() != ExitCode.REJECTED) {
                throw e;
            }
            return new Pending(Optional.empty(), e.getMessage());
        }
    }

    private Approvals approvals(CliContext context) {
        try {
            return new Approvals(
                    Optional.of(new NativeApiClient(client().settings(context))
                            .post("/v1/profiles/approval-policy/get", Map.of("profileName", name))
                            .path("approvalPolicy")),
                    "");
        } catch (CliException e) {
            if (e.exitCode() != ExitCode.REJECTED) {
                throw e;
            }
            return new Approvals(Optional.empty(), e.getMessage());
        }
    }
}
