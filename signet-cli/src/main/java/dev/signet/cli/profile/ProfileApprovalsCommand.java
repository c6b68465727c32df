package dev.signet.cli.profile;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.NativeApiClient;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet profile approvals}: shows, sets or removes the approvals (n of m) a profile requires
 * of every StartSigningJob (the native {@code /v1/profiles/approval-policy} routes).
 */
@Command(
        name = "approvals",
        mixinStandardHelpOptions = true,
        description = {
            "Show, set or remove the approvals a profile requires: each StartSigningJob on it waits until",
            "--quorum of the --approver principals (IAM user, role or group ARNs) other than its requester",
            "approve it with signet job approve, within --window. SignPayload is refused on such a profile.",
            "Without options, shows the current requirement."
        })
public final class ProfileApprovalsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WINDOW = Pattern.compile("([0-9]{1,9})([smhd]?)");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name.")
    String name;

    @Option(names = "--quorum", paramLabel = "N", description = "How many distinct approvers must approve.")
    Integer quorum;

    @Option(
            names = "--approver",
            paramLabel = "ARN",
            description = "An IAM user, role (any session of it) or group (any member) ARN; repeat for each.")
    List<String> approvers;

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            description = "How long a job waits for its approvals: 90m, 24h, 2d (1 minute to 7 days; default 24h).")
    String window;

    @Option(names = "--none", description = "Remove the requirement: jobs started afterwards need no approvals.")
    boolean none;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        NativeApiClient client =
                new NativeApiClient(SignetCommand.global(spec).client().settings(context));
        boolean setting = quorum != null || approvers != null || window != null;
        JsonNode result;
        if (none) {
            if (setting) {
                throw new CliException(
                        ExitCode.USAGE, "--none cannot be combined with --quorum, --approver or --window");
            }
            result = client.post("/v1/profiles/approval-policy/delete", Map.of("profileName", name));
        } else if (setting) {
            if (quorum == null || approvers == null) {
                throw new CliException(ExitCode.USAGE, "setting approvals needs --quorum and at least one --approver");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("profileName", name);
            body.put("quorum", quorum);
            body.put("approvers", approvers);
            if (window != null) {
                body.put("windowSeconds", seconds(window));
            }
            result = client.post("/v1/profiles/approval-policy", body);
        } else {
            result = client.post("/v1/profiles/approval-policy/get", Map.of("profileName", name));
        }
        Map<String, Object> map = JSON.convertValue(result, new TypeReference<LinkedHashMap<String, Object>>() {});
        SignetCommand.global(spec).output().print(context.out(), map, () -> print(context.out(), result));
        return ExitCode.OK;
    }

    static long seconds(String window) {
        Matcher m = WINDOW.matcher(window);
        if (!m.matches()) {
            throw new CliException(
                    ExitCode.USAGE, "--window must be a number with s, m, h or d, e.g. 24h; got " + window);
        }
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> value * 60;
            case "h" -> value * 3600;
            case "d" -> value * 86_400;
            default -> value;
        };
    }

    private static void print(PrintWriter out, JsonNode result) {
        JsonNode policy = result.path("approvalPolicy");
        out.println("profile:    " + result.path("profileName").asText());
        if (!policy.isObject()) {
            out.println("approvals:  none required");
            return;
        }
        out.println("approvals:  " + policy.path("quorum").asInt() + " of the approvers below, within "
                + policy.path("windowSeconds").asLong() + " s of the job's start");
        for (JsonNode approver : policy.path("approvers")) {
            out.println("  " + approver.asText());
        }
    }
}
