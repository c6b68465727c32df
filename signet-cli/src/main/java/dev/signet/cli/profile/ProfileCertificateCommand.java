package dev.signet.cli.profile;

import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.NativeApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet profile certificate}: installs the CA-issued certificate of a pending profile. */
@Command(
        name = "certificate",
        mixinStandardHelpOptions = true,
        description = {
            "Install the certificate your CA issued for a profile's CSR, with its chain; the profile",
            "then signs. Refused unless it is the profile key's certificate, chains to a self-signed",
            "root, has digitalSignature and codeSigning, and is valid now."
        })
public final class ProfileCertificateCommand implements Callable<Integer> {
    private static final int MAX_PEM = 1 << 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name.")
    String name;

    @Option(
            names = "--chain",
            required = true,
            paramLabel = "CHAIN.pem",
            description = "The issued certificate then its issuers up to the root, PEM.")
    Path chain;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        String pem = new String(
                LocalFiles.readSmall(context.resolve(chain), "certificate chain", MAX_PEM), StandardCharsets.US_ASCII);
        NativeProfiles p = NativeProfiles.of(
                new NativeApiClient(SignetCommand.global(spec).client().settings(context))
                        .post("/v1/profiles/certificate", Map.of("profileName", name, "certificateChain", pem)));
        SignetCommand.global(spec).output().print(context.out(), p.toMap(), () -> p.print(context.out()));
        return ExitCode.OK;
    }
}
