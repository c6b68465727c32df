package dev.signet.cli.profile;

import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.NativeApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet profile rotate}: a new profile version with a new key and certificate. */
@Command(
        name = "rotate",
        mixinStandardHelpOptions = true,
        description = {
            "Rotate a profile's key: a new profile version with a new key and a new certificate",
            "from Signet's CA signs from now on. A profile with an outside CA's certificate gets a",
            "new version whose key waits for its certificate (signet profile csr, then signet profile",
            "certificate); the current version signs until it is installed. A profile with imported",
            "material rotates to new imported material (--certificate-arn). Signatures of the",
            "earlier versions keep verifying until those versions are revoked (RevokeSigningProfile",
            "with their profileVersion)."
        })
public final class ProfileRotateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name.")
    String name;

    @Option(
            names = "--key-backend",
            paramLabel = "BACKEND",
            description = "Where the new key is made, e.g. pkcs11 (default: where the current key is).")
    String keyBackend;

    @Option(
            names = "--certificate-arn",
            paramLabel = "ARN",
            description = "For a profile with imported material: the new key and certificate, imported"
                    + " with signet certificate import.")
    String certificateArn;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("profileName", name);
        if (keyBackend != null) {
            body.put("keyBackend", keyBackend);
        }
        if (certificateArn != null) {
            body.put("certificateArn", certificateArn);
        }
        NativeProfiles p = NativeProfiles.of(
                new NativeApiClient(SignetCommand.global(spec).client().settings(context))
                        .post("/v1/profiles/rotate", body));
        SignetCommand.global(spec).output().print(context.out(), p.toMap(), () -> p.print(context.out()));
        return ExitCode.OK;
    }
}
