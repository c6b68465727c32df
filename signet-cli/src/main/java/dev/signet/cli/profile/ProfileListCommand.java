package dev.signet.cli.profile;

import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.client.ProfileView;
import dev.signet.cli.client.SignerApi;
import dev.signet.cli.output.OutputOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code signet profile list}: ListSigningProfiles, all pages. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List signing profiles.")
public final class ProfileListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private ClientOptions client() {
        return SignetCommand.global(spec).client();
    }

    private OutputOptions output() {
        return SignetCommand.global(spec).output();
    }

    @Option(names = "--include-canceled", description = "Also list canceled profiles.")
    boolean includeCanceled;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        List<ProfileView> profiles;
        try (SignerApi api = SignerApi.open(client().settings(context))) {
            profiles = api.listProfiles(includeCanceled);
        }
        output().print(
                        context.out(),
                        Map.of(
                                "profiles",
                                profiles.stream().map(ProfileView::toMap).toList()),
                        () -> ProfileText.table(context.out(), profiles));
        return ExitCode.OK;
    }
}
