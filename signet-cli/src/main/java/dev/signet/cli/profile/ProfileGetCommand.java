package dev.signet.cli.profile;

import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.client.ProfileView;
import dev.signet.cli.client.SignerApi;
import dev.signet.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet profile get}: GetSigningProfile. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show a signing profile.")
public final class ProfileGetCommand implements Callable<Integer> {
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
        output().print(context.out(), p.toMap(), () -> ProfileText.details(context.out(), p));
        return ExitCode.OK;
    }
}
