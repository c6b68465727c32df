package dev.signet.cli.profile;

import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.client.SignerApi;
import dev.signet.cli.output.OutputOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet profile cancel}: CancelSigningProfile. Existing signatures stay valid. */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = "Cancel a signing profile: it signs no more; existing signatures stay valid.")
public final class ProfileCancelCommand implements Callable<Integer> {
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
        try (SignerApi api = SignerApi.open(client().settings(context))) {
            api.cancelProfile(name);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("profileName", name);
        json.put("status", "Canceled");
        output().print(context.out(), json, () -> context.out().println("canceled profile " + name));
        return ExitCode.OK;
    }
}
