package dev.signet.cli.profile;

import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.client.NativeApiClient;
import dev.signet.cli.client.ProfileView;
import dev.signet.cli.client.SignerApi;
import dev.signet.cli.output.OutputOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet profile put}: PutSigningProfile. */
@Command(
        name = "put",
        mixinStandardHelpOptions = true,
        description = {
            "Create a signing profile (a new key and certificate).",
            "With --key-backend or --external-certificate it is made through Signet's native API."
        })
public final class ProfilePutCommand implements Callable<Integer> {

    /** The signature validity units of AWS Signer. */
    enum ValidityType {
        DAYS,
        MONTHS,
        YEARS
    }

    @Spec
    CommandSpec spec;

    private ClientOptions client() {
        return SignetCommand.global(spec).client();
    }

    private OutputOptions output() {
        return SignetCommand.global(spec).output();
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name: 2-64 of [a-zA-Z0-9_].")
    String name;

    @Option(
            names = "--platform",
            required = true,
            paramLabel = "ID",
            description = "Signing platform, e.g. Signet-CMS-SHA256-ECDSA.")
    String platform;

    @Option(
            names = "--validity",
            paramLabel = "N",
            defaultValue = "135",
            description = "Signature validity period (default: ${DEFAULT-VALUE}).")
    int validity;

    @Option(
            names = "--validity-type",
            paramLabel = "UNIT",
            defaultValue = "MONTHS",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ValidityType validityType;

    @Option(
            names = "--signing-parameter",
            paramLabel = "KEY=VALUE",
            description = {
                "A signing parameter (repeatable), e.g. signet:envelope=portable for a Notation profile",
                "whose envelopes need no verification plugin."
            })
    Map<String, String> signingParameters = new LinkedHashMap<>();

    @Option(
            names = "--key-backend",
            paramLabel = "BACKEND",
            description = "Where the profile's key is generated: pkcs11 or software (default: the server's"
                    + " keys.new-profile-keys).")
    String keyBackend;

    @Option(
            names = "--external-certificate",
            description = {
                "Your CA issues the certificate: the profile waits (PendingCertificate) until you install it",
                "with `signet profile certificate`; get the CSR with `signet profile csr`."
            })
    boolean externalCertificate;

    @Option(
            names = "--certificate-arn",
            paramLabel = "ARN",
            description = {
                "Sign with imported material: an existing key and certificate chain imported with",
                "`signet certificate import` (its key in the backend that import chose), on any platform."
            })
    String certificateArn;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        if (keyBackend != null || externalCertificate || certificateArn != null) {
            return nativePut(context);
        }
        ProfileView p;
        try (SignerApi api = SignerApi.open(client().settings(context))) {
            p = api.putProfile(name, platform, validity, validityType.name(), signingParameters);
        }
        output().print(context.out(), p.toMap(), () -> ProfileText.details(context.out(), p));
        return ExitCode.OK;
    }

    /**
     * POST /v1/profiles: what PutSigningProfile has no member for (the key backend, an outside CA),
     * and imported material.
     */
    private int nativePut(CliContext context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profileName", name);
        body.put("platformId", platform);
        if (keyBackend != null) {
            body.put("keyBackend", keyBackend);
        }
        body.put("externalCertificate", externalCertificate);
        if (certificateArn != null) {
            body.put("certificateArn", certificateArn);
        }
        body.put("signatureValidityPeriod", Map.of("value", validity, "type", validityType.name()));
        if (!signingParameters.isEmpty()) {
            body.put("signingParameters", signingParameters);
        }
        NativeProfiles p =
                NativeProfiles.of(new NativeApiClient(client().settings(context)).post("/v1/profiles", body));
        output().print(context.out(), p.toMap(), () -> p.print(context.out()));
        return ExitCode.OK;
    }
}
